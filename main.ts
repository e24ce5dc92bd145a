// The cdktf app: `node dist/main.js` (cdktf.json runs it after the build).
// Loads and validates config/ in the working directory; on any error prints the findings and writes nothing.
// Otherwise synthesizes into a temporary directory and swaps it into place, so a failure mid-synth leaves the
// previous cdktf.out as it was. Under the cdktf CLI (CDKTF_OUTDIR set) it writes into the CLI's directory.
import { existsSync, renameSync, rmSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { formatFinding } from "./routing/findings";
import { CONFIG_DIR, UnreadableConfigError } from "./routing/config/loader";
import { EXIT, UserError } from "./routing/errors";
import { loadConfigDir } from "./io/config-files";
import { stackOutputPath, synthesize } from "./io/synth";
import { validateLoaded } from "./routing/validate";

/** Where synth writes when not run by the cdktf CLI. */
export const OUTDIR = "cdktf.out";

function main(): number {
  const cwd = process.cwd();
  if (!existsSync(join(cwd, CONFIG_DIR))) {
    process.stderr.write(`error: no ${CONFIG_DIR}/ directory in ${cwd} (run from the repository root)\n`);
    return 2;
  }
  let loaded;
  try {
    loaded = loadConfigDir(cwd);
  } catch (e) {
    if (!(e instanceof UnreadableConfigError)) throw e;
    process.stderr.write(`${e.problems.map((p) => `error: ${p}`).join("\n")}\nnothing was written\n`);
    return 2;
  }
  const result = validateLoaded(loaded);
  for (const f of result.findings) process.stderr.write(`${formatFinding(f)}\n`);
  if (result.errors.length > 0 || !result.config) {
    const n = result.errors.length;
    process.stderr.write(`synth stopped: ${n} error${n === 1 ? "" : "s"} in ${CONFIG_DIR}/; nothing was written\n`);
    return 1;
  }

  const cliOutdir = process.env.CDKTF_OUTDIR;
  let outdir: string;
  let summary;
  if (cliOutdir) {
    // The cdktf CLI owns this directory (it creates and cleans it).
    outdir = cliOutdir;
    summary = synthesize(result.config, outdir);
  } else {
    outdir = OUTDIR;
    const target = join(cwd, OUTDIR);
    const tmp = join(cwd, `.${OUTDIR}.tmp-${process.pid}`);
    const old = join(cwd, `.${OUTDIR}.old-${process.pid}`);
    rmSync(tmp, { recursive: true, force: true });
    try {
      summary = synthesize(result.config, tmp);
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
    // Swap: keep the old output until the new one is in place, then drop it.
    const hadOld = existsSync(target);
    if (hadOld) renameSync(target, old);
    try {
      renameSync(tmp, target);
    } catch (e) {
      if (hadOld) renameSync(old, target);
      rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
    if (hadOld) rmSync(old, { recursive: true, force: true });
  }

  const shown = isAbsolute(outdir) ? relative(cwd, outdir) || "." : outdir;
  const where = shown.startsWith("..") ? outdir : shown;
  const names = summary.stacks.map((s) => s.name).join(", ");
  process.stdout.write(
    `synthesized ${names} → ${join(where, stackOutputPath())} (${summary.resources} resource${summary.resources === 1 ? "" : "s"})\n`,
  );
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  if (e instanceof UserError) {
    process.stderr.write(
      `${e.message
        .split("\n")
        .map((l) => `error: ${l}`)
        .join("\n")}\nsynth stopped; nothing was written\n`,
    );
    process.exitCode = e.exitCode;
  } else {
    // Anything else thrown is a bug, reported in one line.
    process.stderr.write(`internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = EXIT.internal;
  }
}
