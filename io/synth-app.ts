// What `node dist/main.js` does, as a function: load and validate config/ under `cwd`; on any error print the findings
// and write nothing. Otherwise synthesize into a temporary directory and swap it into place, so a failure mid-synth
// leaves the previous cdktf.out as it was. Under the cdktf CLI (CDKTF_OUTDIR set) it writes into the CLI's directory.
import { existsSync, renameSync, rmSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { formatFinding, oneLine } from "../routing/findings";
import { CONFIG_DIR, type ParseCache, UnreadableConfigError } from "../routing/config/loader";
import { loadConfigDir } from "./config-files";
import { synthesize } from "./synth";
import { UserError } from "../routing/errors";
import { validateLoaded } from "../routing/validate";

/** Where synth writes when not run by the cdktf CLI. */
const OUTDIR = "cdktf.out";

interface SynthAppIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Exit code: 0 written, 1 findings, 2 no or unreadable config, 70 a bug (one line, no stack). Never throws.
 * `parseCache` lets many runs share the parse of files they have in common (the hostile corpus runs 100+).
 */
export function runSynthApp(io: SynthAppIo, parseCache?: ParseCache): number {
  try {
    return synthApp(io, parseCache);
  } catch (e) {
    // User errors are findings above; anything thrown is a bug, reported in one line.
    io.stderr(`internal error: ${oneLine(e instanceof Error ? e.message : String(e))}\n`);
    return 70;
  }
}

function synthApp(io: SynthAppIo, parseCache?: ParseCache): number {
  const cwd = io.cwd;
  if (!existsSync(join(cwd, CONFIG_DIR))) {
    io.stderr(`error: no ${CONFIG_DIR}/ directory in ${cwd} (run from the repository root)\n`);
    return 2;
  }
  let loaded;
  try {
    loaded = loadConfigDir(cwd, parseCache);
  } catch (e) {
    if (!(e instanceof UnreadableConfigError)) throw e;
    io.stderr(`error: ${oneLine(e.message)}; nothing was written\n`);
    return 2;
  }
  const result = validateLoaded(loaded);
  for (const f of result.findings) io.stderr(`${formatFinding(f)}\n`);
  if (result.errors.length > 0 || !result.config) {
    const n = result.errors.length;
    io.stderr(`synth stopped: ${n} error${n === 1 ? "" : "s"} in ${CONFIG_DIR}/; nothing was written\n`);
    return 1;
  }

  const cliOutdir = io.env.CDKTF_OUTDIR;
  let outdir: string;
  let summary;
  if (cliOutdir) {
    // The cdktf CLI owns this directory (it creates and cleans it).
    outdir = cliOutdir;
    try {
      summary = synthesize(result.config, outdir);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      io.stderr(`${oneLines(e.message)}\n`);
      return e.exitCode;
    }
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
      if (!(e instanceof UserError)) throw e;
      io.stderr(`${oneLines(e.message)}\nnothing was written\n`);
      return e.exitCode;
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
  io.stdout(`synthesized ${names} → ${join(where, "stacks")} (${summary.resources} resource${summary.resources === 1 ? "" : "s"})\n`);
  return 0;
}

/** Each line of a user error as its own `error:` line. */
function oneLines(message: string): string {
  return message
    .split("\n")
    .map((l) => `error: ${l}`)
    .join("\n");
}
