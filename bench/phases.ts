// Child process for the benchmark: where synth time goes (module loading, reading+parsing, rules, synthesis).
// Usage: node dist/bench/phases.js <project dir> <outdir>; prints one JSON line.
const t0 = process.hrtime.bigint();
const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;

/* eslint-disable @typescript-eslint/no-require-imports -- require() here is what is being timed */
const loader = require("../io/config-files") as typeof import("../io/config-files");
const validation = require("../routing/validate") as typeof import("../routing/validate");
const synth = require("../io/synth") as typeof import("../io/synth");
const requireMs = ms(t0);

const [dir, outdir] = process.argv.slice(2);
if (dir === undefined || outdir === undefined) {
  process.stderr.write("usage: node dist/bench/phases.js <project dir> <outdir>\n");
  process.exit(2);
}

let t = process.hrtime.bigint();
const loaded = loader.loadConfigDir(dir);
const loadMs = ms(t);
t = process.hrtime.bigint();
const result = validation.validateLoaded(loaded);
const validateMs = ms(t);
if (!result.config || result.errors.length > 0) {
  process.stdout.write(`${JSON.stringify({ error: `${result.errors.length} error(s)` })}\n`);
  process.exit(1);
}
t = process.hrtime.bigint();
synth.synthesize(result.config, outdir);
const synthMs = ms(t);
process.stdout.write(
  `${JSON.stringify({ requireMs, loadMs, validateMs, synthMs, totalMs: ms(t0), maxRssKb: process.resourceUsage().maxRSS })}\n`,
);
