// A deliberately small JSON Schema (draft 7) checker for tests only: just the keywords our generated schemas use.
// An unknown keyword throws, so a new zod feature cannot slip through unchecked.
type Schema = Record<string, unknown>;

const ANNOTATIONS = new Set(["$schema", "$id", "title", "description", "default", "format"]);

/** Returns the JSON-pointer-ish paths where `value` breaks `schema`; empty means valid. */
export function check(schema: Schema, value: unknown, path = ""): string[] {
  const errors: string[] = [];
  const fail = (why: string) => errors.push(`${path || "/"}: ${why}`);
  for (const [keyword, arg] of Object.entries(schema)) {
    switch (keyword) {
      case "type":
        if (!hasType(value, arg as string)) fail(`expected ${arg}`);
        break;
      case "enum":
        if (!(arg as unknown[]).some((v) => v === value)) fail(`not in enum`);
        break;
      case "const":
        if (value !== arg) fail(`not ${JSON.stringify(arg)}`);
        break;
      case "pattern":
        if (typeof value === "string" && !new RegExp(arg as string, "u").test(value)) fail(`does not match ${arg}`);
        break;
      case "minLength":
        if (typeof value === "string" && [...value].length < (arg as number)) fail(`shorter than ${arg}`);
        break;
      case "minimum":
        if (typeof value === "number" && value < (arg as number)) fail(`below ${arg}`);
        break;
      case "exclusiveMinimum":
        if (typeof value === "number" && value <= (arg as number)) fail(`not above ${arg}`);
        break;
      case "maximum":
        if (typeof value === "number" && value > (arg as number)) fail(`above ${arg}`);
        break;
      case "minItems":
        if (Array.isArray(value) && value.length < (arg as number)) fail(`fewer than ${arg} items`);
        break;
      case "items":
        if (Array.isArray(value)) value.forEach((v, i) => errors.push(...check(arg as Schema, v, `${path}/${i}`)));
        break;
      case "required":
        if (isObject(value)) for (const k of arg as string[]) if (!(k in value)) fail(`missing ${k}`);
        break;
      case "properties":
        if (isObject(value)) {
          for (const [k, sub] of Object.entries(arg as Record<string, Schema>)) {
            if (k in value) errors.push(...check(sub, value[k], `${path}/${k}`));
          }
        }
        break;
      case "additionalProperties":
        if (isObject(value)) {
          const known = new Set(Object.keys((schema.properties as object | undefined) ?? {}));
          for (const k of Object.keys(value).filter((k) => !known.has(k))) {
            if (arg === false) fail(`unknown key ${k}`);
            else errors.push(...check(arg as Schema, value[k], `${path}/${k}`));
          }
        }
        break;
      case "propertyNames":
        if (isObject(value)) for (const k of Object.keys(value)) errors.push(...check(arg as Schema, k, `${path}/${k}(name)`));
        break;
      case "anyOf":
        if (!(arg as Schema[]).some((s) => check(s, value, path).length === 0)) fail("no anyOf branch matches");
        break;
      case "oneOf":
        if ((arg as Schema[]).filter((s) => check(s, value, path).length === 0).length !== 1) fail("not exactly one oneOf branch matches");
        break;
      case "not":
        if (check(arg as Schema, value, path).length === 0) fail("matches `not`");
        break;
      case "if": {
        const branch = check(arg as Schema, value, path).length === 0 ? schema.then : schema.else;
        if (branch) errors.push(...check(branch as Schema, value, path));
        break;
      }
      case "then":
      case "else":
        break;
      default:
        if (!ANNOTATIONS.has(keyword)) throw new Error(`mini-json-schema: unsupported keyword ${keyword} at ${path || "/"}`);
    }
  }
  return errors;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function hasType(v: unknown, type: string): boolean {
  switch (type) {
    case "object":
      return isObject(v);
    case "array":
      return Array.isArray(v);
    case "integer":
      return Number.isInteger(v);
    case "number":
      return typeof v === "number";
    case "null":
      return v === null;
    default:
      return typeof v === type;
  }
}
