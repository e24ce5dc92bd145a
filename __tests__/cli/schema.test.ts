// JSON Schemas for editors: the committed files are current, and they agree with zod on sample documents.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { type z } from "zod";
import { jsonSchemaFiles } from "../../routing/config/json-schema";
import { EnvironmentFile, Evidence, ModelsFile, Sku, TaskClassesFile } from "../../routing/config/schema";
import { check } from "./mini-json-schema";
import { removeTemps, run, tempRoot, validConfig } from "./helpers";

const REPO = join(__dirname, "..", "..");
const SCHEMA_DIR = join(REPO, "schema");

const generated = () => new Map(jsonSchemaFiles().map((f) => [f.fileName, f]));
const schemaOf = (fileName: string) => generated().get(fileName)!.schema;

type Key = string | number;

/** The value at `path` inside a parsed JSON or YAML document; throws when a step is missing. */
function at(doc: unknown, ...path: Key[]): unknown {
  let cur = doc;
  for (const [i, k] of path.entries()) {
    if (typeof cur !== "object" || cur === null || !(k in cur)) throw new Error(`no ${path.slice(0, i + 1).join(".")}`);
    cur = (cur as Record<Key, unknown>)[k];
  }
  return cur;
}

/** The object or array holding the last key of `path`, and that key. */
function parentOf(doc: unknown, path: readonly Key[]): { holder: Record<Key, unknown>; key: Key } {
  const holder = at(doc, ...path.slice(0, -1));
  const key = path[path.length - 1];
  if (typeof holder !== "object" || holder === null || key === undefined) throw new Error(`cannot change ${path.join(".")}`);
  return { holder: holder as Record<Key, unknown>, key };
}

/** A mutation that sets `path` to `value`. */
const set = (path: readonly Key[], value: unknown) => (d: unknown) => {
  const { holder, key } = parentOf(d, path);
  holder[key] = value;
};

/** A mutation that deletes the key at `path`. */
const del = (path: readonly Key[]) => (d: unknown) => {
  const { holder, key } = parentOf(d, path);
  delete holder[key];
};

afterEach(removeTemps);

describe("committed schema/ files", () => {
  test.each(jsonSchemaFiles().map((f) => [f.fileName]))(
    "schema/%s equals a fresh generation (run `foundry-routes schema` after changing routing/config/schema.ts)",
    (fileName) => {
      // GIVEN the committed file and the schema generated from routing/config/schema.ts now
      const committed = readFileSync(join(SCHEMA_DIR, fileName), "utf8");
      // THEN they are identical, byte for byte
      expect(committed).toBe(generated().get(fileName)!.text);
    },
  );

  test("`schema --check` on the repository agrees", async () => {
    const r = await run(["schema", "--check"], { cwd: REPO });
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out).toBe("4 generated files are current (schema/ and the field reference)\n");
  });
});

describe("generated JSON Schemas", () => {
  test("generation is deterministic, 2-space JSON with a trailing newline, with $id, title and draft-07 $schema", () => {
    const a = jsonSchemaFiles();
    const b = jsonSchemaFiles();
    expect(a.map((f) => f.text)).toEqual(b.map((f) => f.text));
    expect(a.map((f) => f.fileName)).toEqual(["environment.schema.json", "models.schema.json", "task-classes.schema.json"]);
    for (const f of a) {
      expect(f.text).toBe(`${JSON.stringify(JSON.parse(f.text), null, 2)}\n`);
      expect(Object.keys(f.schema).slice(0, 4)).toEqual(["$schema", "$id", "title", "description"]);
      expect(f.schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
      expect(f.schema.$id).toBe(`urn:foundry-routes:schema:${f.fileName.replace(".schema.json", "")}`);
    }
    expect(new Set(a.map((f) => f.schema.$id)).size).toBe(a.length);
  });

  test("required keys are zod's required keys on the input side: keys with defaults are optional", () => {
    // GIVEN the environment schema
    const env = schemaOf("environment.schema.json");
    // THEN only resourceGroup and accounts are required at the top, as in zod, where project/backend/routes have defaults
    expect(env.required).toEqual(["resourceGroup", "accounts"]);
    const zodRequired = Object.entries(EnvironmentFile.shape)
      .filter(([, s]) => !(s as z.ZodType).safeParse(undefined).success)
      .map(([k]) => k);
    expect(env.required).toEqual(zodRequired);
    // AND a deployment requires only name and model
    expect(at(env, "properties", "accounts", "items", "properties", "deployments", "items", "required")).toEqual(["name", "model"]);
  });

  test("enum values are zod's enum values", () => {
    const model = at(schemaOf("models.schema.json"), "properties", "models", "items");
    expect(at(model, "properties", "foundry", "properties", "skus", "items", "enum")).toEqual(Sku.options);
    expect(at(model, "properties", "useCase", "properties", "evidence", "enum")).toEqual(Evidence.options);
    const classes = schemaOf("task-classes.schema.json");
    expect(at(classes, "properties", "taskClasses", "items", "properties", "latency", "enum")).toEqual(["low", "medium", "high"]);
  });

  test("no zod-only format names leak into the schemas", () => {
    const formats = JSON.stringify(jsonSchemaFiles().map((f) => f.schema)).match(/"format":"[^"]*"/g) ?? [];
    expect(formats.every((f) => f === '"format":"email"')).toBe(true);
  });
});

describe("JSON Schema and zod agree on sample documents", () => {
  // Each case: a file, a way to break the valid fixture; both zod and the JSON Schema must reject it.
  const fixture = validConfig();
  const doc = (file: string) => parse(fixture[file]!);
  const SCHEMAS = {
    "config/models.yaml": ["models.schema.json", ModelsFile],
    "config/task-classes.yaml": ["task-classes.schema.json", TaskClassesFile],
    "config/environments/dev.yaml": ["environment.schema.json", EnvironmentFile],
  } as const;
  type File = keyof typeof SCHEMAS;

  const agree = (file: File, data: unknown) => {
    const [fileName, zod] = SCHEMAS[file];
    return { zod: (zod as z.ZodType).safeParse(data).success, json: check(schemaOf(fileName), data) };
  };

  test.each(Object.keys(SCHEMAS) as File[])("the valid fixture %s is accepted by both", (file) => {
    const r = agree(file, doc(file));
    expect(r.zod).toBe(true);
    expect(r.json).toEqual([]);
  });

  const broken: [string, File, (d: unknown) => void][] = [
    ["a required key missing (task class description)", "config/task-classes.yaml", del(["taskClasses", 0, "description"])],
    ["an unknown key (tokenVolum)", "config/task-classes.yaml", set(["taskClasses", 0, "tokenVolum"], "low")],
    ["a wrong enum value", "config/task-classes.yaml", set(["taskClasses", 0, "latency"], "extreme")],
    ["an empty list where one item is required", "config/task-classes.yaml", set(["taskClasses"], [])],
    ["a weight as a string", "config/environments/dev.yaml", set(["routes", 0, "targets", 0, "weight"], "100")],
    ["a weight above 100", "config/environments/dev.yaml", set(["routes", 0, "targets", 0, "weight"], 150)],
    ["a fractional capacity", "config/environments/dev.yaml", set(["accounts", 0, "deployments", 0, "capacity"], 1.5)],
    ["a resource group in neither form", "config/environments/dev.yaml", set(["resourceGroup"], { exists: "rg" })],
    ["an unknown backend type", "config/environments/dev.yaml", set(["backend"], { type: "s3" })],
    [
      "a gateway with an unknown key",
      "config/environments/dev.yaml",
      set(["gateway"], { create: true, publisherName: "x", publisherEmail: "a@b.co", extra: 1 }),
    ],
    [
      "a gateway with an invalid e-mail",
      "config/environments/dev.yaml",
      set(["gateway"], { create: true, publisherName: "x", publisherEmail: "nope" }),
    ],
    [
      "a suppression with a short reason",
      "config/environments/dev.yaml",
      set(["suppressions"], [{ rule: "FR-VENDOR-1", reason: "short" }]),
    ],
    ["a non-kebab model id", "config/models.yaml", set(["models", 0, "id"], "GPT_4o")],
    ["an undisclosed fact with a value", "config/models.yaml", set(["models", 0, "architecture", "value"], "moe")],
    ["a disclosed fact without a value", "config/models.yaml", del(["models", 0, "useCase", "value"])],
    [
      "a workspace id that is not a resource id",
      "config/environments/dev.yaml",
      set(["accounts", 0, "logAnalyticsWorkspaceId"], "workspace-1"),
    ],
  ];

  test.each(broken)("%s is rejected by both", (_, file, mutate) => {
    // GIVEN the valid fixture with one mistake
    const data = doc(file);
    mutate(data);
    // WHEN checked by zod and by the JSON Schema
    const r = agree(file, data);
    // THEN both reject it
    expect(r.zod).toBe(false);
    expect(r.json.length).toBeGreaterThan(0);
  });

  const fine: [string, File, (d: unknown) => void][] = [
    [
      "the other resource group form",
      "config/environments/dev.yaml",
      set(["resourceGroup"], { create: true, name: "rg-x", location: "eastus2" }),
    ],
    [
      "an azurerm backend without useOidc (it has a default)",
      "config/environments/dev.yaml",
      set(["backend"], { type: "azurerm", resourceGroupName: "a", storageAccountName: "b", containerName: "c", key: "d" }),
    ],
    ["an existing gateway", "config/environments/dev.yaml", set(["gateway"], { existing: { name: "apim-x", resourceGroupName: "rg-x" } })],
    ["sticky by subscription", "config/environments/dev.yaml", set(["routes", 0, "sticky"], { subscription: true })],
    ["an undisclosed fact without a value", "config/models.yaml", set(["models", 0, "useCase"], { evidence: "undisclosed" })],
    ["a $schema key pointing at the schema", "config/task-classes.yaml", set(["$schema"], "../schema/task-classes.schema.json")],
  ];

  test.each(fine)("%s is accepted by both", (_, file, mutate) => {
    const data = doc(file);
    mutate(data);
    const r = agree(file, data);
    expect(r.zod).toBe(true);
    expect(r.json).toEqual([]);
  });
});

describe("foundry-routes schema", () => {
  test("writes the three files into --out, then reports them unchanged", async () => {
    // GIVEN an empty working directory
    const cwd = tempRoot();
    // WHEN schema is run twice
    const first = await run(["schema", "--out", "out"], { cwd });
    const second = await run(["schema", "--out", "out"], { cwd });
    // THEN the first writes, the second leaves them alone, and the content is the generated text
    expect(first).toMatchObject({ code: 0, err: "" });
    expect(first.out).toBe("wrote out/environment.schema.json\nwrote out/models.schema.json\nwrote out/task-classes.schema.json\n");
    expect(second.out).toBe(
      "unchanged out/environment.schema.json\nunchanged out/models.schema.json\nunchanged out/task-classes.schema.json\n",
    );
    for (const f of jsonSchemaFiles()) expect(readFileSync(join(cwd, "out", f.fileName), "utf8")).toBe(f.text);
  });

  test("defaults to schema/ next to config/ under --config-root", async () => {
    const cwd = tempRoot();
    const r = await run(["--config-root", "repo", "schema"], { cwd });
    expect(r.code).toBe(0);
    expect(r.out).toContain("wrote repo/schema/models.schema.json");
  });

  test("--check exits 1 naming missing and out-of-date files, and writes nothing", async () => {
    // GIVEN generated files, one of them edited by hand, one deleted
    const cwd = tempRoot();
    await run(["schema", "--out", "s"], { cwd });
    writeFileSync(join(cwd, "s", "models.schema.json"), "{}\n");
    rmSync(join(cwd, "s", "task-classes.schema.json"));
    // WHEN checked
    const r = await run(["schema", "--check", "--out", "s"], { cwd });
    // THEN exit 1, each stale file named, and the hand edit is still there
    expect(r.code).toBe(1);
    expect(r.out).toBe(
      's/models.schema.json: out of date\ns/task-classes.schema.json: missing\nrun "foundry-routes schema --out s" to regenerate\n',
    );
    expect(readFileSync(join(cwd, "s", "models.schema.json"), "utf8")).toBe("{}\n");
  });

  test("an unwritable --out is a one-line error, exit 2", async () => {
    // GIVEN --out pointing below a regular file
    const cwd = tempRoot({ "file.txt": "x" });
    // WHEN schema is run
    const r = await run(["schema", "--out", "file.txt/sub"], { cwd });
    // THEN exit 2 with a single line and no stack
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^foundry-routes schema: cannot write schema files to file\.txt\/sub: /);
    expect(r.err.trim().split("\n")).toHaveLength(1);
  });
});
