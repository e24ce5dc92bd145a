// Stage 1a: text that is not valid YAML. One FR-YAML error per file, with the line, and no config.
import { formatFinding } from "../../../routing/findings";
import { loadConfig } from "../../../routing/config/loader";
import { DEV, TASK_CLASSES, lineOf, onlyFinding, withEdit, withFile } from "./helpers";

describe("loader: YAML syntax", () => {
  test("a broken line is reported with its file and line, and nothing is loaded", () => {
    // GIVEN a task class whose mapping continues on a line indented deeper than its siblings
    const { files, text } = withEdit(TASK_CLASSES, "    latency: high\n", "    latency: high\n      tokenVolume: low\n");
    // WHEN loaded
    const result = loadConfig(files);
    // THEN one FR-YAML error names the file and the offending line, and no config is returned
    expect(result.config).toBeUndefined();
    const f = onlyFinding(result.errors, TASK_CLASSES);
    expect(f).toMatchObject({ rule: "FR-YAML", level: "error", file: TASK_CLASSES, line: lineOf(text, "latency: high") });
    expect(formatFinding(f)).toMatch(
      new RegExp(`^error FR-YAML ${TASK_CLASSES}:${f.line}:\\d+ taskClasses\\[\\d+\\][.\\w]*: invalid YAML: .*\\(expected `),
    );
  });

  test("an unclosed flow list is reported at the line where YAML notices it, next to the opening", () => {
    // GIVEN `skus: [GlobalStandard` without the closing bracket
    const opened = "      skus: [GlobalStandard";
    const { files, text } = withEdit("config/models.yaml", "      skus:\n        - GlobalStandard", opened);
    // WHEN loaded
    const f = onlyFinding(loadConfig(files).errors, "config/models.yaml");
    // THEN the line is the opening line or the one after it, never missing
    expect(f.rule).toBe("FR-YAML");
    expect(f.line).toBeGreaterThanOrEqual(lineOf(text, opened));
    expect(f.line).toBeLessThanOrEqual(lineOf(text, opened) + 1);
    expect(f.message).toMatch(/\]/);
  });

  test("a duplicate key is an error on the line of the second occurrence, not a silent overwrite", () => {
    // GIVEN a deployment that sets capacity twice
    const { files, text } = withEdit(DEV, "        capacity: 10\n", "        capacity: 10\n        capacity: 500\n");
    // WHEN loaded
    const f = onlyFinding(loadConfig(files).errors, DEV);
    // THEN the second `capacity` line is named and the message says keys must be unique
    expect(f).toMatchObject({ rule: "FR-YAML", file: DEV, line: lineOf(text, "capacity: 500") });
    expect(f.message).toMatch(/duplicate key "capacity"/);
  });

  test("a duplicate top-level key is caught too", () => {
    // GIVEN a second `routes:` key at the end of the environment file
    const { files, text } = withEdit(DEV, "routes:\n", "routes: []\nroutes:\n");
    // WHEN loaded
    const f = onlyFinding(loadConfig(files).errors, DEV);
    // THEN the error is on the second routes line
    expect(f).toMatchObject({ rule: "FR-YAML", line: lineOf(text, "routes:\n") });
  });

  test("tab indentation is reported on its line", () => {
    // GIVEN a line indented with a tab
    const { files, text } = withEdit(TASK_CLASSES, "    latency: high", "\tlatency: high");
    // WHEN loaded
    const f = onlyFinding(loadConfig(files).errors, TASK_CLASSES);
    // THEN the tab's line is named
    expect(f).toMatchObject({ rule: "FR-YAML", line: lineOf(text, "\tlatency") });
    expect(f.message).toMatch(/tab/i);
  });

  test("an alias bomb is a clear error, quickly, not a hang or an out-of-memory", () => {
    // GIVEN the "billion laughs": 9 levels of anchors, each a list of 10 aliases of the previous (10^9 leaves)
    const lines = ["lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (let i = 1; i <= 9; i++)
      lines.push(
        `lol${i}: &l${i} [${Array(10)
          .fill(`*l${i - 1}`)
          .join(", ")}]`,
      );
    lines.push("taskClasses: *l9");
    // WHEN loaded
    const started = Date.now();
    const result = loadConfig(withFile(TASK_CLASSES, `${lines.join("\n")}\n`));
    const elapsed = Date.now() - started;
    // THEN a single FR-YAML error about aliases comes back within a second
    const f = onlyFinding(result.errors, TASK_CLASSES);
    expect(f.rule).toBe("FR-YAML");
    expect(f.message).toMatch(/alias/i);
    expect(elapsed).toBeLessThan(1000);
  });

  test("an alias to an anchor that does not exist names the alias", () => {
    // GIVEN `latency: *fast` with no &fast anchor
    const { files } = withEdit(TASK_CLASSES, "    latency: high", "    latency: *fast");
    // WHEN loaded
    const f = onlyFinding(loadConfig(files).errors, TASK_CLASSES);
    // THEN the error is FR-YAML and names the alias
    expect(f.rule).toBe("FR-YAML");
    expect(f.message).toMatch(/alias/i);
    expect(f.message).toContain("fast");
  });

  test("several YAML documents in one file are rejected on the separator line", () => {
    // GIVEN a second document appended after `---`
    const { files, text } = withEdit(TASK_CLASSES, "    complexity: medium\n", "    complexity: medium\n---\nextra: 1\n");
    // WHEN loaded
    const f = onlyFinding(loadConfig(files).errors, TASK_CLASSES);
    // THEN one FR-YAML error on the `---` line
    expect(f).toMatchObject({ rule: "FR-YAML", line: lineOf(text, "---") });
    expect(f.message).toMatch(/one YAML document per file/);
  });

  test("one broken file does not hide errors in another", () => {
    // GIVEN broken YAML in the task classes and a schema error in the environment
    const files = new Map(withEdit(TASK_CLASSES, "    latency: high", "\tlatency: high").files);
    files.set(DEV, (files.get(DEV) as string).replace("capacity: 10", "capacity: ten"));
    // WHEN loaded
    const result = loadConfig(files);
    // THEN both files are reported, in file order
    expect(result.errors.map((f) => [f.file, f.rule])).toEqual([
      [DEV, "FR-SCHEMA"],
      [TASK_CLASSES, "FR-YAML"],
    ]);
  });
});
