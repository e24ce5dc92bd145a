// `telemetry kql`: the usage-record query names every column, in order, for each form; bad requests exit 2.
import { join } from "node:path";
import { captureIo } from "../../cli/io";
import { runCli } from "../../cli/run";
import { AGGREGATE_COLUMNS, USAGE_COLUMNS, kqlString, usageQuery } from "../../routing/telemetry/kql";

const root = join(__dirname, "..", "..");
async function cli(...argv: string[]) {
  const io = captureIo(root);
  const code = await runCli(["--config-root", root, ...argv], io);
  return { code, out: io.out(), err: io.err() };
}

/** The columns of the query's last `project`. */
const projected = (kql: string) =>
  kql
    .split("\n")
    .filter((l) => l.startsWith("| project "))
    .pop()!
    .slice("| project ".length)
    .split(", ");

describe("telemetry kql", () => {
  test("GIVEN prod WHEN the per-request query is printed THEN it projects exactly the usage-record columns", async () => {
    const r = await cli("telemetry", "kql", "--env", "prod");
    expect(r.code).toBe(0);
    expect(projected(r.out)).toEqual([...USAGE_COLUMNS]);
    // AND it reads both gateway APIs and joins the LLM log on CorrelationId
    expect(r.out).toContain('| where ApiId in ("fr-prod-chat-completions", "fr-prod-anthropic-messages")');
    expect(r.out).toContain("| join kind=leftouter tokens on CorrelationId");
    expect(r.out).toContain("let since = ago(30d);");
  });

  test("GIVEN --aggregate --days 7 WHEN printed THEN one row per day and key with requests and sums", async () => {
    const r = await cli("telemetry", "kql", "--env", "prod", "--aggregate", "--days", "7");
    expect(r.code).toBe(0);
    expect(projected(r.out)).toEqual([...AGGREGATE_COLUMNS]);
    expect(r.out).toContain(
      "by day = startofday(time), environment, consumer, task_class, deployment, model, routing_version, fallback, status",
    );
    expect(r.out).toContain("let since = ago(7d);");
  });

  test.each([
    [["telemetry", "kql", "--env", "nope"], 'unknown environment "nope"'],
    [["telemetry", "kql", "--env", "prod", "--days", "0"], "--days must be a whole number from 1 to 730"],
    [["telemetry", "sql", "--env", "prod"], "needs a subcommand: telemetry kql"],
    [["telemetry", "kql"], "--env"],
  ])("GIVEN %j WHEN run THEN exit 2 with one clear line", async (argv, words) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err.split("\n")[0]).toContain(words);
  });

  test("names from config are KQL string literals, never query text", () => {
    expect(kqlString('a"b\\c')).toBe('"a\\"b\\\\c"');
    const q = usageQuery({ environment: 'x" | take 1 //', apiIds: ["api"] });
    expect(q).toContain('environment = "x\\" | take 1 //",');
  });
});
