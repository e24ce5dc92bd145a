// `npm run bench`: measures synth, review, history, tests, observe and review --usage, prints a table and writes docs/BENCHMARKS.md.
// Usage: node dist/bench/run.js [--quick] [--runs N] [--only B1,B2,...] [--out FILE]  (--help lists the options)
// Every figure is measured in this run; a part that cannot run says why instead of showing a number.
// Each benchmark returns its summary rows and its Details section; main() puts them in the report, in one place.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { availableParallelism, cpus, loadavg, tmpdir, totalmem, type as osType, release } from "node:os";
import { join, resolve } from "node:path";
import { type OptionSpecs, UsageError, describeOptions, parseArgs } from "../cli/args";
import { generateConfig, shuffleMappingKeys } from "../fixtures/builder";
import { makeReviewRepo } from "./git-fixture";
import { type Row, type Series, hasGnuTime, measure, runOnce } from "./measure";
import { type Hotspot, hotspots } from "./profile";
import { readConfigDir } from "../io/config-files";
import { EXIT } from "../routing/errors";
import { longestDeploymentChain, readStacks, readTree, scanForSecrets } from "../fixtures/tf-json";
import { observeBench } from "./observe";
import { replayBench } from "./replay";

const REPO = join(__dirname, "..", "..");
const DIST = join(REPO, "dist");

/** Declared like a command's, so a mistyped option is a usage error instead of a full run with defaults. */
const OPTIONS = {
  quick: { type: "boolean", description: "skip B4 (npm test), for iteration" },
  runs: { type: "string", valueName: "N", default: "5", description: "timed runs per measurement, after one untimed warm-up" },
  only: { type: "string", valueName: "B1,B2,...", description: "only these benchmarks (B2 and B3 share their runs)" },
  out: {
    type: "string",
    valueName: "FILE",
    description: "where to write the report (default: docs/BENCHMARKS.md; with --only, no report unless this is given)",
  },
  help: { type: "boolean", short: "h", description: "show this help and exit" },
} as const satisfies OptionSpecs;

/** `node dist/bench/run.js [--quick] [--runs N] ...`, from the specs so it cannot drift from them. */
const USAGE = `node dist/bench/run.js ${Object.entries(OPTIONS)
  .filter(([name]) => name !== "help")
  .map(([name, spec]) => `[--${name}${spec.type === "string" ? ` ${spec.valueName}` : ""}]`)
  .join(" ")}`;

interface Options {
  readonly quick: boolean;
  readonly runs: number;
  readonly only?: ReadonlySet<string>;
  /** Undefined: print the table only (an --only run would otherwise replace the full report with a partial one). */
  readonly out?: string;
}

/** The run's options, `"help"` when help was asked for; a UsageError for anything else. */
function parseOptions(argv: readonly string[]): Options | "help" {
  const { options: o } = parseArgs(argv, OPTIONS);
  if (o.help) return "help";
  if (!/^[1-9]\d*$/.test(o.runs)) throw new UsageError(`option --runs expected a whole number of at least 1, but found "${o.runs}"`);
  const only = o.only === undefined ? undefined : new Set(o.only.split(",").map((s) => s.trim().toUpperCase()));
  const ids = BENCHMARKS.flatMap((b) => b.ids);
  const unknown = [...(only ?? [])].filter((id) => !ids.includes(id));
  if (unknown.length > 0) throw new UsageError(`option --only expected ids among ${ids.join(", ")}, but found "${unknown.join(",")}"`);
  const out = o.out !== undefined ? resolve(o.out) : only === undefined ? join(REPO, "docs", "BENCHMARKS.md") : undefined;
  return { quick: o.quick, runs: Number(o.runs), only, out };
}

// ---- report model ----

/** What one benchmark adds to the report: rows for the summary table and its section under Details. */
interface Part {
  readonly rows: readonly Row[];
  readonly section: string;
}

/** What every benchmark of one run shares: its scratch directory and how many timed runs to take. */
interface Context {
  readonly scratch: string;
  readonly runs: number;
}

const NA = "not available yet";

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
function mb(kb: number | undefined): string {
  return kb === undefined ? "-" : `${Math.round(kb / 1024)} MB`;
}
function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function seriesRow(id: string, what: string, s: Series, target = "", met = ""): Row {
  if (!s.ok) {
    const f = s.failure!;
    return {
      id,
      what,
      runs: `${s.samples.length}`,
      median: "failed",
      min: "-",
      max: "-",
      rss: "-",
      target,
      met: `no (exit ${f.status}: ${firstLine(f.stderr)})`,
    };
  }
  return {
    id,
    what,
    runs: `${s.samples.length}`,
    median: secs(s.medianMs),
    min: secs(s.minMs),
    max: secs(s.maxMs),
    rss: mb(s.medianRssKb),
    target,
    met,
  };
}

function naRow(id: string, what: string, why: string, target = ""): Row {
  return { id, what, runs: "0", median: NA, min: "-", max: "-", rss: "-", target, met: `${NA} (${why})` };
}

function firstLine(s: string): string {
  const line =
    s
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l !== "" && !l.startsWith("npm warn")) ?? "";
  return (line.length > 140 ? `${line.slice(0, 137)}...` : line).replace(/\|/g, "\\|").replace(REPO, "<repo>");
}

function table(header: string[], body: string[][]): string {
  const esc = (c: string) => c.replace(/\|/g, "\\|");
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...body.map((r) => `| ${r.map(esc).join(" | ")} |`),
  ].join("\n");
}

function log(msg: string): void {
  process.stderr.write(`bench: ${msg}\n`);
}

// ---- helpers ----

function tempProject(scratch: string, name: string, files: ReadonlyMap<string, string>): string {
  const dir = join(scratch, name);
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of files) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** A copy of the repository's sources and config/ (node_modules linked), so cdktf.out and dist/ of the repo stay untouched. */
function repoCopy(scratch: string, name: string): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  for (const f of [
    "main.ts",
    "routing",
    "io",
    "constructs",
    "cli",
    "bench",
    "scripts",
    "package.json",
    "tsconfig.json",
    "cdktf.json",
    "config",
  ]) {
    if (existsSync(join(REPO, f))) cpSync(join(REPO, f), join(dir, f), { recursive: true });
  }
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"));
  return dir;
}

function setCdktfApp(dir: string, app: string): void {
  const file = join(dir, "cdktf.json");
  const json = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  json.app = app;
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
}

function sameTree(a: string, b: string): boolean {
  const ta = readTree(a);
  const tb = readTree(b);
  return ta.size === tb.size && [...ta].every(([p, buf]) => tb.get(p)?.equals(buf) === true);
}

function tryRequire<T>(rel: string): T | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional modules of other parts of the project
    return require(rel) as T;
  } catch {
    return undefined;
  }
}

// ---- B1: synth of the sample, ours vs cdktf's default TypeScript path ----

/** `npm run synth` on the sample, build skipped (issue "engineering base", item 12). */
const B1_NPM_SYNTH_TARGET_MS = 500;
/** `node dist/main.js` on the sample. */
const B1_APP_TARGET_MS = 300;

/** The issue's floor for a synth: loading cdktf and one provider resource by its deep path. */
const FLOOR_SCRIPT = "require('cdktf'); require('@cdktf/provider-azurerm/lib/cognitive-account')";

/** [target, met] cells for a series against a time target: met says the ratio median / target. */
function vsTarget(s: Series, targetMs: number): [string, string] {
  const target = `≤ ${secs(targetMs)}`;
  if (!s.ok) return [target, ""];
  const ratio = s.medianMs / targetMs;
  return [target, `${s.medianMs <= targetMs ? "yes" : "no"} (${ratio.toFixed(2)}× the target)`];
}

function b1(ctx: Context): Part {
  const { scratch, runs } = ctx;
  const rows: Row[] = [];
  const dir = repoCopy(scratch, "b1");
  const node = process.execPath;
  log("B1 npm run synth");
  const npmSynth = measure({ command: "npm", args: ["run", "--silent", "synth"], cwd: dir }, runs, scratch);
  log("B1 node scripts/synth.cjs");
  const directSynth = measure({ command: node, args: ["scripts/synth.cjs"], cwd: dir }, runs, scratch);
  log("B1 node dist/main.js");
  const ours = measure({ command: node, args: ["dist/main.js"], cwd: dir }, runs, scratch);
  log("B1 node dist/main.js, config parsed anew");
  const parseCache = join(dir, "dist", ".config-cache");
  const oursParsing = measure({ command: node, args: ["dist/main.js"], cwd: dir }, runs, scratch, {
    before: () => rmSync(parseCache, { recursive: true, force: true }),
  });
  const oursOut = join(scratch, "b1-ours-out");
  if (ours.ok) cpSync(join(dir, "cdktf.out"), oursOut, { recursive: true });
  log("B1 floor");
  const floor = measure({ command: node, args: ["-e", FLOOR_SCRIPT], cwd: dir }, runs, scratch);
  log("B1 node start-up");
  const startup = measure({ command: node, args: ["-e", "0"], cwd: dir }, runs, scratch);

  // cdktf's TypeScript template: app = "npx ts-node main.ts", provider imported through its barrel.
  writeFileSync(
    join(dir, "barrel-main.ts"),
    [
      "// cdktf's default TypeScript path, emulated: ts-node (type-checking) and the provider's barrel import.",
      'import * as azurerm from "@cdktf/provider-azurerm";',
      "void azurerm;",
      'import "./main";',
      "",
    ].join("\n"),
  );
  const hasTsNode = existsSync(join(REPO, "node_modules", "ts-node"));
  let tsNode: Series | undefined;
  let cdktfTsNode: Series | undefined;
  let cdktfOurs: Series | undefined;
  let sameOutput: boolean | undefined;
  if (hasTsNode) {
    log("B1 npx ts-node barrel-main.ts");
    rmSync(join(dir, "cdktf.out"), { recursive: true, force: true });
    tsNode = measure({ command: "npx", args: ["ts-node", "barrel-main.ts"], cwd: dir }, runs, scratch);
    if (tsNode.ok && existsSync(oursOut)) sameOutput = sameTree(oursOut, join(dir, "cdktf.out"));
    const hasCli = existsSync(join(REPO, "node_modules", ".bin", "cdktf"));
    if (hasCli) {
      log("B1 npx cdktf synth (ts-node app)");
      setCdktfApp(dir, "npx ts-node barrel-main.ts");
      cdktfTsNode = measure({ command: "npx", args: ["cdktf", "synth"], cwd: dir }, runs, scratch);
      log("B1 npx cdktf synth (our app)");
      setCdktfApp(dir, "node scripts/synth.cjs");
      cdktfOurs = measure({ command: "npx", args: ["cdktf", "synth"], cwd: dir }, runs, scratch);
    }
  }

  rows.push(
    seriesRow(
      "B1",
      "`npm run synth` of config/ (build skipped when unchanged, then dist/main.js in the same process)",
      npmSynth,
      ...vsTarget(npmSynth, B1_NPM_SYNTH_TARGET_MS),
    ),
  );
  rows.push(seriesRow("B1", "`node scripts/synth.cjs` (the same without npm)", directSynth));
  rows.push(seriesRow("B1", "`node dist/main.js` (bundled, V8 code cache, parse cache)", ours, ...vsTarget(ours, B1_APP_TARGET_MS)));
  rows.push(seriesRow("B1", "`node dist/main.js`, every config file parsed (parse cache emptied before each run)", oursParsing));
  rows.push(seriesRow("B1", "`node -e 0` (node start-up)", startup));
  rows.push(seriesRow("B1", `floor: \`node -e "${FLOOR_SCRIPT}"\` (cdktf and one deep provider import from node_modules)`, floor));
  if (tsNode) rows.push(seriesRow("B1", "cdktf default path: `npx ts-node barrel-main.ts` (type-checked, barrel import)", tsNode));
  else rows.push(naRow("B1", "cdktf default path: ts-node", "ts-node is not installed"));
  if (cdktfTsNode) rows.push(seriesRow("B1", "`npx cdktf synth`, app = `npx ts-node barrel-main.ts`", cdktfTsNode));
  if (cdktfOurs) rows.push(seriesRow("B1", "`npx cdktf synth`, app = `node scripts/synth.cjs`", cdktfOurs));

  const lines = [
    "### B1. Synth of the sample config",
    "",
    "Each command runs in a temporary copy of the repository (sources, config/, package.json; node_modules linked), so the",
    "repository's own cdktf.out/ and dist/ are not touched. `barrel-main.ts` is generated there: it imports",
    "`@cdktf/provider-azurerm` through its barrel and then our `main.ts`, run by ts-node with type-checking, as cdktf's",
    'TypeScript template does (`"app": "npx ts-node main.ts"`).',
    "",
  ];
  if (tsNode?.ok && ours.ok) {
    const ratio = tsNode.medianMs / ours.medianMs;
    rows.push({
      id: "B1",
      what: "ratio: ts-node barrel path / `node dist/main.js`",
      runs: "-",
      median: `${ratio.toFixed(1)}×`,
      min: "-",
      max: "-",
      rss: "-",
      target: "≥ 10×",
      met: ratio >= 10 ? "yes" : "no",
    });
    lines.push(
      `- App alone: ts-node barrel path ${secs(tsNode.medianMs)} vs ours ${secs(ours.medianMs)}: **${ratio.toFixed(1)}×** (target ≥ 10×).`,
    );
  }
  if (cdktfTsNode?.ok && cdktfOurs?.ok) {
    const ratio = cdktfTsNode.medianMs / cdktfOurs.medianMs;
    rows.push({
      id: "B1",
      what: "ratio: `cdktf synth` ts-node app / our app",
      runs: "-",
      median: `${ratio.toFixed(1)}×`,
      min: "-",
      max: "-",
      rss: "-",
      target: "",
      met: "",
    });
    lines.push(
      `- Through the cdktf CLI (which adds its own start-up to both): ${secs(cdktfTsNode.medianMs)} vs ${secs(cdktfOurs.medianMs)}: ${ratio.toFixed(1)}×.`,
    );
    lines.push("- `npx cdktf synth` ran offline with CHECKPOINT_DISABLE=1 (no telemetry) and CI=1.");
  } else if (hasTsNode) {
    lines.push(
      "- `npx cdktf synth` could not be measured in this run; the ts-node path was measured directly (`npx ts-node barrel-main.ts`).",
    );
  }
  if (sameOutput !== undefined) lines.push(`- Both paths write the same cdktf.out/ byte for byte: ${sameOutput ? "yes" : "**no**"}.`);
  if (ours.ok && startup.ok) lines.push(`- \`node dist/main.js\` above node's own start-up: ${secs(ours.medianMs - startup.medianMs)}.`);
  if (floor.ok) {
    const times = (s: Series) => (s.ok ? `${secs(s.medianMs)}, ${(s.medianMs / floor.medianMs).toFixed(1)}× the floor` : "not measured");
    lines.push(
      `- Against the floor (cdktf and one deep provider import, ${secs(floor.medianMs)}): \`npm run synth\` ${times(npmSynth)}; \`node dist/main.js\` ${times(ours)}.`,
    );
  }
  if (ours.ok && oursParsing.ok)
    lines.push(
      `- The parse cache (dist/.config-cache) saves \`node dist/main.js\` ${secs(oursParsing.medianMs - ours.medianMs)}: the first run after a config file changes parses it.`,
    );
  if (npmSynth.ok && directSynth.ok)
    lines.push(`- npm's own start-up in \`npm run synth\`: ${secs(npmSynth.medianMs - directSynth.medianMs)}.`);
  return { rows, section: lines.join("\n") };
}

// ---- B2 + B3: generated configs at ×1, ×10, ×100 ----

/** One generated config's synth: its timing, its size, and what B3 reads from its output. */
interface ScaleResult {
  readonly scale: number;
  readonly s: Series;
  readonly stats: ReturnType<typeof generateConfig>["stats"];
  readonly chain?: number;
  readonly phases?: Record<string, number>;
}

/** B2; its synth results are returned too, for B3 to read the same output. */
function b2(ctx: Context): Part & { readonly results: readonly ScaleResult[] } {
  const { scratch, runs } = ctx;
  const rows: Row[] = [];
  const node = process.execPath;
  const mainJs = join(DIST, "main.js");
  const scales = [1, 10, 100];
  const phaseFailures: string[] = [];
  const checks: { scale: number; again: boolean; shuffled: boolean; secrets: number }[] = [];
  const results: ScaleResult[] = [];
  for (const scale of scales) {
    const g = generateConfig({ scale });
    const dir = tempProject(scratch, `b2-x${scale}`, g.files);
    log(`B2 ×${scale}`);
    const s = measure({ command: node, args: [mainJs], cwd: dir }, runs, scratch);
    let chain: number | undefined;
    if (s.ok) {
      const stacks = readStacks(join(dir, "cdktf.out"));
      chain = Math.max(...stacks.map((st) => longestDeploymentChain(st.json)));
      checks.push({ scale, ...determinism(scratch, dir, g.files, scale), secrets: stacks.flatMap(scanForSecrets).length });
    }
    const p = runOnce(
      { command: node, args: [join(DIST, "bench", "phases.js"), dir, join(scratch, `b2-phases-x${scale}`)], cwd: dir },
      scratch,
    );
    let phases: Record<string, number> | undefined;
    try {
      phases = p.status === 0 ? (JSON.parse(p.stdout.trim().split("\n").pop() ?? "") as Record<string, number>) : undefined;
    } catch {
      phases = undefined;
    }
    if (!phases) phaseFailures.push(`×${scale}: phases run failed (exit ${p.status}: ${firstLine(p.stderr || p.stdout)})`);
    results.push({ scale, s, stats: g.stats, chain, phases });
    const st = g.stats;
    const n = (k: number, word: string) => `${k} ${word}${k === 1 ? "" : "s"}`;
    const what = `synth ×${scale}: ${n(st.environments, "env")}, ${n(st.accounts, "account")}, ${n(st.deployments, "deployment")}, ${n(st.routes, "route")}`;
    rows.push(seriesRow("B2", what, s, scale === 100 ? "≤ 5 s" : "", scale === 100 && s.ok ? (s.medianMs <= 5000 ? "yes" : "no") : ""));
  }

  const lines = [
    "### B2. Synth of generated configs",
    "",
    "`fixtures/generate.ts` (seed 1) writes each config into a temporary project; `node dist/main.js` runs there as a child",
    "process (whole process: start-up, load, validate, synth, swap into cdktf.out). Peak memory is the child's maximum",
    `resident set size${hasGnuTime() ? " from GNU time (`/usr/bin/time -f %M`)" : " (GNU time not found: not measured)"}.`,
    "The generated environments have no gateway: with 500 task classes one environment's policy is over APIM's limit",
    "(B6), and synth stops with FR-GATEWAY-1, as it should.",
    "",
  ];
  const ok = results.every((r) => r.s.ok);
  // One result per scale: ×1, ×10, ×100.
  const [r1, r10, r100] = results;
  if (ok && r1 && r10 && r100) {
    const perDep = (a: (typeof results)[number], b: (typeof results)[number]) =>
      (b.s.medianMs - a.s.medianMs) / (b.stats.deployments - a.stats.deployments);
    const m1 = perDep(r1, r10);
    const m2 = perDep(r10, r100);
    const linear = m2 <= m1 * 1.5;
    lines.push(
      `- Marginal cost per deployment (with its 5 routes): ×1→×10 ${m1.toFixed(2)} ms, ×10→×100 ${m2.toFixed(2)} ms; ` +
        `${linear ? "growth is close to linear" : "**growth is worse than linear**"} (criterion: the second ≤ 1.5 × the first).`,
    );
    rows.push({
      id: "B2",
      what: "growth: marginal ms per deployment ×1→×10 vs ×10→×100",
      runs: "-",
      median: `${m1.toFixed(2)} / ${m2.toFixed(2)}`,
      min: "-",
      max: "-",
      rss: "-",
      target: "close to linear",
      met: linear ? "yes" : "no",
    });
  }
  const phaseRows = results
    .filter((r) => r.phases)
    .map((r) => [
      `×${r.scale}`,
      ...["requireMs", "loadMs", "validateMs", "synthMs", "totalMs"].map((k) => secs(r.phases![k]!)),
      mb(r.phases!.maxRssKb),
    ]);
  if (phaseRows.length > 0) {
    lines.push("", "Where the time goes (one in-process run per scale, `dist/bench/phases.js`; total excludes node start-up):", "");
    lines.push(table(["scale", "require modules", "read + parse + schema", "policy rules", "synthesize", "total", "peak RSS"], phaseRows));
  }
  for (const f of phaseFailures) lines.push(`- ${f}`);
  // Profile the largest config: names the hotspot whether or not the target is met.
  const big = join(scratch, "b2-x100");
  if (existsSync(big)) {
    const profDir = join(scratch, "prof");
    rmSync(profDir, { recursive: true, force: true });
    // The same synth through dist/cli/main.js, whose packages stay in node_modules: dist/main.js bundles them into one
    // file, and the profile could not tell them apart.
    const cliJs = join(DIST, "cli", "main.js");
    const p = runOnce({ command: node, args: ["--cpu-prof", `--cpu-prof-dir=${profDir}`, cliJs, "synth"], cwd: big }, scratch);
    const prof = p.status === 0 && existsSync(profDir) ? readdirSync(profDir).find((f) => f.endsWith(".cpuprofile")) : undefined;
    if (prof) {
      const fns = hotspots(join(profDir, prof), REPO, 10, "function");
      const files = hotspots(join(profDir, prof), REPO, 8, "file");
      const fmt = (h: Hotspot) => [h.where, `${h.selfMs.toFixed(0)} ms`, `${(h.share * 100).toFixed(1)} %`];
      lines.push(
        "",
        "CPU profile of ×100 (`node --cpu-prof dist/cli/main.js synth`), self time by function:",
        "",
        table(["file:function", "self", "share"], fns.map(fmt)),
      );
      lines.push("", "Self time by file:", "", table(["file", "self", "share"], files.map(fmt)));
    } else {
      lines.push("", `CPU profile of ×100 could not be taken (exit ${p.status}: ${firstLine(p.stderr)}).`);
    }
  }
  if (checks.length > 0) {
    lines.push(
      "",
      "Determinism and secrets on the same configs: the output of the timed runs, compared byte for byte with one more run and with a run on",
      "the same config with every YAML mapping's keys shuffled (seed 7; lists keep their order); and the output scanned for key",
      "material and for cognitive accounts without `local_auth_enabled = false` (fixtures/tf-json.ts).",
      "",
      table(
        ["scale", "identical on rerun", "identical after key shuffle", "secret findings"],
        checks.map((c) => [`×${c.scale}`, c.again ? "yes" : "**no**", c.shuffled ? "yes" : "**no**", String(c.secrets)]),
      ),
    );
    for (const c of checks) {
      rows.push({
        id: "B2",
        what: `×${c.scale}: byte-identical on rerun and after key shuffle; no secrets`,
        runs: "2",
        median: `${c.again && c.shuffled ? "identical" : "differs"}, ${c.secrets} secret(s)`,
        min: "-",
        max: "-",
        rss: "-",
        target: "identical, 0",
        met: c.again && c.shuffled && c.secrets === 0 ? "yes" : "no",
      });
    }
  }
  // After the determinism table, so that it reaches docs/BENCHMARKS.md with the rest of B2.
  return { rows, section: lines.join("\n"), results };
}

// ---- B3: dependsOn chains in B2's output ----

function b3(results: readonly ScaleResult[]): Part {
  const b3 = [
    "### B3. dependsOn chain depth",
    "",
    "Longest `depends_on` chain among model deployments (azurerm cognitive deployments and azapi deployments), counted in deployments, against the largest account's deployment count.",
    "",
  ];
  const b3rows = results.map((r) => [
    `×${r.scale}`,
    r.chain === undefined ? "-" : String(r.chain),
    String(r.stats.largestAccountDeployments),
    r.chain === undefined ? "synth failed" : r.chain === r.stats.largestAccountDeployments ? "yes" : "**no**",
  ]);
  b3.push(table(["scale", "longest chain", "largest account", "equal"], b3rows));
  const rows = results.map((r) => ({
    id: "B3",
    what: `×${r.scale}: longest dependsOn chain vs largest account`,
    runs: "-",
    median: r.chain === undefined ? "-" : `${r.chain} vs ${r.stats.largestAccountDeployments}`,
    min: "-",
    max: "-",
    rss: "-",
    target: "equal",
    met: r.chain === undefined ? "no (synth failed)" : r.chain === r.stats.largestAccountDeployments ? "yes" : "no",
  }));
  return { rows, section: b3.join("\n") };
}

/** Reruns synth in `dir`, and on a key-shuffled copy of its config, comparing each output with the current one. */
function determinism(
  scratch: string,
  dir: string,
  files: ReadonlyMap<string, string>,
  scale: number,
): { again: boolean; shuffled: boolean } {
  const node = process.execPath;
  const mainJs = join(DIST, "main.js");
  const ref = join(scratch, `b2-x${scale}-ref`);
  rmSync(ref, { recursive: true, force: true });
  cpSync(join(dir, "cdktf.out"), ref, { recursive: true });
  const r1 = runOnce({ command: node, args: [mainJs], cwd: dir }, scratch);
  const again = r1.status === 0 && sameTree(ref, join(dir, "cdktf.out"));
  const shuffledDir = tempProject(scratch, `b2-x${scale}-shuffled`, new Map([...files].map(([p, t]) => [p, shuffleMappingKeys(t, 7)])));
  const r2 = runOnce({ command: node, args: [mainJs], cwd: shuffledDir }, scratch);
  const shuffled = r2.status === 0 && sameTree(ref, join(shuffledDir, "cdktf.out"));
  rmSync(shuffledDir, { recursive: true, force: true });
  return { again, shuffled };
}

// ---- B4: npm test ----

function b4(ctx: Context): Part {
  const { scratch, runs } = ctx;
  const rows: Row[] = [];
  log("B4 npm test (first run)");
  const spec = { command: "npm", args: ["test", "--silent"], cwd: REPO, env: { NODE_OPTIONS: "" } };
  const first = runOnce(spec, scratch);
  const samples = [first];
  if (first.wallMs < 30_000) {
    for (let i = 1; i < runs; i++) {
      log(`B4 npm test (run ${i + 1})`);
      samples.push(runOnce(spec, scratch));
    }
  }
  const ms = samples.map((s) => s.wallMs).sort((a, b) => a - b);
  // samples always holds the first run, so ms is not empty.
  const med = ms[Math.floor(ms.length / 2)]!;
  const failed = samples.filter((s) => s.status !== 0).length;
  rows.push({
    id: "B4",
    what: "`npm test` (jest, all suites but __tests__/robustness; type-checking is in `npm run lint`)",
    runs: String(samples.length),
    median: secs(med),
    min: secs(ms[0]!),
    max: secs(ms[ms.length - 1]!),
    rss: "-",
    target: "≤ 30 s",
    met: `${med <= 30_000 ? "yes" : "no"}${failed > 0 ? ` (exit ${samples.find((s) => s.status !== 0)!.status} in ${failed} run(s): tests failing)` : ""}`,
  });
  log("B4 robustness suite");
  const rob = runOnce({ command: "npm", args: ["run", "--silent", "test:robustness"], cwd: REPO }, scratch);
  const robOut = `${rob.stdout}\n${rob.stderr}`;
  const robTests = (robOut.split("\n").find((l) => /^Tests:/.test(l.trim())) ?? "").trim().replace(/\s+/g, " ");
  rows.push({
    id: "B4",
    what: `\`npm run test:robustness\` (${robTests || "no jest summary"})`,
    runs: "1",
    median: secs(rob.wallMs),
    min: "-",
    max: "-",
    rss: mb(rob.maxRssKb),
    target: "< 60 s",
    met: `${rob.wallMs < 60_000 ? "yes" : "no"}${rob.status !== 0 ? ` (exit ${rob.status})` : ""}`,
  });
  const lines = ["### B4. npm test", ""];
  lines.push(
    first.wallMs < 30_000
      ? `Run ${samples.length} times (each run was under 30 s).`
      : `Run once: the first run took ${secs(first.wallMs)}, over 30 s, so it was not repeated.`,
  );
  if (failed > 0) lines.push(`${failed} run(s) exited non-zero; the time is still the wall time of the whole command.`);
  // Jest's own summary of the last run: how many suites and tests, and which failed.
  const last = samples[samples.length - 1]!;
  const out = `${last.stdout}\n${last.stderr}`;
  const summary = out.split("\n").filter((l) => /^(Test Suites|Tests|Time):/.test(l.trim()));
  const failedSuites = [
    ...new Set(
      out
        .split("\n")
        .filter((l) => /^FAIL /.test(l.trim()))
        .map((l) =>
          l
            .trim()
            .replace(/^FAIL\s+/, "")
            .replace(/\s+\(.*\)$/, ""),
        ),
    ),
  ];
  const tscErrors = out.split("\n").filter((l) => /error TS\d+/.test(l)).length;
  if (tscErrors > 0) lines.push(`\`tsc --noEmit\` reported ${tscErrors} type error(s), so jest did not run.`);
  if (summary.length > 0) lines.push("", "Jest summary of the last run:", "", ...summary.map((l) => `    ${l.trim()}`));
  if (failedSuites.length > 0) lines.push("", "Failing test files:", "", ...failedSuites.sort().map((f) => `- ${f}`));
  lines.push(
    "",
    "The robustness suite (`npm run test:robustness`, run by CI after `npm test`) is timed separately. It runs 10,150 generated configs:",
    "9,900 through the loader and policy (in two worker threads), 200 through `validate` in-process and 50 through synth.",
  );
  return { rows, section: lines.join("\n") };
}

// ---- B5: history and review through the CLI ----

function cliAvailable(command: string): boolean {
  const cli = join(DIST, "cli", "main.js");
  if (!existsSync(cli)) return false;
  const r = spawnSync(process.execPath, [cli, "help"], { encoding: "utf8" });
  return new RegExp(`\\b${command}\\b`).test(`${r.stdout}${r.stderr}`);
}

function b5(ctx: Context): Part {
  const { scratch, runs } = ctx;
  const rows: Row[] = [];
  const node = process.execPath;
  const cli = join(DIST, "cli", "main.js");
  const lines = ["### B5. history and review", ""];
  type Fixture = typeof import("../fixtures/history");
  const fixture = tryRequire<Fixture>("../fixtures/history");
  if (!cliAvailable("history")) rows.push(naRow("B5", "`history` over 1,000 routing commits", "no history command in dist/cli", "≤ 2 s"));
  else if (!fixture?.generateHistoryRepo)
    rows.push(naRow("B5", "`history` over 1,000 routing commits", "fixtures/history.ts has no generateHistoryRepo", "≤ 2 s"));
  else {
    log("B5 history fixture");
    const dir = join(scratch, "b5-history");
    rmSync(dir, { recursive: true, force: true });
    const t0 = Date.now();
    const repo = fixture.generateHistoryRepo(dir, { commits: 1000 });
    const buildMs = Date.now() - t0;
    log("B5 history");
    const s = measure({ command: node, args: [cli, "history", "--ref", repo.ref], cwd: dir }, runs, scratch);
    rows.push(
      seriesRow("B5", `\`history\` over ${repo.commits} routing commits`, s, "≤ 2 s", s.ok ? (s.medianMs <= 2000 ? "yes" : "no") : ""),
    );
    const out = s.samples[0]?.stdout ?? "";
    lines.push(
      `- history: repository from \`fixtures/history.ts\` (${repo.commits} first-parent commits touching config/, merges included; built in ${secs(buildMs)}, not timed); output ${out.split("\n").length} lines.`,
    );
    const prof = profileOnce(scratch, [cli, "history", "--ref", repo.ref], dir, 8);
    if (prof) lines.push("", "CPU profile of one `history` run, self time by function:", "", prof, "");
  }
  if (!cliAvailable("review")) rows.push(naRow("B5", "`review` of a realistic change", "no review command in dist/cli", "≤ 3 s"));
  else {
    log("B5 review");
    const dir = join(scratch, "b5-review");
    rmSync(dir, { recursive: true, force: true });
    const sample = readConfigDir(REPO);
    const repo = makeReviewRepo(dir, sample);
    // Exit 1 means "report made, head has policy errors": still a complete review.
    const s = measure({ command: node, args: [cli, "review", "--base", repo.base, "--head", repo.head], cwd: dir }, runs, scratch);
    const okRun = s.samples.every((x) => x.status === 0 || x.status === 1);
    const fixed: Series = okRun ? { ...s, ok: true, failure: undefined } : s;
    rows.push(
      seriesRow(
        "B5",
        "`review` of a realistic change to config/ (base → head commit)",
        fixed,
        "≤ 3 s",
        fixed.ok ? (fixed.medianMs <= 3000 ? "yes" : "no") : "",
      ),
    );
    lines.push(`- review: \`bench/git-fixture.ts\` commits config/ as base, then this change as head (exit ${s.samples[0]?.status}):`);
    for (const c of repo.changes) lines.push(`  - ${c}`);
  }
  return { rows, section: lines.join("\n") };
}

/** One `node --cpu-prof` run; a table of the top functions by self time, or undefined when it could not run. */
function profileOnce(scratch: string, args: readonly string[], cwd: string, top: number): string | undefined {
  const profDir = join(scratch, `prof-${Date.now()}`);
  const p = runOnce({ command: process.execPath, args: ["--cpu-prof", `--cpu-prof-dir=${profDir}`, ...args], cwd }, scratch);
  const file = existsSync(profDir) ? readdirSync(profDir).find((f) => f.endsWith(".cpuprofile")) : undefined;
  if (!file || (p.status !== 0 && p.status !== 1)) return undefined;
  const fmt = (h: Hotspot) => [h.where, `${h.selfMs.toFixed(0)} ms`, `${(h.share * 100).toFixed(1)} %`];
  return table(["file:function", "self", "share"], hotspots(join(profDir, file), REPO, top, "function").map(fmt));
}

// ---- B6: gateway policy size ----

function b6(ctx: Context): Part {
  const rows: Row[] = [];
  type Plan = typeof import("../routing/gateway/plan");
  type Policy = typeof import("../routing/gateway/policy");
  type Table = typeof import("../routing/table/table");
  type Loader = typeof import("../routing/config/loader");
  const plan = tryRequire<Plan>("../routing/gateway/plan");
  const policy = tryRequire<Policy>("../routing/gateway/policy");
  const tableMod = tryRequire<Table>("../routing/table/table");
  const loader = tryRequire<Loader>("../routing/config/loader");
  const lines = ["### B6. Gateway policy size", ""];
  if (!plan?.gatewayPlan || !policy?.APIM_POLICY_LIMIT_BYTES || !tableMod?.routingTable || !loader) {
    rows.push(naRow("B6", "gateway policy XML size", "routing/gateway/plan.ts, gateway-policy.ts or table.ts missing"));
    return { rows, section: [...lines, NA].join("\n") };
  }
  const limit = policy.APIM_POLICY_LIMIT_BYTES;
  const body: string[][] = [];
  for (const n of [10, 100, 500]) {
    const g = generateConfig({ scale: 1, gateway: true, sizes: { taskClasses: n } });
    const loaded = loader.loadConfig(g.files);
    if (!loaded.config) {
      rows.push(naRow("B6", `${n} task classes`, "generated config did not load"));
      continue;
    }
    const env = loaded.config.environments[0]!;
    const t = tableMod.routingTable(loaded.config, env);
    const p = plan.gatewayPlan(t, "0".repeat(12), { limitBytes: Number.MAX_SAFE_INTEGER });
    const total = p.apis.reduce((k, a) => k + a.policy.sizeBytes, 0);
    const largest = Math.max(...p.apis.map((a) => a.policy.sizeBytes));
    for (const a of p.apis) {
      body.push([
        String(n),
        a.shape,
        String(a.policy.taskClasses.length),
        String(p.backends.length),
        kib(a.policy.sizeBytes),
        `${((a.policy.sizeBytes / limit) * 100).toFixed(1)} %`,
        a.policy.sizeBytes <= limit ? "fits" : "**over the limit**",
      ]);
    }
    rows.push({
      id: "B6",
      what: `policy XML, ${n} task classes (largest API policy; all APIs ${kib(total)})`,
      runs: "-",
      median: kib(largest),
      min: "-",
      max: "-",
      rss: "-",
      target: `≤ ${kib(limit)} per policy`,
      met: largest <= limit ? "yes" : "no",
    });
  }
  lines.push(
    `Sizes from \`routing/gateway/plan.ts\` (the plan synth uses) with the size check lifted, for the ×1 generated environment (10 deployments) with N task classes; APIM's limit per policy document as \`routing/gateway/policy.ts\` states it: ${kib(limit)}. The size is the larger of the raw and the XML-encoded form.`,
    "",
    table(["task classes", "API", "classes in API", "gateway backends", "size", "of limit", ""], body),
  );
  const synth = b6Synth(ctx.scratch, limit);
  return { rows: [...rows, synth.row], section: [...lines, "", ...synth.lines].join("\n") };
}

/** What synth does with a gateway policy over the limit: it must stop with a user error and leave cdktf.out alone. */
function b6Synth(scratch: string, limit: number): { readonly row: Row; readonly lines: readonly string[] } {
  const node = process.execPath;
  const mainJs = join(DIST, "main.js");
  const small = tempProject(scratch, "b6-small", generateConfig({ scale: 1, gateway: true, sizes: { taskClasses: 10 } }).files);
  const r = runOnce({ command: node, args: [mainJs], cwd: small }, scratch);
  const wired =
    r.status === 0 &&
    readStacks(join(small, "cdktf.out")).some((st) =>
      Object.keys(st.json.resource ?? {}).some((t) => t.startsWith("azurerm_api_management")),
    );
  const what = "synth of a 500-class gateway (policy over the limit): exit 1, cdktf.out unchanged";
  if (!wired) {
    return {
      row: naRow(
        "B6",
        what,
        r.status === 0 ? "synth writes no APIM resources yet" : `synth of the 10-class gateway config failed (exit ${r.status})`,
      ),
      lines: [
        `- Synth with a gateway: ${NA} (${r.status === 0 ? "synthesized output has no azurerm_api_management resources" : `exit ${r.status}: ${firstLine(r.stderr)}`}).`,
      ],
    };
  }
  const big = tempProject(scratch, "b6-big", generateConfig({ scale: 1, gateway: true, sizes: { taskClasses: 500 } }).files);
  mkdirSync(join(big, "cdktf.out"), { recursive: true });
  writeFileSync(join(big, "cdktf.out", "MARKER"), "previous run\n");
  const before = readTree(join(big, "cdktf.out"));
  const b = runOnce({ command: node, args: [mainJs], cwd: big }, scratch);
  const after = readTree(join(big, "cdktf.out"));
  const unchanged = before.size === after.size && [...before].every(([k, v]) => after.get(k)?.equals(v) === true);
  const met = b.status === 1 && unchanged;
  return {
    row: {
      id: "B6",
      what,
      runs: "1",
      median: `exit ${b.status}`,
      min: "-",
      max: "-",
      rss: "-",
      target: "exit 1, unchanged",
      met: met ? "yes" : `no (cdktf.out ${unchanged ? "unchanged" : "changed"})`,
    },
    lines: [
      `- Synth with a gateway of 500 task classes (limit ${kib(limit)}): exit ${b.status}, cdktf.out ${unchanged ? "unchanged" : "**changed**"}; message: ${firstLine(b.stderr) || "(none)"}`,
    ],
  };
}

// ---- main ----

function machine(): string[][] {
  const gitV = spawnSync("git", ["--version"], { encoding: "utf8" }).stdout.trim();
  return [
    ["nproc", String(availableParallelism())],
    ["CPU", cpus()[0]?.model.trim() ?? "unknown"],
    ["memory", `${Math.round(totalmem() / 1024 ** 3)} GiB`],
    ["OS", `${osType()} ${release()}`],
    ["node", process.version],
    ["git", gitV.replace(/^git version /, "")],
    ["GNU time", hasGnuTime() ? "yes" : "no"],
  ];
}

/** The benchmarks in report order. B2 and B3 read the same synth runs, so they run as one. */
const BENCHMARKS: readonly { readonly ids: readonly string[]; readonly slow?: boolean; run(ctx: Context): readonly Part[] }[] = [
  { ids: ["B1"], run: (ctx) => [b1(ctx)] },
  {
    ids: ["B2", "B3"],
    run: (ctx) => {
      const synths = b2(ctx);
      return [synths, b3(synths.results)];
    },
  },
  { ids: ["B4"], slow: true, run: (ctx) => [b4(ctx)] },
  { ids: ["B5"], run: (ctx) => [b5(ctx)] },
  { ids: ["B6"], run: (ctx) => [b6(ctx)] },
  // B7 (bench/observe.ts): --quick measures 1M records only.
  { ids: ["B7"], run: (ctx) => [observeBench(ctx, process.argv.includes("--quick"))] },
  // B8 (bench/replay.ts): review --usage; --quick measures 1M records only.
  { ids: ["B8"], run: (ctx) => [replayBench(ctx, process.argv.includes("--quick"))] },
];

function main(): void {
  let parsed: Options | "help";
  try {
    parsed = parseOptions(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`bench: ${e.message}\nusage: ${USAGE}\n`);
    process.exit(EXIT.usage);
  }
  if (parsed === "help") {
    process.stdout.write([`usage: ${USAGE}`, "", "options:", ...describeOptions(OPTIONS), ""].join("\n"));
    return;
  }
  const o = parsed;
  if (!existsSync(join(DIST, "main.js"))) {
    process.stderr.write("bench: dist/main.js not found; run `npm run bench` (it builds first)\n");
    process.exit(EXIT.usage);
  }
  const ctx: Context = { scratch: mkdtempSync(join(tmpdir(), "foundry-routes-bench-")), runs: o.runs };
  const chosen = BENCHMARKS.filter((b) => (!o.only || b.ids.some((id) => o.only!.has(id))) && !(b.slow && o.quick));
  const load0 = loadavg()[0]!;
  const t0 = Date.now();
  let parts: readonly Part[];
  try {
    parts = chosen.flatMap((b) => b.run(ctx));
  } finally {
    rmSync(ctx.scratch, { recursive: true, force: true });
  }
  const load1 = loadavg()[0]!;

  const header = ["id", "what", "runs", "median", "min", "max", "peak RSS", "target", "met"];
  const body = parts.flatMap((p) => p.rows).map((r) => [r.id, r.what, r.runs, r.median, r.min, r.max, r.rss, r.target, r.met]);
  const summary = table(header, body);
  process.stdout.write(`${summary}\n`);
  if (o.out === undefined) {
    log("--only without --out: docs/BENCHMARKS.md left as it was (pass --out FILE to write this run's report)");
    return;
  }
  const out = o.out;
  const doc = [
    "# Benchmarks",
    "",
    "Generated by `npm run bench` (`bench/run.ts`); do not edit by hand. Figures are what this run measured.",
    `Median of ${o.runs} timed runs after one untimed warm-up run, with min and max; wall time of the whole child process.`,
    o.quick ? "This run used --quick: B4 (npm test) was skipped." : "",
    "",
    "## Machine",
    "",
    table(
      ["", ""],
      [
        ...machine(),
        ["1-min load average (start → end)", `${load0.toFixed(2)} → ${load1.toFixed(2)}`],
        ["bench duration", secs(Date.now() - t0)],
      ],
    ),
    "",
    "## Results",
    "",
    summary,
    "",
    "## Details",
    "",
    parts.map((p) => p.section).join("\n\n"),
    "",
    "## Method notes",
    "",
    "- Determinism and which list orders matter: docs/determinism.md.",
    "- Every child gets a minimal environment (PATH, HOME) with CHECKPOINT_DISABLE=1 so no command reaches the network for telemetry.",
    "- The machine is shared: the load average above tells how busy it was; rerun before comparing figures across runs.",
    "",
  ]
    .filter((l, i, all) => !(l === "" && all[i - 1] === ""))
    .join("\n");
  mkdirSync(join(out, ".."), { recursive: true });
  writeFileSync(out, doc);
  log(`wrote ${out.startsWith(REPO) ? out.slice(REPO.length + 1) : out}`);
}

main();
