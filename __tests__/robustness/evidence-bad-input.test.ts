// Bad usage files are normal input: one message naming the file, the rows and the column, expected vs found; exit 1.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { STACK_FRAME, removeTemps, run, tempRoot } from "../cli/helpers";
import { asRecord, load, sampleFiles } from "../../fixtures/builder";
import { routingVersion } from "../../routing/table/hash";
import { routingTable } from "../../routing/table/table";
import { duckdb, sql } from "../evidence/helpers";

const HEADER =
  "time,environment,consumer,task_class,deployment,model,routing_version,fallback,status,prompt_tokens,completion_tokens,duration_ms";
// The sample's prod routing version, so a good row is declared routing whatever the sample's routes are.
const sample = load(sampleFiles());
const PROD_VERSION = routingVersion(
  routingTable(
    sample,
    sample.environments.find((e) => e.name === "prod")!,
  ),
);
const GOOD = `2026-07-01T10:00:00Z,prod,ide-plugin,autocomplete,eus2/gpt-4o-mini,gpt-4o-mini@2024-07-18,${PROD_VERSION},false,200,100,10,300`;

let root: string;
beforeAll(() => {
  root = tempRoot(asRecord(sampleFiles()));
});
afterAll(removeTemps);

async function observeFile(name: string, text: string) {
  const f = join(root, name);
  writeFileSync(f, text);
  return run(["observe", "--usage", name, "--format", "json"], { cwd: root });
}

/** Replaces one column of the GOOD row. */
function row(column: string, value: string): string {
  const cols = HEADER.split(",");
  const cells = GOOD.split(",");
  cells[cols.indexOf(column)] = value;
  return cells.join(",");
}

describe("observe refuses a bad usage file", () => {
  test("a misspelt column is named with the column it probably meant", async () => {
    // GIVEN prompt_tokens spelt promt_tokens WHEN observed THEN exit 1, the file and both names, nothing on stdout
    const r = await observeFile("typo.csv", `${HEADER.replace("prompt_tokens", "promt_tokens")}\n${GOOD}\n`);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain(
      'typo.csv: missing column prompt_tokens (a non-negative number); found column "promt_tokens": did you mean prompt_tokens?',
    );
    expect(r.err).not.toMatch(STACK_FRAME);
  });

  test("a missing column without a near match lists the columns found", async () => {
    // GIVEN no duration_ms column WHEN observed THEN exit 1 naming it and the columns the file has
    const r = await observeFile("short.csv", `${HEADER.replace(",duration_ms", "")}\n${GOOD.replace(/,300$/, "")}\n`);
    expect(r.code).toBe(1);
    expect(r.err).toContain("short.csv: missing column duration_ms (a non-negative number)");
    expect(r.err).toContain("(columns found: time, environment,");
  });

  test.each([
    ["time", "yesterday", 'row 2 (line 3), column time: expected an ISO-8601 date-time, e.g. 2026-07-01T09:30:00Z, found "yesterday"'],
    ["prompt_tokens", "-5", 'row 2 (line 3), column prompt_tokens: expected a non-negative number, found "-5"'],
    ["status", "OK", 'row 2 (line 3), column status: expected an HTTP status code (integer 100-599), found "OK"'],
    ["fallback", "maybe", 'row 2 (line 3), column fallback: expected true or false, found "maybe"'],
    ["routing_version", "v1", 'row 2 (line 3), column routing_version: expected 12 hex digits, as in x-routing-version, found "v1"'],
    ["completion_tokens", "", "row 2 (line 3), column completion_tokens: expected a non-negative number, found an empty value"],
  ])("a bad %s value is reported with its row, line and column", async (column, value, message) => {
    // GIVEN a good row then a row with one bad value WHEN observed THEN exit 1 with that row, column, expected and found
    const r = await observeFile(`bad-${column}.csv`, `${HEADER}\n${GOOD}\n${row(column, value)}\n`);
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain(`bad-${column}.csv: 1 row(s) with bad values; nothing was read:`);
    expect(r.err).toContain(message);
  });

  test("many bad rows: the count, and the first five in file order, every bad column of each", async () => {
    // GIVEN 8 bad rows, the first with two bad values WHEN observed THEN 8 counted, rows 2-6 shown, both columns of row 2
    const bad = Array.from({ length: 8 }, (_, i) => row("status", `x${i}`));
    bad[0] = row("status", "x0").replace(",100,10,", ",-1,10,");
    const r = await observeFile("many.csv", `${HEADER}\n${GOOD}\n${bad.join("\n")}\n`);
    expect(r.code).toBe(1);
    expect(r.err).toContain("many.csv: 8 row(s) with bad values (the first 5 shown); nothing was read:");
    const shown = r.err.split("\n").filter((l) => l.startsWith("  row "));
    expect(shown.map((l) => l.split(",")[0]!.trim())).toEqual([
      "row 2 (line 3)",
      "row 2 (line 3)",
      "row 3 (line 4)",
      "row 4 (line 5)",
      "row 5 (line 6)",
      "row 6 (line 7)",
    ]);
    expect(shown[0]).toContain("column status");
    expect(shown[1]).toContain('column prompt_tokens: expected a non-negative number, found "-1"');
  });

  test("a bad value in JSON lines names the record", async () => {
    // GIVEN JSON lines whose second record has a negative duration WHEN observed THEN "row 2", no line number
    const rec = (d: number) =>
      JSON.stringify({
        time: "2026-07-01T10:00:00Z",
        environment: "prod",
        consumer: "c",
        task_class: "autocomplete",
        deployment: "eus2/gpt-4o-mini",
        model: "gpt-4o-mini@2024-07-18",
        routing_version: PROD_VERSION,
        fallback: false,
        status: 200,
        prompt_tokens: 1,
        completion_tokens: 1,
        duration_ms: d,
      });
    const r = await observeFile("bad.jsonl", `${rec(10)}\n${rec(-3)}\n`);
    expect(r.code).toBe(1);
    expect(r.err).toContain('row 2, column duration_ms: expected a non-negative number, found "-3"');
  });

  test("a bad value in Parquet is found the same way", async () => {
    // GIVEN a Parquet file written by DuckDB with a status of 42 WHEN observed THEN its row and column
    const csv = join(root, "p.csv");
    writeFileSync(csv, `${HEADER}\n${GOOD}\n${row("status", "42")}\n`);
    await duckdb(`COPY (SELECT * FROM read_csv(${sql(csv)}, header = true)) TO ${sql(join(root, "bad.parquet"))} (FORMAT parquet)`);
    const r = await run(["observe", "--usage", "bad.parquet"], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.err).toContain('row 2, column status: expected an HTTP status code (integer 100-599), found "42"');
  });

  test("a file that is not what its extension says is exit 2 with one line", async () => {
    // GIVEN a .json file that is not JSON WHEN observed THEN exit 2, "cannot read it", no stack
    const r = await observeFile("broken.json", "{ not json");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/broken\.json: cannot read it: /);
    expect(r.err).not.toMatch(STACK_FRAME);
  });

  test("a missing file and an unknown extension are usage errors (exit 2)", async () => {
    // GIVEN no such file / a .txt file WHEN observed THEN exit 2 naming the problem
    const missing = await run(["observe", "--usage", "nope.csv"], { cwd: root });
    expect([missing.code, missing.err]).toEqual([
      2,
      "foundry-routes observe: nope.csv: no such file (expected a usage records file: CSV, JSON, JSON lines or Parquet)\n",
    ]);
    writeFileSync(join(root, "u.txt"), HEADER);
    const txt = await run(["observe", "--usage", "u.txt"], { cwd: root });
    expect(txt.code).toBe(2);
    expect(txt.err).toContain('u.txt: cannot tell the format from ".txt" (expected .csv, .json, .jsonl, .ndjson, .parquet)');
  });

  test("unknown task classes and environments are findings, not crashes", async () => {
    // GIVEN a record for an environment no config has and one for an unrouted class WHEN observed THEN findings, exit 1
    const r = await observeFile("odd.csv", `${HEADER}\n${row("environment", "staging")}\n${row("task_class", "poetry")}\n`);
    const out = JSON.parse(r.out);
    expect(out.findings.map((f: { rule: string; environment: string }) => [f.rule, f.environment])).toEqual([
      ["FR-OBS-VERSION", "staging"],
      ["FR-OBS-CLASS", "prod"],
    ]);
    expect(out.findings[0].message).toContain('environment "staging" is in no known config');
    expect(r.code).toBe(1);
  });
});
