// Timing child processes: wall time measured by the parent, peak RSS from GNU time (when present).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const GNU_TIME = "/usr/bin/time";

export interface Sample {
  readonly wallMs: number;
  /** Peak resident set size in KiB (largest process of the tree), when GNU time is available. */
  readonly maxRssKb?: number;
  /** CPU time (user + system) of the child in ms, when GNU time is available: less sensitive to a busy machine than wall time. */
  readonly cpuMs?: number;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface RunSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** Added to a minimal environment (PATH, HOME, telemetry off). */
  readonly env?: Readonly<Record<string, string>>;
  /** @default 600000 */
  readonly timeoutMs?: number;
}

export function hasGnuTime(): boolean {
  return existsSync(GNU_TIME);
}

/** The environment every measured process gets: no telemetry, no update checks, no colour. */
function baseEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? "/tmp",
    CHECKPOINT_DISABLE: "1",
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1",
    DISABLE_VERSION_CHECK: "1",
    NO_UPDATE_NOTIFIER: "1",
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
    npm_config_audit: "false",
    FORCE_COLOR: "0",
    CI: "1",
  };
  for (const k of ["TMPDIR", "LANG", "npm_config_cache"]) if (process.env[k]) env[k] = process.env[k]!;
  return { ...env, ...extra };
}

export function runOnce(spec: RunSpec, scratch: string): Sample {
  const rssFile = join(scratch, `.rss-${process.pid}`);
  const gnu = hasGnuTime();
  const [cmd, args] = gnu ? [GNU_TIME, ["-f", "%M %U %S", "-o", rssFile, spec.command, ...spec.args]] : [spec.command, [...spec.args]];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, {
    cwd: spec.cwd,
    env: baseEnv(spec.env),
    encoding: "utf8",
    timeout: spec.timeoutMs ?? 600_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  let maxRssKb: number | undefined;
  let cpuMs: number | undefined;
  if (gnu && existsSync(rssFile)) {
    // The last line is ours ("Command exited with non-zero status N" may come before it).
    const [rss, user, sys] = (readFileSync(rssFile, "utf8").trim().split("\n").pop() ?? "").split(" ").map(Number);
    if (Number.isFinite(rss) && rss! > 0) maxRssKb = rss;
    if (Number.isFinite(user) && Number.isFinite(sys)) cpuMs = Math.round((user! + sys!) * 1000);
    rmSync(rssFile, { force: true });
  }
  return {
    wallMs,
    maxRssKb,
    cpuMs,
    status: r.status,
    stdout: r.stdout ?? "",
    stderr: (r.stderr ?? "") + (r.error ? `\n${r.error.message}` : ""),
  };
}

export interface Series {
  readonly samples: readonly Sample[];
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly medianRssKb?: number;
  readonly maxRssKb?: number;
  /** Every run exited 0. */
  readonly ok: boolean;
  /** First non-zero exit, for the report. */
  readonly failure?: { readonly status: number | null; readonly stderr: string };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** One untimed warm-up run (file cache, lazy compilation caches), then `runs` timed runs. Stops early on failure. */
export function measure(spec: RunSpec, runs: number, scratch: string, options: { warmup?: boolean; before?: () => void } = {}): Series {
  if (options.warmup !== false) {
    options.before?.();
    const w = runOnce(spec, scratch);
    if (w.status !== 0) return summarize([w]);
  }
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    options.before?.();
    const s = runOnce(spec, scratch);
    samples.push(s);
    if (s.status !== 0) break;
  }
  return summarize(samples);
}

function summarize(samples: readonly Sample[]): Series {
  const ms = samples.map((s) => s.wallMs);
  const rss = samples.flatMap((s) => (s.maxRssKb === undefined ? [] : [s.maxRssKb]));
  const bad = samples.find((s) => s.status !== 0);
  return {
    samples,
    medianMs: median(ms),
    minMs: Math.min(...ms),
    maxMs: Math.max(...ms),
    medianRssKb: rss.length > 0 ? median(rss) : undefined,
    maxRssKb: rss.length > 0 ? Math.max(...rss) : undefined,
    ok: bad === undefined,
    failure: bad ? { status: bad.status, stderr: bad.stderr } : undefined,
  };
}

/** One line of the summary table in docs/BENCHMARKS.md, every cell already formatted. */
export interface Row {
  id: string;
  what: string;
  runs: string;
  median: string;
  min: string;
  max: string;
  rss: string;
  target: string;
  met: string;
}
