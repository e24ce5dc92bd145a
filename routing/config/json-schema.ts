// JSON Schemas of the config files, generated from the zod schemas so editors can complete and check YAML.
// zod stays the source of truth: the loader validates with zod; these files are a convenience, kept current by a test.
import { z } from "zod";
import { Evidence, EnvironmentFile, ModelsFile, TaskClassesFile } from "./schema";

/** One generated schema file. */
export interface JsonSchemaFile {
  /** File name inside the schema directory, e.g. models.schema.json. */
  readonly fileName: string;
  /** Config files the schema describes, for the title and docs. */
  readonly describes: string;
  /** The JSON Schema document. */
  readonly schema: Record<string, unknown>;
  /** Stable text: 2-space JSON and a trailing newline. */
  readonly text: string;
}

/** Base of every `$id`; a URN because the schemas are not published at any URL. */
const SCHEMA_ID_BASE = "urn:foundry-routes:schema:";

const FILES: readonly { fileName: string; describes: string; title: string; zod: z.ZodType }[] = [
  { fileName: "environment.schema.json", describes: "config/environments/<env>.yaml", title: "foundry-routes environment", zod: EnvironmentFile },
  { fileName: "models.schema.json", describes: "config/models.yaml", title: "foundry-routes model catalog", zod: ModelsFile },
  { fileName: "task-classes.schema.json", describes: "config/task-classes.yaml", title: "foundry-routes task classes", zod: TaskClassesFile },
];

/** All schema files, sorted by file name. Pure and deterministic. */
export function jsonSchemaFiles(): JsonSchemaFile[] {
  return FILES.map((f) => {
    const generated = z.toJSONSchema(f.zod, {
      // Input side: keys with defaults are optional, as they are in the YAML.
      io: "input",
      // Draft 7: the YAML extension of VS Code (yaml-language-server) validates draft 7, not 2020-12.
      target: "draft-07",
      override: ({ jsonSchema }) => {
        dropNonstandardFormat(jsonSchema as Record<string, unknown>);
        addFactCondition(jsonSchema as Record<string, unknown>);
      },
    }) as Record<string, unknown>;
    const { $schema, ...rest } = generated;
    const schema: Record<string, unknown> = {
      $schema,
      $id: `${SCHEMA_ID_BASE}${f.fileName.replace(/\.schema\.json$/, "")}`,
      title: f.title,
      description: `Shape of ${f.describes}. Generated from routing/config/schema.ts by \`foundry-routes schema\`; do not edit.`,
      ...rest,
    };
    return { fileName: f.fileName, describes: f.describes, schema, text: `${JSON.stringify(schema, null, 2)}\n` };
  });
}

/**
 * zod's superRefine on a vendor fact (value present iff evidence is not `undisclosed`) has no JSON Schema form
 * of its own; restate it as if/then/else so editors flag the same mistake the loader does.
 * A fact is recognised by its shape: exactly the keys value, evidence, source, with evidence the Evidence enum.
 */
function addFactCondition(json: Record<string, unknown>): void {
  const props = json.properties as Record<string, { enum?: unknown[] }> | undefined;
  if (!props || json.type !== "object") return;
  const keys = Object.keys(props).sort();
  if (keys.join(",") !== "evidence,source,value") return;
  const evidence = props.evidence?.enum;

  if (!Array.isArray(evidence) || [...evidence].sort().join(",") !== [...Evidence.options].sort().join(",")) return;
  json.if = { properties: { evidence: { const: "undisclosed" } }, required: ["evidence"] };
  json.then = { not: { required: ["value"] } };
  json.else = { required: ["value"] };
}

/** Formats draft 7 defines; validators in strict mode reject any other. */
const DRAFT7_FORMATS = new Set([
  "date-time", "date", "time", "email", "idn-email", "hostname", "idn-hostname", "ipv4", "ipv6",
  "uri", "uri-reference", "iri", "iri-reference", "uri-template", "json-pointer", "relative-json-pointer", "regex",
]);

/** zod writes `format: "starts_with"` next to the equivalent `pattern`; the pattern alone says it in standard terms. */
function dropNonstandardFormat(json: Record<string, unknown>): void {
  if (typeof json.format === "string" && !DRAFT7_FORMATS.has(json.format) && typeof json.pattern === "string") delete json.format;
}
