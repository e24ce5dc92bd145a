// Stage 1 of validation: parse config files (read from disk or a git revision by io/), check shape with zod.
// Stage 2 (meaning) is routing/validate.ts.
import type { z } from "zod";
import { EXIT, UserError } from "../errors";
import { type Finding, type YamlPath, formatPath, oneLine, sortFindings } from "../findings";
import { type CatalogModel, EnvironmentFile, ModelsFile, type TaskClass, TaskClassesFile } from "./schema";
import { type SourceFile, parseYaml } from "./source";
import { checkStrings } from "./strings";
import { decodeConfigBytes } from "./encoding";
import { nearest } from "../naming/edit-distance";

export const CONFIG_DIR = "config";
export const MODELS_FILE = `${CONFIG_DIR}/models.yaml`;
export const TASK_CLASSES_FILE = `${CONFIG_DIR}/task-classes.yaml`;
export const ENVIRONMENTS_DIR = `${CONFIG_DIR}/environments`;

export interface Environment {
  /** From the file name: config/environments/prod.yaml is `prod`. */
  readonly name: string;
  readonly file: string;
  readonly spec: EnvironmentFile;
}

export interface RoutingConfig {
  readonly catalog: { readonly file: string; readonly models: readonly CatalogModel[] };
  readonly taskClasses: { readonly file: string; readonly classes: readonly TaskClass[] };
  /** Sorted by name. */
  readonly environments: readonly Environment[];
  /** Parsed sources, for line numbers. */
  readonly sources: ReadonlyMap<string, SourceFile>;
}

/** What git holds at a config path that is not a file's bytes: a symbolic link or a submodule, never followed. */
export interface RefusedFile {
  /** Why it is not read, e.g. "a symbolic link in the commit". */
  readonly refused: string;
}

/**
 * A config file's content: text (read from disk and decoded there), raw bytes (a git blob, decoded and size-checked
 * by the loader so a bad revision is a finding, not an abort), or what stood there instead of a file.
 */
export type ConfigFileContent = string | Uint8Array | RefusedFile;

/** Config files by repository-relative POSIX path, e.g. {"config/models.yaml": "…"}. */
export type ConfigFiles = ReadonlyMap<string, ConfigFileContent>;

export interface LoadResult {
  readonly config?: RoutingConfig;
  /** Parse and shape errors; when non-empty, `config` is undefined. */
  readonly errors: readonly Finding[];
}

/** A config file that cannot or must not be read (permissions, a link out of the repository, bad encoding): exit 2. */
export class UnreadableConfigError extends UserError {
  constructor(
    readonly file: string,
    reason: string,
    readonly line?: number,
  ) {
    // The file name is the user's too: a newline in it must not start a second line of the message.
    super(oneLine(`${line === undefined ? file : `${file}:${line}`}: cannot read (${reason})`), EXIT.usage);
  }
}

const ENVIRONMENT_FILE = new RegExp(`^${ENVIRONMENTS_DIR}/([a-z0-9]+(?:-[a-z0-9]+)*)\\.yaml$`);

/** config/environments/<kebab-case>.yaml is environment <kebab-case>; any other path gives undefined. */
export function environmentNameOf(file: string): string | undefined {
  return ENVIRONMENT_FILE.exec(file)?.[1];
}

/** One file's parse and shape check, by path and text. */
export interface ParsedFile {
  readonly source?: SourceFile;
  /** The schema's output when the file parsed and had the right shape. */
  readonly value?: unknown;
  readonly errors: readonly Finding[];
}

/**
 * Parsed files by path and text (the key is parseKey's). Pass the same cache (a Map will do) to loadConfig calls
 * that share most files (the audit walk loads every revision of a history, and a commit usually changes one file);
 * results must not be mutated.
 */
export interface ParseCache {
  get(key: string): ParsedFile | undefined;
  set(key: string, parsed: ParsedFile): void;
}

/** A parse cache's key for a file's text: its path and its text, which a path cannot contain (no NUL). */
export function parseKey(file: string, text: string): string {
  return `${file}\0${text}`;
}

/** The file of a parseKey key. */
export function fileOfParseKey(key: string): string {
  return key.slice(0, key.indexOf("\0"));
}

export function loadConfig(files: ConfigFiles, cache?: ParseCache): LoadResult {
  // config itself a file (at a git revision): one finding, not one per file that is then missing.
  const top = files.get(CONFIG_DIR);
  if (top !== undefined) {
    const why = typeof top === "string" || top instanceof Uint8Array ? `a file where the ${CONFIG_DIR}/ directory was expected` : top.refused;
    return { errors: [unreadable(CONFIG_DIR, why)] };
  }
  const errors: Finding[] = [];
  const sources = new Map<string, SourceFile>();

  function parse<S extends z.ZodType>(file: string, schema: S): z.infer<S> | undefined {
    const content = files.get(file);
    if (content === undefined) {
      errors.push({ rule: "FR-SCHEMA", level: "error", file, path: "", message: "file not found (expected it to exist)" });
      return undefined;
    }
    const text = textOf(file, content);
    if (typeof text !== "string") {
      errors.push(text);
      return undefined;
    }
    const key = parseKey(file, text);
    let done = cache?.get(key);
    if (!done) {
      const parsed = parseYaml(file, text);
      const refused = parsed.source ? checkStrings(parsed.source) : [];
      const result = parsed.source && refused.length === 0 ? schema.safeParse(parsed.source.data) : undefined;
      done = {
        source: parsed.source,
        value: result?.success ? result.data : undefined,
        errors: [
          ...parsed.errors,
          ...refused,
          ...(parsed.source && result && !result.success ? zodFindings(parsed.source, result.error.issues, schema) : []),
        ],
      };
      cache?.set(key, done);
    }
    errors.push(...done.errors);
    if (done.source) sources.set(file, done.source);
    return done.value as z.infer<S> | undefined;
  }

  const models = parse(MODELS_FILE, ModelsFile);
  const classes = parse(TASK_CLASSES_FILE, TaskClassesFile);
  const environments: Environment[] = [];
  // The disk reader refuses anything else under config/ before loading; a git revision is checked here.
  for (const file of [...files.keys()].sort()) {
    if (file === MODELS_FILE || file === TASK_CLASSES_FILE || file.startsWith(`${ENVIRONMENTS_DIR}/`)) continue;
    errors.push({
      rule: "FR-SCHEMA",
      level: "error",
      file,
      path: "",
      message: oneLine(
        `unexpected file under ${CONFIG_DIR}/ (expected only ${MODELS_FILE}, ${TASK_CLASSES_FILE} and ${ENVIRONMENTS_DIR}/<env>.yaml)`,
      ),
    });
  }
  const envFiles = [...files.keys()].filter((f) => f.startsWith(`${ENVIRONMENTS_DIR}/`)).sort();
  for (const file of envFiles) {
    const base = file.slice(ENVIRONMENTS_DIR.length + 1);
    const name = environmentNameOf(file);
    if (name === undefined) {
      errors.push({
        rule: "FR-SCHEMA",
        level: "error",
        file,
        path: "",
        message: oneLine(`environment file names must be <kebab-case-name>.yaml, but ${JSON.stringify(base)} was found`),
      });
      continue;
    }
    const spec = parse(file, EnvironmentFile);
    if (spec) environments.push({ name, file, spec });
  }
  if (envFiles.length === 0) {
    errors.push({ rule: "FR-SCHEMA", level: "error", file: ENVIRONMENTS_DIR, path: "", message: "no environment files found (expected at least one <env>.yaml)" });
  }
  if (errors.length > 0 || !models || !classes) return { errors: sortFindings(errors) };
  return {
    config: {
      catalog: { file: MODELS_FILE, models: models.models },
      taskClasses: { file: TASK_CLASSES_FILE, classes: classes.taskClasses },
      environments,
      sources,
    },
    errors: [],
  };
}

/** The text of a file, or the finding that says why it has none (bytes that are not UTF-8, a link, a submodule). */
function textOf(file: string, content: ConfigFileContent): string | Finding {
  if (typeof content === "string") return content;
  if (!(content instanceof Uint8Array)) return unreadable(file, content.refused);
  const decoded = decodeConfigBytes(content);
  return "text" in decoded ? decoded.text : unreadable(file, decoded.problem, decoded.line);
}

/** A file the loader cannot read, as the one finding about it (the disk reader throws UnreadableConfigError instead). */
function unreadable(file: string, why: string, line?: number): Finding {
  return { rule: "FR-YAML", level: "error", file, path: "", line, message: oneLine(`cannot read (${why})`) };
}

// ---- zod issues → findings that say what was expected and what was found ----

interface Issue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly expected?: string;
  readonly keys?: readonly string[];
  readonly values?: readonly unknown[];
  readonly errors?: readonly (readonly Issue[])[];
  /** invalid_key: what was wrong with the mapping key. */
  readonly issues?: readonly Issue[];
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly origin?: string;
  readonly inclusive?: boolean;
  readonly note?: string;
  readonly discriminator?: string;
  readonly options?: readonly unknown[];
  readonly format?: string;
}

/**
 * Schema issues as findings, one per problem: a misspelt key is ONE finding (the unknown key, with the key it most
 * likely meant) instead of "unknown key" plus "missing key"; a value that breaks several checks at once (an integer
 * both over the field's maximum and over 2^53) is one finding at its path, the tightest bound.
 */
export function zodFindings(source: SourceFile, issues: readonly Issue[], schema?: z.ZodType): Finding[] {
  return describeAll(source.data, issues, schema, []).map(({ path, message }) => {
    const pos = source.position(path);
    return {
      rule: "FR-SCHEMA",
      level: "error" as const,
      file: source.file,
      path: formatPath(path),
      line: pos?.line,
      column: pos?.column,
      message: oneLine(message),
    };
  });
}

interface Described {
  readonly path: YamlPath;
  readonly message: string;
}

const full = (prefix: YamlPath, p: readonly PropertyKey[]): YamlPath => [...prefix, ...p.map((x) => (typeof x === "number" ? x : String(x)))];

/** Whether `path` names a key that is absent from its mapping (not one that is present with an empty value). */
function isAbsent(root: unknown, path: YamlPath): boolean {
  const parent = valueAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  return parent !== null && typeof parent === "object" && !Array.isArray(parent) && key !== undefined && !Object.hasOwn(parent, key);
}

/** The key `typed` was most likely meant to be: the same but for case, or one or two edits away. */
function meantKey(typed: string, candidates: readonly string[]): string | undefined {
  const same = candidates.find((c) => c.toLowerCase() === typed.toLowerCase());
  if (same !== undefined) return same;
  return nearest(typed, candidates, typed.length <= 4 ? 1 : 2);
}

function describeAll(root: unknown, issues: readonly Issue[], schema: z.ZodType | undefined, prefix: YamlPath): Described[] {
  // Required keys reported missing, by mapping: a misspelling of one of them is reported once, as the unknown key.
  const missing = new Map<string, { key: string; issue: Issue }[]>();
  for (const issue of issues) {
    const path = full(prefix, issue.path);
    if (issue.code === "unrecognized_keys" || path.length === 0 || !isAbsent(root, path)) continue;
    const at = formatPath(path.slice(0, -1));
    missing.set(at, [...(missing.get(at) ?? []), { key: String(path[path.length - 1]), issue }]);
  }
  const replaced = new Set<Issue>();
  const out: Described[] = [];
  for (const issue of issues) {
    if (issue.code !== "unrecognized_keys") continue;
    const at = full(prefix, issue.path);
    const known = knownKeys(schemaAt(schema, root, prefix, issue.path));
    const open = missing.get(formatPath(at)) ?? [];
    for (const key of issue.keys ?? []) {
      const partner = meantKey(
        key,
        open.filter((m) => !replaced.has(m.issue)).map((m) => m.key),
      );
      const near = partner ?? meantKey(key, known);
      if (partner !== undefined) for (const m of open) if (m.key === partner) replaced.add(m.issue);
      const expected = known.length > 0 ? `expected one of ${known.join(", ")}` : "check the spelling against docs/config-reference.md";
      out.push({
        path: [...at, key],
        message: `unknown key ${describe(key)} (${near === undefined ? "" : `did you mean "${near}"?${partner === undefined ? "" : " It is required here;"} `}${expected})`,
      });
    }
  }
  // One finding per path: the first issue, or the tightest bound when a number breaks several.
  const byPath = new Map<string, Issue>();
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys" || replaced.has(issue)) continue;
    const at = formatPath(full(prefix, issue.path));
    const seen = byPath.get(at);
    if (seen === undefined || tighter(issue, seen)) byPath.set(at, issue);
  }
  for (const issue of byPath.values()) out.push(describeIssue(root, issue, prefix, undefined, schema));
  return out;
}

/** Whether `a` is the more useful of two bounds broken by one value (the field's own maximum, not 2^53). */
function tighter(a: Issue, b: Issue): boolean {
  if (a.code !== b.code) return false;
  if (a.code === "too_big") return Number(a.maximum) < Number(b.maximum);
  if (a.code === "too_small") return Number(a.minimum) > Number(b.minimum);
  return false;
}

type AnySchema = z.ZodType & { readonly def: Record<string, unknown> & { readonly type: string } };

/**
 * The schema of the value at `prefix + rel` in `root`, following objects, lists, records and wrappers; at a union,
 * the option that fits the data (its discriminator, or the most keys in common).
 */
function schemaAt(
  schema: z.ZodType | undefined,
  root: unknown,
  prefix: YamlPath,
  rel: readonly PropertyKey[],
  keepUnion = false,
): z.ZodType | undefined {
  let current = unwrap(schema, valueAt(root, prefix), keepUnion && rel.length === 0);
  const path = [...prefix];
  for (const seg of rel) {
    path.push(typeof seg === "number" ? seg : String(seg));
    if (current === undefined) return undefined;
    const def = (current as AnySchema).def;
    let next: unknown;
    if (def.type === "object") next = (def.shape as Record<string, z.ZodType>)[String(seg)];
    else if (def.type === "array") next = def.element;
    else if (def.type === "record") next = def.valueType;
    current = unwrap(next as z.ZodType | undefined, valueAt(root, path), keepUnion && path.length === prefix.length + rel.length);
  }
  return current;
}

/** Through optional, default, nullable, pipe and union wrappers to the schema that checks `value`. */
function unwrap(schema: z.ZodType | undefined, value: unknown, keepUnion = false): z.ZodType | undefined {
  let s = schema as AnySchema | undefined;
  for (let i = 0; s !== undefined && i < 20; i++) {
    const def = s.def;
    if (["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"].includes(def.type)) s = def.innerType as AnySchema;
    else if (def.type === "pipe") s = def.in as AnySchema;
    else if (def.type === "lazy") s = (def.getter as () => AnySchema)();
    else if (def.type === "union" && !keepUnion) s = bestOption(def.options as AnySchema[], def.discriminator as string | undefined, value);
    else break;
  }
  return s;
}

function bestOption(options: readonly AnySchema[], discriminator: string | undefined, value: unknown): AnySchema | undefined {
  const data = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  let best: AnySchema | undefined;
  let bestScore = -1;
  for (const o of options) {
    const keys = knownKeys(unwrap(o, value));
    let score = Object.keys(data).filter((k) => keys.includes(k)).length;
    const field = discriminator !== undefined ? ((unwrap(o, value) as AnySchema | undefined)?.def.shape as Record<string, AnySchema> | undefined)?.[discriminator] : undefined;
    const literal = (field?.def.values as unknown[] | undefined)?.[0];
    if (discriminator !== undefined && literal !== undefined && data[discriminator] === literal) score += 1000;
    if (score > bestScore) {
      best = o;
      bestScore = score;
    }
  }
  return best;
}

/** The keys an object schema allows, in declaration order; none for anything else. */
function knownKeys(schema: z.ZodType | undefined): string[] {
  const def = (schema as AnySchema | undefined)?.def;
  return def?.type === "object" ? Object.keys(def.shape as object) : [];
}

function describeIssue(root: unknown, issue: Issue, prefix: YamlPath, key?: string, schema?: z.ZodType): Described {
  const path: YamlPath = [...prefix, ...issue.path.map((p) => (typeof p === "number" ? p : String(p)))];
  // A mapping key (a tag name) is checked as a value of its own: describe the key, not the value under it.
  const found = key ?? valueAt(root, path);
  const shown = (v: unknown) => (key === undefined ? describe(v) : `the key ${describe(v)}`);
  switch (issue.code) {
    case "invalid_key": {
      const inner = issue.issues?.[0];
      const name = String(path[path.length - 1]);
      if (!inner) return { path, message: `expected a valid key, but found ${describe(name)}` };
      return { path, message: describeIssue(root, inner, path, name, schema).message };
    }
    case "invalid_type": {
      if (issue.expected === "number" && typeof found === "number") return { path, message: `expected a finite number, but found ${shown(found)}` };
      const expected = issue.expected === "object" ? "a mapping" : issue.expected === "array" ? "a list" : issue.expected;
      return { path, message: `expected ${expected}, but found ${shown(found)}` };
    }
    case "invalid_format":
      // A pattern with its own message ("expected a kebab-case id …") says more than "a value in regex format".
      if (issue.format === "regex" && issue.message.startsWith("expected ")) return { path, message: `${issue.message}, but found ${shown(found)}` };
      return { path, message: `expected ${issue.format === "email" ? "an email address" : `a value in ${issue.format} format`}, but found ${shown(found)}` };
    case "unrecognized_keys": {
      const keys = issue.keys ?? [];
      return {
        path: keys.length === 1 && keys[0] !== undefined ? [...path, keys[0]] : path,
        message: `unknown key${keys.length > 1 ? "s" : ""} ${keys.map((k) => `"${k}"`).join(", ")} (check the spelling against docs/config-reference.md)`,
      };
    }
    case "invalid_value":
      return { path, message: `expected one of ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(", ")}, but found ${shown(found)}` };
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const word = issue.code === "too_small" ? "at least" : "at most";
      const what =
        issue.origin === "array" ? `${word} ${bound} item(s)` : issue.origin === "string" ? `${word} ${bound} character(s)` : `${issue.inclusive === false ? (issue.code === "too_small" ? "more than" : "less than") : word} ${bound}`;
      const f =
        issue.origin === "array" && Array.isArray(found)
          ? `${found.length} item(s)`
          : issue.origin === "string" && typeof found === "string" && found.length > 80
            ? `${shown(found)} (${found.length} characters)`
            : shown(found);
      // A bound with its own words ("expected an acknowledgement of at least 20 characters saying who checked what").
      if (issue.message.startsWith("expected ")) return { path, message: `${issue.message}, but found ${f}` };
      return { path, message: `expected ${what}, but found ${f}` };
    }
    case "invalid_union": {
      if (issue.discriminator || issue.note === "No matching discriminator") {
        const options = (issue.options ?? []).map((o) => JSON.stringify(o)).join(", ");
        return { path, message: `expected one of ${options}, but found ${shown(found)}` };
      }
      // Report the variant that came closest (fewest problems once misspellings are folded), so the message is
      // actionable: `publisherNme` under `create: true` is one unknown key, not "publisherName is missing".
      const union = schemaAt(schema, root, prefix, issue.path, true) as AnySchema | undefined;
      const options = union?.def.type === "union" ? (union.def.options as z.ZodType[]) : [];
      const branches = (issue.errors ?? [])
        .map((b, i) => describeAll(root, b, options[i], path))
        .filter((b) => b.length > 0)
        .sort((a, b) => a.length - b.length);
      const first = branches[0]?.[0];
      if (!first) return { path, message: `expected a valid value, but found ${shown(found)}` };
      return { path: first.path, message: `${first.message} (no allowed form matched; this is the closest)` };
    }
    default:
      return { path, message: `${lowerFirst(issue.message)}, but found ${shown(found)}` };
  }
}

function valueAt(root: unknown, path: YamlPath): unknown {
  let v: unknown = root;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

function describe(v: unknown): string {
  if (v === undefined) return "nothing (the key is missing)";
  if (v === null) return "null (an empty value)";
  if (Array.isArray(v)) return `a list of ${v.length} item(s)`;
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return oneLine(JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v));
  // As YAML writes them: `.inf`, `-.inf`, `.nan`.
  if (typeof v === "number" && !Number.isFinite(v)) return Number.isNaN(v) ? ".nan" : v > 0 ? ".inf" : "-.inf";
  return `${typeof v} ${String(v)}`;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
