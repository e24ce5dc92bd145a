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

/** Runs `f` and returns its value with the milliseconds it took. */
function timed<T>(f: () => T): [T, number] {
  const t = process.hrtime.bigint();
  const value = f();
  return [value, ms(t)];
}

const [loaded, loadMs] = timed(() => loader.loadConfigDir(dir));
const [result, validateMs] = timed(() => validation.validateLoaded(loaded));
if (!result.config || result.errors.length > 0) {
  process.stdout.write(`${JSON.stringify({ error: `${result.errors.length} error(s)` })}\n`);
  process.exit(1);
}
const config = result.config;
const [, synthMs] = timed(() => synth.synthesize(config, outdir));
process.stdout.write(
  `${JSON.stringify({ requireMs, loadMs, validateMs, synthMs, totalMs: ms(t0), maxRssKb: process.resourceUsage().maxRSS })}\n`,
);
