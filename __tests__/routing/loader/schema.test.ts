// Stage 1b: valid YAML of the wrong shape. Each error names file, YAML path and line, and says what was
// expected and what was found.
import { formatFinding } from "../../../routing/findings";
import { loadConfig } from "../../../routing/config/loader";
import { DEV, MODELS, TASK_CLASSES, lineOf, onlyFinding, withEdit, withFile } from "./helpers";

/** The asserted minimum of every shape error: where (file, path, line) and what (expected vs found). */
function expectExplained(text: string, f: ReturnType<typeof onlyFinding>, where: { file: string; path: string; lineOf: string }) {
  expect(f).toMatchObject({ rule: "FR-SCHEMA", level: "error", file: where.file, path: where.path, line: lineOf(text, where.lineOf) });
  expect(f.message).toMatch(/expected/);
  expect(f.message).toMatch(/found/);
  // The one-line form carries all of it.
  expect(formatFinding(f)).toContain(`${where.file}:${f.line}:${f.column} ${where.path}: `);
}

describe("loader: shape errors", () => {
  test("a wrong type names the expected type and the value found", () => {
    // GIVEN provenanceRequired: "nope" where a boolean belongs
    const { files, text } = withEdit(TASK_CLASSES, "provenanceRequired: false", "provenanceRequired: nope");
    // WHEN loaded
    const f = onlyFinding(loadConfig(files).errors, TASK_CLASSES);
    // THEN the path, line and both sides are in the message
    expectExplained(text, f, { file: TASK_CLASSES, path: "taskClasses[0].provenanceRequired", lineOf: "provenanceRequired" });
    expect(f.message).toContain("boolean");
    expect(f.message).toContain('"nope"');
  });

  test("a weight written as a string is a type error, not coerced", () => {
    // GIVEN weight: "100" (quoted)
    const { files, text } = withEdit(DEV, "weight: 100", 'weight: "100"');
    // WHEN loaded
    const f = onlyFinding(loadConfig(files).errors, DEV);
    // THEN the number is expected and the string is shown as found
    expectExplained(text, f, { file: DEV, path: "routes[0].targets[0].weight", lineOf: "weight:" });
    expect(f.message).toContain("number");
    expect(f.message).toContain('"100"');
  });

  test("a weight out of range names the bound", () => {
    // GIVEN weight: 150 (the maximum is 100 percent)
    const { files, text } = withEdit(DEV, "weight: 100", "weight: 150");
    // WHEN loaded
    const f = onlyFinding(loadConfig(files).errors, DEV);
    // THEN "at most 100" and the value found are in the message
    expectExplained(text, f, { file: DEV, path: "routes[0].targets[0].weight", lineOf: "weight:" });
    expect(f.message).toMatch(/at most 100/);
    expect(f.message).toContain("150");
  });

  test("a misspelt key is reported as unknown, on its own line, next to the now-missing real key", () => {
    // GIVEN tokenVolum instead of tokenVolume
    const { files, text } = withEdit(TASK_CLASSES, "tokenVolume: medium", "tokenVolum: medium");
    // WHEN loaded
    const errors = loadConfig(files).errors;
    // THEN one error names the unknown key at its line, and one says the real key is missing
    const unknown = errors.find((f) => f.path === "taskClasses[0].tokenVolum");
    expect(unknown).toMatchObject({ rule: "FR-SCHEMA", file: TASK_CLASSES, line: lineOf(text, "tokenVolum:") });
    expect(unknown?.message).toMatch(/unknown key "tokenVolum"/);
    const missing = errors.find((f) => f.path === "taskClasses[0].tokenVolume");
    expect(missing?.message).toMatch(/expected .*found nothing \(the key is missing\)/);
    expect(errors).toHaveLength(2);
  });

  test("an unknown key deep in an environment is caught (objects are strict)", () => {
    // GIVEN capacty instead of capacity on a deployment
    const { files, text } = withEdit(DEV, "capacity: 10", "capacty: 10");
    // WHEN loaded
    const f = onlyFinding(loadConfig(files).errors, DEV);
    // THEN the unknown key's own path and line are given (capacity has a default, so nothing is "missing")
    expect(f).toMatchObject({ path: "accounts[0].deployments[0].capacty", line: lineOf(text, "capacty") });
    expect(f.message).toContain('"capacty"');
  });

  test("a wrong enum value lists the allowed values", () => {
    // GIVEN latency: extreme
    const { files, text } = withEdit(TASK_CLASSES, "latency: high", "latency: extreme");
    // WHEN loaded
    const f = onlyFinding(loadConfig(files).errors, TASK_CLASSES);
    // THEN every allowed value and the value found appear
    expectExplained(text, f, { file: TASK_CLASSES, path: "taskClasses[0].latency", lineOf: "latency:" });
    for (const allowed of ["low", "medium", "high"]) expect(f.message).toContain(`"${allowed}"`);
    expect(f.message).toContain('"extreme"');
  });

  test("a wrong discriminator lists the allowed kinds", () => {
    // GIVEN backend type s3, which is no Terraform backend this tool writes
    const { files, text } = withEdit(DEV, "routes:\n", "backend:\n  type: s3\nroutes:\n");
    // WHEN loaded
    const f = onlyFinding(loadConfig(files).errors, DEV);
    // THEN local, azurerm and cloud are offered
    expectExplained(text, f, { file: DEV, path: "backend.type", lineOf: "type: s3" });
    expect(f.message).toMatch(/"local", "azurerm", "cloud"/);
  });

  test("a missing required key points at the enclosing item's line", () => {
    // GIVEN a task class without a description
    const { files, text } = withEdit(TASK_CLASSES, "    description: Interactive chat\n", "");
    // WHEN loaded
    const f = onlyFinding(loadConfig(files).errors, TASK_CLASSES);
    // THEN the path names the missing key and the line is that of the list item that lacks it
    expectExplained(text, f, { file: TASK_CLASSES, path: "taskClasses[0].description", lineOf: "id: chat" });
    expect(f.message).toMatch(/expected string, but found nothing \(the key is missing\)/);
  });

  test("a missing required top-level list is reported at the document", () => {
    // GIVEN an environment without accounts
    const text = "resourceGroup:\n  existing: rg-foundry-dev\n";
    // WHEN loaded
    const f = onlyFinding(loadConfig(withFile(DEV, text)).errors, DEV);
    // THEN the path is `accounts` and the message says it is missing
    expect(f).toMatchObject({ rule: "FR-SCHEMA", path: "accounts", line: lineOf(text, "resourceGroup") });
    expect(f.message).toMatch(/expected .*found nothing \(the key is missing\)/);
  });

  test("an empty file says an empty value was found where a mapping was expected", () => {
    // GIVEN an empty task-classes file, and one holding only a comment
    for (const text of ["", "# to be written\n"]) {
      // WHEN loaded
      const f = onlyFinding(loadConfig(withFile(TASK_CLASSES, text)).errors, TASK_CLASSES);
      // THEN one FR-SCHEMA error for the whole file
      expect(f).toMatchObject({ rule: "FR-SCHEMA", file: TASK_CLASSES, path: "" });
      expect(f.message).toMatch(/expected a mapping, but found null/);
    }
  });

  test("a list where a mapping belongs is described as a list", () => {
    // GIVEN task classes written as a bare list
    const f = onlyFinding(loadConfig(withFile(TASK_CLASSES, "- chat\n- batch\n")).errors, TASK_CLASSES);
    // THEN the found value is described, not dumped
    expect(f.message).toMatch(/expected a mapping, but found a list of 2 item\(s\)/);
  });

  test("an empty list where items are required says how many were found", () => {
    // GIVEN `taskClasses: []`
    const text = "taskClasses: []\n";
    const f = onlyFinding(loadConfig(withFile(TASK_CLASSES, text)).errors, TASK_CLASSES);
    // THEN at least one item is expected and 0 were found
    expectExplained(text, f, { file: TASK_CLASSES, path: "taskClasses", lineOf: "[]" });
    expect(f.message).toMatch(/at least 1 item\(s\), but found 0 item\(s\)/);
  });

  test("a vendor fact that is undisclosed but carries a value is rejected at the value", () => {
    // GIVEN architecture marked undisclosed yet given a value
    const { files, text } = withEdit(
      MODELS,
      "    architecture:\n      evidence: undisclosed",
      "    architecture:\n      value: moe\n      evidence: undisclosed",
    );
    // WHEN loaded
    const f = onlyFinding(loadConfig(files).errors, MODELS);
    // THEN the path is the value and the message says how to fix it
    expect(f).toMatchObject({ path: "models[0].architecture.value", line: lineOf(text, "value: moe") });
    expect(f.message).toMatch(/undisclosed fact must not carry a value/);
    expect(f.message).toContain('"moe"');
  });

  test("a union that matches no form reports the closest form's problem", () => {
    // GIVEN resourceGroup with a misspelt `exists` key
    const { files, text } = withEdit(DEV, "existing: rg-foundry-dev", "exists: rg-foundry-dev");
    // WHEN loaded
    const f = onlyFinding(loadConfig(files).errors, DEV);
    // THEN it is placed inside resourceGroup and says no allowed form matched
    expect(f.path.startsWith("resourceGroup")).toBe(true);
    expect(f.line).toBeGreaterThanOrEqual(lineOf(text, "resourceGroup"));
    expect(f.message).toMatch(/no allowed form matched/);
  });

  test("errors in several places of one file are all reported, in line order", () => {
    // GIVEN two bad values in the task classes
    const base = withEdit(TASK_CLASSES, "latency: high", "latency: extreme").text.replace("complexity: medium", "complexity: 3");
    // WHEN loaded
    const errors = loadConfig(withFile(TASK_CLASSES, base)).errors;
    // THEN both come back, sorted by line
    expect(errors.map((f) => f.path)).toEqual(["taskClasses[0].latency", "taskClasses[0].complexity"]);
    expect(errors[0]!.line).toBeLessThan(errors[1]!.line as number);
  });
});
