// Stage 0: which files make a config. Read from disk, so the directory layout itself is under test.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfigDir } from "../../../io/config-files";
import { DEV, MODELS, TASK_CLASSES, tempCopyOfValid } from "./helpers";

describe("loader: config files on disk", () => {
  let root: string;
  let cleanup: () => void;
  beforeEach(() => ({ root, cleanup } = tempCopyOfValid()));
  afterEach(() => cleanup());

  test("an environment file named Prod.yml is refused by name (exit 2), saying .yml is not read", () => {
    // GIVEN a second environment file with an upper-case name and a .yml extension
    writeFileSync(join(root, "config/environments/Prod.yml"), "resourceGroup: { existing: rg-prod }\n");
    // WHEN loaded THEN reading refuses that file by name and says what is allowed
    expect(() => loadConfigDir(root)).toThrow(/config\/environments\/Prod\.yml: .*end in \.yaml, but found "Prod\.yml"/);
  });

  test("a missing models.yaml is one error naming the file", () => {
    // GIVEN no config/models.yaml
    rmSync(join(root, MODELS));
    // WHEN loaded
    const result = loadConfigDir(root);
    // THEN exactly that file is reported missing
    expect(result.config).toBeUndefined();
    expect(result.errors).toEqual([expect.objectContaining({ rule: "FR-SCHEMA", file: MODELS, path: "" })]);
    expect(result.errors[0]!.message).toMatch(/file not found \(expected it to exist\)/);
  });

  test("a missing task-classes.yaml is reported the same way", () => {
    // GIVEN no config/task-classes.yaml
    rmSync(join(root, TASK_CLASSES));
    // WHEN loaded
    const result = loadConfigDir(root);
    // THEN one error for that file
    expect(result.errors.map((f) => f.file)).toEqual([TASK_CLASSES]);
  });

  test("no environment files at all is an error on the environments directory", () => {
    // GIVEN an empty config/environments/
    rmSync(join(root, DEV));
    // WHEN loaded
    const result = loadConfigDir(root);
    // THEN one error says at least one <env>.yaml is expected
    expect(result.errors).toEqual([expect.objectContaining({ file: "config/environments" })]);
    expect(result.errors[0]!.message).toMatch(/expected at least one <env>\.yaml/);
  });

  test("several environments load sorted by name, each named after its file", () => {
    // GIVEN prod and staging environments next to dev (copies of it)
    const dev = readFileSync(join(root, DEV), "utf8");
    writeFileSync(join(root, "config/environments/staging.yaml"), dev);
    writeFileSync(join(root, "config/environments/prod.yaml"), dev);
    // WHEN loaded
    const result = loadConfigDir(root);
    // THEN names come from file names, in order
    expect(result.errors).toEqual([]);
    expect(result.config?.environments.map((e) => [e.name, e.file])).toEqual([
      ["dev", "config/environments/dev.yaml"],
      ["prod", "config/environments/prod.yaml"],
      ["staging", "config/environments/staging.yaml"],
    ]);
  });

  test("a sub-directory inside environments/ is refused by name, never ignored", () => {
    // GIVEN config/environments/old/ (a directory)
    mkdirSync(join(root, "config/environments/old"));
    // WHEN loaded THEN reading refuses it, naming the folder
    expect(() => loadConfigDir(root)).toThrow(/config\/environments\/old: .*a folder under config\/environments\//);
  });

  test("a directory without config/ reports every required file as missing (the CLI turns this into exit 2)", () => {
    // GIVEN a root with no config/ at all
    rmSync(join(root, "config"), { recursive: true });
    // WHEN loaded
    const result = loadConfigDir(root);
    // THEN catalog, task classes and environments are each reported once
    expect(result.errors.map((f) => f.file)).toEqual(["config/environments", MODELS, TASK_CLASSES]);
  });
});
