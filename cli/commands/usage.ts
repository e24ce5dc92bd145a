// foundry-routes usage sample: deterministic sample usage records for the config, as CSV (tests, README, bench).
import { resolve } from "node:path";
import { loadConfig } from "../../routing/config/loader";
import { SAMPLE_DEFAULTS, sampleUsage } from "../../routing/evidence/sample";
import { readConfigFiles } from "../../io/config-files";
import { writeSampleCsv } from "../../io/usage-sample";
import { UsageError } from "../args";
import { CliError, EXIT, defineCommand } from "../command";

export const usage = defineCommand({
  name: "usage sample",
  summary: "Write deterministic sample usage records for the config",
  usage: "usage sample --out FILE [--records N] [--seed N] [--start DATE]",
  description: [
    "Generates usage records as the gateway's telemetry writes them, for the environments of config/: 30 days,",
    "weekday/weekend and hour-of-day shapes, classes in proportion to each environment's traffic profile, targets",
    "chosen by the gateway's own resolver (FNV buckets for sticky routes), a few fallbacks, and two planted",
    "problems for `observe` to find: one class's split off its weights in the busiest environment and three days",
    "of an unknown routing version in another. Same config and options = the same file, byte for byte.",
    "Exit status: 0 written, 2 usage error or unloadable config.",
  ].join("\n"),
  options: {
    out: { type: "string", valueName: "FILE", description: "CSV file to write; required" },
    records: { type: "string", valueName: "N", default: String(SAMPLE_DEFAULTS.records), description: "number of records" },
    seed: { type: "string", valueName: "N", default: String(SAMPLE_DEFAULTS.seed), description: "PRNG seed" },
    start: { type: "string", valueName: "DATE", default: SAMPLE_DEFAULTS.start, description: "first day (UTC), YYYY-MM-DD" },
  },
  run(args, io) {
    const o = args.options;
    if (o.out === undefined) throw new UsageError("missing option --out (expected --out FILE, e.g. --out usage.csv)");
    const whole = (name: string, v: string) => {
      if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)))
        throw new UsageError(`option --${name} expected a whole number, but found "${v}"`);
      return Number(v);
    };
    const records = whole("records", o.records);
    const seed = whole("seed", o.seed);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(o.start) || Number.isNaN(Date.parse(`${o.start}T00:00:00Z`))) {
      throw new UsageError(`option --start expected a date YYYY-MM-DD, but found "${o.start}"`);
    }
    const loaded = loadConfig(readConfigFiles(args.configRoot));
    if (!loaded.config) throw new CliError(`config/ does not load (${loaded.errors.length} error(s)); run validate`, EXIT.usage);
    const plan = sampleUsage(loaded.config, { records, seed, start: o.start });
    const n = writeSampleCsv(plan, resolve(io.cwd, o.out));
    const lines = [
      `wrote ${n.toLocaleString("en-US")} usage records to ${o.out} (${plan.days[0]} to ${plan.days[plan.days.length - 1]}, seed ${seed})`,
    ];
    for (const [env, v] of Object.entries(plan.versions)) lines.push(`  ${env}: routing version ${v}`);
    const d = plan.planted.drift;
    if (d) {
      const w = (m: Readonly<Record<string, number>>) =>
        Object.entries(m)
          .map(([k, x]) => `${k} ${x}%`)
          .join(" / ");
      lines.push(`  planted drift: ${d.environment} ${d.taskClass} served ${w(d.generated)} (declared ${w(d.declared)})`);
    }
    const u = plan.planted.unknownVersion;
    if (u) lines.push(`  planted unknown routing version: ${u.environment} ${u.routingVersion} on ${u.days.join(", ")}`);
    io.stdout(lines.join("\n") + "\n");
    return EXIT.ok;
  },
});
