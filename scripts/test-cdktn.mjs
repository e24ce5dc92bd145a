// `npm run test:cdktn`: the sample synthesizes to the same Terraform JSON on CDK Terrain (cdktn, the fork of the
// archived cdktf) as on our cdktf. It copies the project into a temporary directory, installs it there with cdktf and
// @cdktf/provider-azurerm aliased to cdktn and @cdktn/provider-azurerm, type-checks it and runs `npm run synth` there,
// synthesizes here with our packages into another temporary directory, and compares every stack's cdk.tf.json as
// parsed JSON with the two version fields in IGNORED deleted. docs/cdk-terrain.md says what this proves and what not.
// Exit status: 0 equal; 1 different, or the copy no longer type-checks or synthesizes on CDK Terrain; 2 the check could
// not run (npm registry unreachable, install failed, our own synth failed); 70 a bug in this script. `--keep` keeps the
// temporary directory and prints where it is.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** What the copy's package.json gets, on top of our dependencies. */
const DEPENDENCIES = {
  cdktf: "npm:cdktn@0.24.0",
  "@cdktf/provider-azurerm": "npm:@cdktn/provider-azurerm@16.1.0",
  // cdktn 0.24.0 wants constructs >=10.6.0 <10.8.0; we pin 10.4.2.
  constructs: "10.7.2",
};
// @cdktn/provider-azurerm 16.1.0 imports "cdktn" by its own name, with a peer range (^0.23.0) that 0.24.0 is outside of:
// the override installs cdktn 0.24.0 for it, a second copy of the same package the cdktf alias installs.
const OVERRIDES = { cdktn: "0.24.0" };
/** [folder under node_modules, package name, version] that the install must have produced. */
const INSTALLED = [
  ["cdktf", "cdktn", "0.24.0"],
  ["cdktn", "cdktn", "0.24.0"],
  ["@cdktf/provider-azurerm", "@cdktn/provider-azurerm", "16.1.0"],
  ["constructs", "constructs", "10.7.2"],
];
/** The only fields allowed to differ: the cdktf version in the stack metadata and the azurerm version constraint. */
const IGNORED = [
  ["//", "metadata", "version"],
  ["terraform", "required_providers", "azurerm", "version"],
];
/** Top-level entries of the repository that are not copied. */
const SKIP = new Set(["node_modules", "dist", "cdktf.out", ".git", "coverage", ".gen", ".terraform"]);
const SHOWN_DIFFERENCES = 10;

const EXIT = { equal: 0, different: 1, notRun: 2, internal: 70 };
const root = fileURLToPath(new URL("..", import.meta.url));
const started = Date.now();
const seconds = () => `${Math.round((Date.now() - started) / 1000)} s`;
const note = (text) => process.stderr.write(`test:cdktn: ${text} [${seconds()}]\n`);

/** A failure: `message` is the one summary line; `details` (indented lines) are printed before it, on stderr. */
class Failure extends Error {
  constructor(message, details = "") {
    super(message);
    this.details = details;
  }
}
class NotRun extends Failure {}
class Different extends Failure {}

const args = process.argv.slice(2);
if (args.some((a) => a !== "--keep")) {
  process.stderr.write("usage: node scripts/test-cdktn.mjs [--keep]\n");
  process.exit(2);
}
const keep = args.includes("--keep");
const work = mkdtempSync(join(tmpdir(), "foundry-routes-cdktn-"));
// `rm -rf` removes the copied node_modules about twice as fast as fs.rmSync.
const cleanup = () => {
  if (keep) return note(`kept ${work}`);
  if (process.platform === "win32" || spawnSync("rm", ["-rf", work]).status !== 0) rmSync(work, { recursive: true, force: true });
};
process.on("SIGINT", () => {
  cleanup();
  process.exit(130);
});

let line;
try {
  line = `test:cdktn: ${await check()}`;
  process.exitCode = EXIT.equal;
} catch (e) {
  if (e instanceof Failure && e.details) process.stderr.write(`${e.details}\n`);
  line = `test:cdktn: ${e instanceof Failure ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`}`;
  process.exitCode = e instanceof Different ? EXIT.different : e instanceof NotRun ? EXIT.notRun : EXIT.internal;
} finally {
  cleanup();
}
process.stdout.write(`${line} (${seconds()})\n`);

async function check() {
  // The registry first: without it nothing below can run, and CI must say so rather than pass.
  await Promise.all(
    Object.entries(DEPENDENCIES).map(([name, spec]) => lookUp(spec.startsWith("npm:") ? spec.slice(4) : `${name}@${spec}`)),
  );

  const ours = join(work, "ours");
  await mustRun(process.execPath, ["scripts/build.mjs"], { cwd: root }, "our build failed");
  await mustRun(process.execPath, ["dist/main.js"], { cwd: root, env: { ...process.env, CDKTF_OUTDIR: ours } }, "our synth failed");

  const project = join(work, "project");
  for (const name of readdirSync(root)) {
    if (SKIP.has(name) || name.startsWith(".cdktf.out.") || name.includes(".tfstate")) continue;
    cpSync(join(root, name), join(project, name), { recursive: true, verbatimSymlinks: true });
  }
  const pkgFile = join(project, "package.json");
  const pkg = JSON.parse(readFileSync(pkgFile, "utf8"));
  pkg.dependencies = { ...pkg.dependencies, ...DEPENDENCIES };
  pkg.overrides = { ...pkg.overrides, ...OVERRIDES };
  writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);

  // Copying our node_modules and letting npm replace the aliased packages takes about a minute; a clean install of the
  // whole tree about two and a half.
  const modules = join(root, "node_modules");
  if (existsSync(modules)) {
    note(`copying node_modules into ${project}`);
    await copyTree(realpathSync(modules), join(project, "node_modules"));
  } else {
    note(`no node_modules here: installing the whole project in ${project}`);
  }
  note("npm install with cdktf → cdktn@0.24.0, @cdktf/provider-azurerm → @cdktn/provider-azurerm@16.1.0");
  const env = npmEnv();
  await mustRun("npm", ["install", "--no-audit", "--no-fund", "--prefix", project], { cwd: project, env }, "npm install failed");
  for (const [folder, name, version] of INSTALLED) {
    const file = join(project, "node_modules", folder, "package.json");
    const found = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined;
    if (found?.name !== name || found?.version !== version) {
      throw new NotRun(`node_modules/${folder} is ${found ? `${found.name}@${found.version}` : "missing"}, expected ${name}@${version}`);
    }
  }

  note("type-check and synth on CDK Terrain");
  const tsc = join(project, "node_modules", "typescript", "bin", "tsc");
  const [typed, synthesized] = await Promise.all([
    run(process.execPath, [tsc, "--noEmit", "-p", "tsconfig.json"], { cwd: project, env }),
    run("npm", ["run", "synth", "--prefix", project], { cwd: project, env }),
  ]);
  if (synthesized.code !== 0) throw new Different("npm run synth fails on CDK Terrain", tail(synthesized));
  if (typed.code !== 0) throw new Different("the sources do not type-check on CDK Terrain (tsc --noEmit)", tail(typed));

  return compare(ours, join(project, "cdktf.out"));
}

/** Every stack's cdk.tf.json, as parsed JSON minus IGNORED; throws Different with the first differences. */
function compare(oursDir, theirsDir) {
  const stacks = (dir) => readdirSync(join(dir, "stacks")).sort();
  const [ourStacks, theirStacks] = [stacks(oursDir), stacks(theirsDir)];
  if (ourStacks.join() !== theirStacks.join()) {
    throw new Different(`stacks differ: cdktf writes ${ourStacks.join(", ")}; CDK Terrain writes ${theirStacks.join(", ")}`);
  }
  const found = [];
  const ignored = new Map(IGNORED.map((path) => [formatPath(path), new Set()]));
  for (const stack of ourStacks) {
    const files = (dir) =>
      readdirSync(join(dir, "stacks", stack))
        .sort()
        .join(", ");
    if (files(oursDir) !== files(theirsDir)) {
      found.push(`stacks/${stack}: cdktf writes ${files(oursDir)}; CDK Terrain writes ${files(theirsDir)}`);
      continue;
    }
    const file = join("stacks", stack, "cdk.tf.json");
    const [ours, theirs] = [oursDir, theirsDir].map((dir) => JSON.parse(readFileSync(join(dir, file), "utf8")));
    for (const path of IGNORED) ignored.get(formatPath(path)).add(`${deletePath(ours, path)} → ${deletePath(theirs, path)}`);
    for (const d of differences(ours, theirs)) found.push(`${file} ${d}`);
  }
  const names = ourStacks.join(", ");
  if (found.length > 0) {
    const shown = found.slice(0, SHOWN_DIFFERENCES).map((d) => `  ${d}`);
    if (found.length > shown.length) shown.push(`  … and ${found.length - shown.length} more`);
    throw new Different(`${names}: CDK Terrain's cdk.tf.json differs from cdktf's in ${found.length} place(s)`, shown.join("\n"));
  }
  const apart = [...ignored].map(([path, changes]) => `${path} (${[...changes].join(", ")})`).join(" and ");
  return `${names}: cdk.tf.json on CDK Terrain equals cdktf's apart from ${apart}`;
}

/** Deletes obj[path[0]][path[1]]…, returning what was there (or "absent"). */
function deletePath(obj, path) {
  const parent = path.slice(0, -1).reduce((o, k) => (o !== null && typeof o === "object" ? o[k] : undefined), obj);
  const last = path.at(-1);
  if (parent === null || typeof parent !== "object" || !(last in parent)) return "absent";
  const value = parent[last];
  delete parent[last];
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Lines like `resource.x.y.z: cdktf "a", CDK Terrain "b"`, in document order. */
function differences(a, b, path = []) {
  const here = formatPath(path);
  const isTree = (v) => v !== null && typeof v === "object";
  if (isTree(a) && isTree(b) && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !(k in a))];
    return keys.flatMap((k) => {
      if (!(k in b)) return [`${formatPath([...path, k])}: only cdktf writes it (${show(a[k])})`];
      if (!(k in a)) return [`${formatPath([...path, k])}: only CDK Terrain writes it (${show(b[k])})`];
      return differences(a[k], b[k], [...path, Array.isArray(a) ? Number(k) : k]);
    });
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [`${here}: cdktf ${show(a)}, CDK Terrain ${show(b)}`];
}

function formatPath(path) {
  const parts = path.map((k) => (typeof k === "number" ? `[${k}]` : /^[A-Za-z_][\w-]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`));
  return parts.join("").replace(/^\./, "") || "(root)";
}

function show(value) {
  const text = JSON.stringify(value);
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

/** `npm view SPEC version`; throws NotRun saying whether the registry is unreachable or lacks the version. */
async function lookUp(spec) {
  const result = await run("npm", ["view", spec, "version", "--json", "--fetch-timeout=30000", "--fetch-retries=1"], { env: npmEnv() });
  const version = spec.slice(spec.lastIndexOf("@") + 1);
  let answer;
  try {
    answer = JSON.parse(result.stdout);
  } catch {
    answer = undefined;
  }
  if (result.code === 0 && answer === version) return;
  // With --json, npm prints its error as {"error": {"code", "summary"}} on stdout.
  const { code, summary } = answer?.error ?? {};
  if (result.code === 0 || code === "E404" || code === "ETARGET")
    throw new NotRun(`${spec} is not on the npm registry; nothing was compared`);
  const reason = summary ?? result.stderr.split("\n").find((l) => l.startsWith("npm error")) ?? `npm view exited ${result.code}`;
  throw new NotRun(`cannot reach the npm registry (${code ? `${code}: ` : ""}${reason}); nothing was compared`);
}

/** The environment for npm in the copy: not the one `npm run` set up for this repository. */
function npmEnv() {
  const drop = (k) => k === "CDKTF_OUTDIR" || k === "INIT_CWD" || /^npm_(package_|lifecycle_|config_local_prefix$)/.test(k);
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !drop(k)));
}

/** `cp -a` keeps node_modules/.bin's relative links as links and is faster than fs.cpSync; Windows has no cp. */
async function copyTree(from, to) {
  if (process.platform === "win32") return cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  if (!statSync(from).isDirectory()) throw new NotRun(`${from} is not a directory`);
  await mustRun("cp", ["-a", from, to], {}, "copying node_modules failed");
}

async function mustRun(cmd, argv, options, failure) {
  const result = await run(cmd, argv, options);
  if (result.code !== 0) throw new NotRun(`${failure} (${[cmd, ...argv].join(" ")})`, tail(result));
  return result;
}

/** Runs a command to completion, collecting its output. */
function run(cmd, argv, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (e) => resolve({ code: 127, stdout, stderr: `${stderr}${e.message}\n` }));
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), stdout, stderr }));
  });
}

/** The last lines a failed command printed, indented. */
function tail(result) {
  const lines = `${result.stdout}\n${result.stderr}`.split("\n").filter((l) => l.trim() !== "" && !/^(warning|suppressed) FR-/.test(l));
  return lines
    .slice(-20)
    .map((l) => `  ${l}`)
    .join("\n");
}
