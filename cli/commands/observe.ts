// foundry-routes observe: what the gateway did (usage records) against what the routing declared, and its real cost.
import { parsePointInTime, walkHistory, type AuditHistory } from "../../routing/audit";
import { loadConfig } from "../../routing/config/loader";
import { usageCost } from "../../routing/evidence/cost";
import { versionIndex } from "../../routing/evidence/declared";
import { DEFAULT_FALLBACK_THRESHOLD, observe as observeUsage } from "../../routing/evidence/observe";
import { RENDERERS } from "../../routing/evidence/render";
import { readConfigFiles } from "../../io/config-files";
import { GitError } from "../../io/git";
import { readUsage } from "../../io/usage";
import { resolve } from "node:path";
import { UsageError, unknownEnvironment } from "../args";
import { CliError, EXIT, defineCommand } from "../command";
import { auditStep } from "./history";

export const observe = defineCommand({
  name: "observe",
  summary: "Compare real usage (gateway telemetry) with the declared routing: splits, fallbacks, latency, drift, cost",
  usage:
    "observe --usage FILE [--env NAME] [--since DATE] [--until DATE] [--format table|json|md] [--cost] [--fallback-threshold PERCENT] [--ref REF]",
  description: [
    "Reads usage records (CSV, JSON, JSON lines or Parquet; raw, one row per request, or aggregated per day) with",
    "DuckDB and reports per environment and task class: the declared split (the routing of each record's",
    "routing_version, found in the first-parent git history of REF, else in the working tree's config), the observed",
    "split, fallback rate, status mix, p50/p95 duration, tokens and top consumers. Drift findings: a target's share",
    "outside |p̂ - p| > 3.29·sqrt(p(1-p)/n) + 1 point (error; warning for sticky routes), a deployment the routing",
    "never names (error), a routing version no commit produced (error), a task class the routing does not route",
    "(warning), a fallback rate significantly over the threshold (warning). --cost adds catalog prices × real",
    "tokens per environment, class, deployment, consumer and day; a model without a price stays unknown.",
    "A bad usage file (missing column, bad value) is reported with its rows and columns and nothing else is shown.",
    "Exit status: 0 no error-level finding, 1 drift errors or a bad usage file, 2 usage or git error. See docs/evidence.md.",
  ].join("\n"),
  options: {
    usage: { type: "string", valueName: "FILE", description: "usage records: .csv, .json, .jsonl/.ndjson or .parquet; required" },
    env: { type: "string", valueName: "NAME", description: "only this environment" },
    since: { type: "string", valueName: "DATE", description: "only records at or after this ISO date/date-time (UTC)" },
    until: { type: "string", valueName: "DATE", description: "only records at or before this ISO date/date-time (a date: its end)" },
    format: { type: "string", choices: ["table", "json", "md"], default: "table", description: "output format" },
    cost: { type: "boolean", description: "add the cost from real usage (catalog prices × tokens)" },
    "fallback-threshold": {
      type: "string",
      valueName: "PERCENT",
      default: String(DEFAULT_FALLBACK_THRESHOLD * 100),
      description: "fallback rate over which a class is flagged",
    },
    ref: {
      type: "string",
      valueName: "REF",
      description: "revision whose first-parent history declares the routing versions (default: HEAD, skipped outside git)",
    },
  },
  async run(args, io) {
    const o = args.options;
    if (o.usage === undefined) throw new UsageError("missing option --usage (expected --usage FILE, e.g. --usage usage.csv)");
    const threshold = Number(o["fallback-threshold"]);
    if (!/^\d+(\.\d+)?$/.test(o["fallback-threshold"]) || threshold > 100) {
      throw new UsageError(`option --fallback-threshold expected a percentage from 0 to 100, but found "${o["fallback-threshold"]}"`);
    }
    const since = o.since === undefined ? undefined : auditStep(() => parsePointInTime(o.since!, "start-of-day")).epoch;
    const until = o.until === undefined ? undefined : auditStep(() => parsePointInTime(o.until!, "end-of-day")).epoch;

    const files = readConfigFiles(args.configRoot);
    const loaded = loadConfig(files);
    if (!loaded.config)
      io.stderr(
        `observe: the working tree's config does not load (${loaded.errors.length} error(s); run validate): only git history declares routing\n`,
      );
    if (o.env !== undefined && loaded.config && !loaded.config.environments.some((e) => e.name === o.env)) {
      throw unknownEnvironment(
        o.env,
        loaded.config.environments.map((e) => e.name),
      );
    }
    if (o.cost && !loaded.config)
      throw new CliError("--cost needs the catalog prices of config/models.yaml, but the config does not load (run validate)", EXIT.usage);

    const history = openOptionalHistory(args.configRoot, o.ref);
    const index = versionIndex(history, loaded.config);
    const data = await readUsage(resolve(io.cwd, o.usage), { since, until, environment: o.env }, o.usage);
    const result = observeUsage(data, index, { environment: o.env, fallbackThreshold: threshold / 100 });
    const cost = o.cost ? usageCost(data.rows, loaded.config!.catalog.models) : undefined;
    const renderer = RENDERERS.find((r) => r.format === o.format)!;
    io.stdout(renderer.render({ result, cost }));
    return result.findings.some((f) => f.level === "error") ? EXIT.findings : EXIT.ok;
  },
});

/** The history of REF; without --ref, HEAD's, or none when the config root is not in a git repository (or has no commits). */
function openOptionalHistory(configRoot: string, ref: string | undefined): AuditHistory | undefined {
  if (ref !== undefined) return walkHistory(configRoot, ref);
  try {
    return walkHistory(configRoot, "HEAD");
  } catch (e) {
    if (e instanceof GitError) return undefined;
    throw e;
  }
}
