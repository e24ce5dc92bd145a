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

  test("a misspelt required key is ONE finding: the unknown key, naming the key it meant", () => {
    // GIVEN tokenVolum instead of tokenVolume (a required key, so zod also reports tokenVolume missing)
    const { files, text } = withEdit(TASK_CLASSES, "tokenVolume: medium", "tokenVolum: medium");
    // WHEN loaded
    const errors = loadConfig(files).errors;
    // THEN exactly one error, at the misspelt key's line, says what it probably meant and what is allowed
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      rule: "FR-SCHEMA",
      file: TASK_CLASSES,
      path: "taskClasses[0].tokenVolum",
      line: lineOf(text, "tokenVolum:"),
    });
    expect(errors[0]?.message).toMatch(
      /^unknown key "tokenVolum" \(did you mean "tokenVolume"\? It is required here; expected one of id, description, latency, tokenVolume/,
    );
  });

  test("a key in the wrong case is one finding too", () => {
    // GIVEN Region instead of region on an account
    const { files, text } = withEdit(DEV, "    region: eastus2", "    Region: eastus2");
    // WHEN loaded
    const f = onlyFinding(loadConfig(files).errors, DEV);
    // THEN the key as typed is named, with the key it meant
    expect(f).toMatchObject({ path: "accounts[0].Region", line: lineOf(text, "Region:") });
    expect(f.message).toContain('did you mean "region"?');
  });

  test("a misspelt key under a union is one finding about that key, not the one it replaced", () => {
    // GIVEN a created gateway with publisherEmal instead of publisherEmail (gateway is create | existing)
    const gateway = "gateway:\n  create: true\n  publisherName: Platform\n  publisherEmal: x@example.com\n";
    const { files, text } = withEdit(DEV, "accounts:", `${gateway}accounts:`);
    // WHEN loaded
    const f = onlyFinding(loadConfig(files).errors, DEV);
    // THEN the finding is at the misspelt key, naming the key it meant
    expect(f).toMatchObject({ path: "gateway.publisherEmal", line: lineOf(text, "publisherEmal:") });
    expect(f.message).toMatch(/^unknown key "publisherEmal" \(did you mean "publisherEmail"\? It is required here;/);
  });

  test("a missing key that nothing misspells is still reported as missing, and two misspellings are two findings", () => {
    // GIVEN a task class without tokenVolume and a deployment with two misspelt keys
    const gone = withEdit(TASK_CLASSES, "    tokenVolume: medium\n", "");
    const two = withEdit(DEV, "capacity: 10", "capcity: 10\n        raiPolicyy: x");
    // WHEN loaded
    const missing = onlyFinding(loadConfig(gone.files).errors, TASK_CLASSES);
    const errors = loadConfig(two.files).errors;
    // THEN the first is "missing", the second names each unknown key on its own line
    expect(missing.message).toMatch(/expected one of "low", "medium", "high", but found nothing \(the key is missing\)/);
    expect(errors.map((f) => f.path)).toEqual(["accounts[0].deployments[0].capcity", "accounts[0].deployments[0].raiPolicyy"]);
    expect(errors.map((f) => /did you mean "(\w+)"/.exec(f.message)?.[1])).toEqual(["capacity", "raiPolicy"]);
  });

  test("a number that breaks two bounds is one finding, with the field's own bound", () => {
    // GIVEN a capacity of 1e23: over 10000 and over 2^53
    const { files } = withEdit(DEV, "capacity: 10", "capacity: 99999999999999999999999");
    // WHEN loaded
    const f = onlyFinding(loadConfig(files).errors, DEV);
    // THEN one finding with the maximum of 10000
    expect(f.message).toBe("expected at most 10000, but found number 1e+23");
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

describe("loader: values Azure, APIM or a reviewer would not accept", () => {
  const suppression = (reason: string, extra = "") =>
    withEdit(DEV, "routes:", `suppressions:\n  - rule: FR-VENDOR-1\n    reason: ${reason}\n${extra}routes:`);

  test.each(["xxxxxxxxxxxx", "TODO TODO TODO", "asdf asdf asdf asdf", '"..........----------"'])(
    "a suppression reason of %j is refused: a reason is words",
    (reason) => {
      // GIVEN a reason that passes the length check but says nothing
      const { files, text } = suppression(reason);
      // WHEN loaded
      const f = onlyFinding(loadConfig(files).errors, DEV);
      // THEN one finding at the reason
      expect(f).toMatchObject({ path: "suppressions[0].reason", line: lineOf(text, "reason:") });
      expect(f.message).toMatch(
        /^expected a reason in words \(at least three different words, not a placeholder such as TODO or xxx\), but found /,
      );
    },
  );

  test("a real reason loads, in any script", () => {
    expect(loadConfig(suppression("only OpenAI passed the vision evaluation").files).errors).toEqual([]);
    expect(loadConfig(suppression("開発環境ではチャットだけを試験する").files).errors).toEqual([]);
  });

  test("an empty subjects list is refused (it would match nothing)", () => {
    const { files } = suppression("only OpenAI passed the vision evaluation", "    subjects: []\n");
    const f = onlyFinding(loadConfig(files).errors, DEV);
    expect(f).toMatchObject({ path: "suppressions[0].subjects" });
    expect(f.message).toBe("expected at least one subject (leave subjects out to cover every finding of the rule), but found 0 item(s)");
  });

  test("an empty tag name is refused", () => {
    const { files } = withEdit(DEV, "accounts:", 'tags:\n  "": x\naccounts:');
    const f = onlyFinding(loadConfig(files).errors, DEV);
    expect(f.path).toBe('tags[""]');
    expect(f.message).toBe('expected a tag name of at least one character, but found the key ""');
  });

  test("an account SKU is one azurerm accepts", () => {
    const { files } = withEdit(DEV, "    region: eastus2", "    region: eastus2\n    sku: S9");
    const f = onlyFinding(loadConfig(files).errors, DEV);
    expect(f.path).toBe("accounts[0].sku");
    expect(f.message).toMatch(/^expected one of "C2", .*"S0".*, but found "S9"$/);
  });

  test.each(['"@(context.Request.Url)"', '"{{secret}}"', '"api://x <y/>"'])(
    "an audience %s is refused before it reaches the policy",
    (audience) => {
      // GIVEN an access block whose audience APIM would read as an expression, a named value or markup
      const { files } = withEdit(
        DEV,
        "accounts:",
        `access:\n  tenantId: 11111111-2222-3333-4444-555555555555\n  audiences: [${audience}]\naccounts:`,
      );
      // WHEN loaded
      const f = onlyFinding(loadConfig(files).errors, DEV);
      // THEN the schema refuses it at the audience
      expect(f.path).toBe("access.audiences[0]");
      expect(f.message).toMatch(/^expected an application ID URI such as api:\/\/foundry-routes-prod or a client id/);
    },
  );
});
