// docs/config-reference.md's field reference is generated from the zod schema's descriptions and kept current.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FIELD_REFERENCE_BEGIN, fieldReference, fieldRows, withFieldReference } from "../../../routing/config/field-reference";
import { jsonSchemaFiles } from "../../../routing/config/json-schema";

const doc = readFileSync(join(__dirname, "..", "..", "..", "docs", "config-reference.md"), "utf8");

describe("field reference", () => {
  test("GIVEN the committed reference WHEN regenerated THEN it is unchanged (run `foundry-routes schema` otherwise)", () => {
    expect(doc).toContain(FIELD_REFERENCE_BEGIN);
    expect(withFieldReference(doc)).toBe(doc);
  });

  test("every field of every config file has a description, so editors show hover text", () => {
    const missing = jsonSchemaFiles().flatMap((f) => fieldRows(f).filter((r) => r.description === "").map((r) => `${f.fileName}: ${r.path}`));
    expect(missing).toEqual([]);
  });

  test("a schema change shows up as a stale reference", () => {
    // GIVEN the reference generated from a schema without one field's description
    const files = jsonSchemaFiles();
    const env = files.find((f) => f.fileName === "environment.schema.json")!;
    const props = env.schema.properties as Record<string, { description?: string }>;
    const changed = { ...env, schema: { ...env.schema, properties: { ...props, project: { ...props.project, description: "changed" } } } };
    const other = fieldReference(files.map((f) => (f === env ? changed : f)));
    // THEN the committed document no longer matches it
    expect(withFieldReference(doc, other)).not.toBe(doc);
    expect(other).toContain("| `project` |");
  });
});
