// Build: esbuild turns each .ts file into CommonJS under dist/ (bench and tests spawn those), and bundles the two
// entry points into single files, so a run loads one module of ours instead of about a hundred. Type-checking is
// `npm run typecheck` (tsc --noEmit).
// - dist/cli/main.js: our code bundled, node_modules external.
// - dist/main.js (the cdktf app, `npm run synth`): a short file that runs dist/main.bundle.js with V8's code
//   cache and a later optimizing compiler (scripts/run-bundle.cjs). The bundle holds the packages too (cdktf, the azurerm resources we import,
//   constructs, yaml, zod): resolving and compiling some 500 files of node_modules was a third of a synth. Its
//   whitespace and comments are minified away (a third less to read; names and code are as written).
//   cdktf's zip support (archiver, glob: a tenth of a synth to load, used only by TerraformAsset) loads on first use.
// The build is skipped when no input changed since the last one: a stamp of every input's path, size and mtime.
// `node scripts/build.mjs` builds when needed; scripts/synth.mjs imports ensureBuilt() to do the same in its process.
import { createHash } from "node:crypto";
import { copyFileSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const ROOTS = ["main.ts", "routing", "constructs", "cli", "io", "bench", "fixtures"];
/** Build inputs besides the .ts files: this script and the loader it copies into dist/. */
const TOOLS = ["scripts/build.mjs", "scripts/run-bundle.cjs"];

/**
 * Every .ts input as [path, size, mtime], sorted. Every `npm run synth` runs this: directory entries say what they
 * are, so only the .ts files (and links) are stat'ed, and paths are joined with "/" (node:path's join normalizes).
 */
function inputs() {
  const found = [];
  const file = (p) => {
    if (!p.endsWith(".ts") || p.endsWith(".d.ts")) return;
    const st = statSync(REPO + p, { throwIfNoEntry: false });
    if (st) found.push([p, st.size, st.mtimeMs]);
  };
  const dir = (p) => {
    const entries = readdirSync(REPO + p, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const q = `${p}/${e.name}`;
      if (e.isDirectory()) dir(q);
      else if (e.isFile()) file(q);
      // A link: what it points to (a dangling one is skipped).
      else if (statSync(REPO + q, { throwIfNoEntry: false })?.isDirectory()) dir(q);
      else file(q);
    }
  };
  for (const r of ROOTS) {
    const st = statSync(REPO + r, { throwIfNoEntry: false });
    if (st?.isDirectory()) dir(r);
    else if (st) file(r);
  }
  return found;
}

/**
 * cdktf's private/fs.js requires archiver and child_process (with net, dgram and more) at load time; defer them to
 * the first call (only TerraformAsset zips, copies and hashes).
 */
const lazyArchiver = {
  name: "lazy-archiver",
  setup(b) {
    b.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/]private[\\/]fs\.js$/ }, (args) => {
      const eager = 'const archiver = require("archiver");';
      const childProcess = 'const child_process_1 = require("child_process");';
      const text = readFileSync(args.path, "utf8");
      // Another cdktf version may not have the lines: then they stay as they are (correct, only slower).
      const contents = text
        .replace(eager, 'const archiver = (...args) => require("archiver")(...args);')
        .replace(childProcess, `const child_process_1 = ${lazyModule('require("child_process")')};`);
      return { contents, loader: "js" };
    });
  },
};

/**
 * cdktf records where every token was created (`creationStack`, about 600 in a synth of the sample) as a full stack
 * trace rendered to strings, for its error messages only; rendering them was a tenth of synth. This version of its
 * private stack-trace.js captures the same trace (same depth, same frames) but renders it on first read.
 */
const lazyStackTraces = {
  name: "lazy-stack-traces",
  setup(b) {
    b.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]stack-trace\.js$/ }, (args) => {
      // Only the module this replaces: one export, captureStackTrace (cdktf 0.21). Another shape (CDK Terrain adds
      // captureCreationStack) is bundled as it is.
      const original = readFileSync(args.path, "utf8");
      const exported = [...original.matchAll(/exports\.(\w+)\s*=/g)].map((m) => m[1]);
      if (exported.length !== 1 || exported[0] !== "captureStackTrace") return undefined;
      return { loader: "js", contents: LAZY_STACK_TRACE };
    });
  },
};

/**
 * cdktf's validations/validate-binary-version.js and testing/matchers.js (which cdktf's index loads for its Testing
 * helpers) load child_process (with net, dgram and more, about a twentieth of a synth) at load time, the former semver
 * too, for ValidateBinaryVersion.validate() (only Terraform modules register one) and for tests: load them on first
 * use.
 */
const lazyChildProcess = {
  name: "lazy-child-process",
  setup(b) {
    b.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/](validations[\\/]validate-binary-version|testing[\\/]matchers)\.js$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      const eager = { child_process_1: "child_process", semver: "semver" };
      let contents = text;
      for (const [name, id] of Object.entries(eager)) {
        const line = `const ${name} = require("${id}");`;
        contents = contents.replace(line, `const ${name} = ${lazyModule(`require("${id}")`)};`);
      }
      // Another cdktf version (CDK Terrain) may not have these lines: then it stays as it is (correct, only slower).
      return contents === text ? undefined : { contents, loader: "js" };
    });
  },
};

/**
 * Two changes to how cdktf resolves tokens, each the same result for less work. Resolving was two thirds of synth.
 * Only the files they were checked against are changed (cdktf 0.21.0, by hash); any other file (CDK Terrain's) is
 * bundled as it is, and the second change needs all three files changed, so it is off when one is not.
 *
 * 1. resolve() resolves every key of every object it walks as a string of its own, and every value, undefined ones
 *    included: the attributes of the provider bindings are mostly undefined, and these calls were more than half of
 *    the 20,000 resolve() calls of a synth of the sample. A key of letters and underscores holds no token (every token
 *    marker and escape needs `$`, `#`, `&`, `{`, a digit or one of `-|.+`), so it resolves to itself with no side
 *    effect, and an undefined value resolves to undefined, which the loop skips; at the depth limit the original loop
 *    runs and throws as before.
 * 2. App.synth() resolves every element of every stack twice: once "preparing" (TerraformStack.prepareStack, for
 *    cross-stack references), result dropped, then again for the output (toTerraform). The second resolve reuses the
 *    first one's result when nothing between them can have changed it: the stack has the same elements (a cross-stack
 *    reference adds one to both stacks), no construct of the app has an aspect or custom synthesis (the only code
 *    cdktf runs in between besides validations), and every token the first resolve met is a Reference or a
 *    Dependable, whose value depends only on what they were built with and the stack resolving them (a Lazy or any
 *    other token may be stateful). Otherwise the stack is resolved again, as cdktf does.
 */
const cdktfResolve = {
  name: "cdktf-resolve",
  setup(b) {
    b.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/](tokens[\\/]private[\\/]resolve|terraform-stack|tfExpression)\.js$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      const edits = CDKTF_RESOLVE_EDITS[createHash("sha256").update(text).digest("hex")];
      if (!edits) return undefined;
      let contents = text;
      for (const [from, to] of edits) {
        if (contents.split(from).length !== 2) throw new Error(`${args.path}: expected ${JSON.stringify(from)} once`);
        contents = contents.replace(from, to);
      }
      return { contents, loader: "js" };
    });
  },
};

/** Per file hash (cdktf 0.21.0's lib/tokens/private/resolve.js, lib/terraform-stack.js, lib/tfExpression.js): [text, replacement]. */
const CDKTF_RESOLVE_EDITS = {
  "08c4dba33a40b05fd4f4c1957bd4102695c1b30df595bbb1ad1fb95fdc4a0382": [
    [
      "exports.findTokens = findTokens;\n",
      `exports.findTokens = findTokens;
const PLAIN_KEY = /^[A-Za-z_]+$/;
/** While TerraformStack.prepareStack resolves: whether a token not in \`pure\` was resolved. */
const preparing = { active: false, pure: new Set(), impure: false };
exports.preparing = preparing;
`,
    ],
    [
      "    if ((0, encoding_1.unresolved)(obj)) {\n",
      `    if ((0, encoding_1.unresolved)(obj)) {
        if (preparing.active && !preparing.pure.has(obj.constructor)) preparing.impure = true;
`,
    ],
    [
      "    for (const key of Object.keys(obj)) {\n",
      `    for (const key of Object.keys(obj)) {
        if (prefix.length < 200 && PLAIN_KEY.test(key)) {
            const plain = obj[key];
            if (plain === undefined) continue;
            const value = makeContext(key)[0].resolve(plain);
            if (typeof value !== "undefined") result[key] = value;
            continue;
        }
`,
    ],
  ],
  f2d91f5ec82388cfe1bcfc92fc16cc1f7175559c555c7fe0ccb79ecef4dd11e2: [
    ["exports.dependable = dependable;\n", "exports.dependable = dependable;\nexports.PURE_TOKENS = () => [Reference, Dependable];\n"],
  ],
  cb4d04ed1dd586e9cf395b2f903453bea35e8a13b4f9c5872c1049d090e00bc2: [
    [
      "        terraformElements(this).forEach((e) => (0, _tokens_1.resolve)(this, e.toTerraform(), true));\n",
      `        const elements = terraformElements(this);
        const audit = require("./tokens/private/resolve").preparing;
        const pure = tfExpression_1.PURE_TOKENS?.();
        if (!audit || !pure) {
            elements.forEach((e) => (0, _tokens_1.resolve)(this, e.toTerraform(), true));
            return;
        }
        for (const token of pure) audit.pure.add(token);
        audit.active = true;
        audit.impure = false;
        let fragments;
        try {
            fragments = elements.map((e) => (0, _tokens_1.resolve)(this, e.toTerraform(), true));
        }
        finally {
            audit.active = false;
        }
        if (!audit.impure) PREPARED.set(this, { elements, fragments });
`,
    ],
    [
      "        const fragments = elements.map((e) => (0, _tokens_1.resolve)(this, e.toTerraform()));\n",
      "        const fragments = preparedFragments(this, elements) ?? elements.map((e) => (0, _tokens_1.resolve)(this, e.toTerraform()));\n",
    ],
    [
      "function terraformElements(node, into = []) {\n",
      `/** What prepareStack resolved, per stack, until toTerraform takes it. */
const PREPARED = new WeakMap();
/** prepareStack's fragments, when the stack has the same elements and the app no aspect or custom synthesis. */
function preparedFragments(stack, elements) {
    const prepared = PREPARED.get(stack);
    PREPARED.delete(stack);
    if (!prepared || prepared.elements.length !== elements.length || prepared.elements.some((e, i) => e !== elements[i])) {
        return undefined;
    }
    const { Aspects } = require("./aspect");
    const customSynthesis = Symbol.for("cdktf/customSynthesis");
    for (const c of stack.node.root.node.findAll()) {
        if (c[customSynthesis] !== undefined || Aspects.of(c).all.length > 0) return undefined;
    }
    return prepared.fragments;
}
function terraformElements(node, into = []) {
`,
    ],
  ],
};

/**
 * yaml's Parser reads process.env.LOG_TOKENS (a debugging switch) for every token, and process.env is a lookup in the
 * process's environment each time: a tenth of parsing the sample. Read it once, when the parser module loads (nothing
 * sets it later). Another yaml version without that line is bundled as it is.
 */
const yamlLogTokensOnce = {
  name: "yaml-log-tokens-once",
  setup(b) {
    b.onLoad({ filter: /[\\/]yaml[\\/]dist[\\/]parse[\\/]parser\.js$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      const [load, check] = ["var node_process = require('process');\n", "        if (node_process.env.LOG_TOKENS)\n"];
      if (text.split(load).length !== 2 || text.split(check).length !== 2) return undefined;
      const contents = text
        .replace(load, `${load}const LOG_TOKENS = node_process.env.LOG_TOKENS;\n`)
        .replace(check, "        if (LOG_TOKENS)\n");
      return { contents, loader: "js" };
    });
  },
};

/** A stand-in for a module's exports object that requires the module when a property is first read. */
function lazyModule(load) {
  return `new Proxy({}, { get(_target, key) { return (${load})[key]; } })`;
}

const LAZY_STACK_TRACE = `"use strict";
exports.captureStackTrace = captureStackTrace;
// Per stand-in (the proxy's target): the captured trace, then its lines once rendered. One handler for all of them,
// with methods, so a capture makes no closures.
const traces = new WeakMap();
function lines(target) {
  let trace = traces.get(target);
  if (!Array.isArray(trace)) {
    trace = trace.stack ? trace.stack.split("\\n").slice(1).map((s) => s.replace(/^\\s*at\\s+/, "")) : [];
    traces.set(target, trace);
  }
  return trace;
}
// An array to its readers (length, join, indexing, iteration), filled in when first read.
const handler = {
  get(target, key) {
    const a = lines(target);
    const v = Reflect.get(a, key);
    return typeof v === "function" ? v.bind(a) : v;
  },
  has(target, key) {
    return Reflect.has(lines(target), key);
  },
  ownKeys(target) {
    return Reflect.ownKeys(lines(target));
  },
  getOwnPropertyDescriptor(target, key) {
    return Reflect.getOwnPropertyDescriptor(lines(target), key);
  },
};
function captureStackTrace(below) {
  below = below || captureStackTrace;
  const object = { stack: "" };
  const previousLimit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = Number.MAX_SAFE_INTEGER;
    Error.captureStackTrace(object, below);
  } finally {
    Error.stackTraceLimit = previousLimit;
  }
  const target = [];
  traces.set(target, object);
  return new Proxy(target, handler);
}
`;

/**
 * keepNames makes esbuild follow every function declaration with `__name(f, "f")`, which sets f.name to the name it
 * already has; inside a function that statement runs on every call (cdktf's resolve() declares makeContext and runs
 * once per value it resolves: a twentieth of a synth's CPU time went to these calls). Drops those statements where the
 * name is the declared one; a function esbuild renamed (`__name(visit3, "visit")`) keeps its statement, so every name
 * stays what it was unbundled. Minified (whitespace only), a statement may follow `;`, `{` or `}`.
 */
function withoutRedundantNames(code) {
  return code.replace(/(?<=^[ \t]*|[;{}])__name\(([A-Za-z_$][\w$]*), ?"\1"\);/gm, "");
}

/**
 * Bundles a cdktf app the way dist/main.bundle.js is bundled, with cdktf's packages and the changes above, into
 * `outfile`; `nodePaths` lets an app outside the repository (a test's) find its packages.
 */
export async function bundleApp(entryPoint, outfile, nodePaths = []) {
  const { build } = await import("esbuild");
  await build({
    absWorkingDir: REPO,
    format: "cjs",
    platform: "node",
    target: "node20",
    sourcemap: false,
    logLevel: "warning",
    entryPoints: [entryPoint],
    outfile,
    nodePaths,
    bundle: true,
    // Class names show in constructs' and cdktf's messages as they would unbundled.
    keepNames: true,
    minifyWhitespace: true,
    plugins: [lazyArchiver, lazyStackTraces, lazyChildProcess, cdktfResolve, yamlLogTokensOnce],
  });
  writeFileSync(outfile, withoutRedundantNames(readFileSync(outfile, "utf8")));
}

/** Builds dist/ unless the stamp says nothing changed (FOUNDRY_ROUTES_REBUILD=1 forces it). Returns whether it built. */
export async function ensureBuilt() {
  const files = inputs();
  const stampFile = join(REPO, "dist", ".build-stamp");
  const stamp = JSON.stringify([TOOLS.map((t) => statSync(join(REPO, t))).map((st) => [st.size, st.mtimeMs]), files]);
  let previous;
  try {
    previous = readFileSync(stampFile, "utf8");
  } catch {
    previous = undefined;
  }
  if (process.env.FOUNDRY_ROUTES_REBUILD !== "1" && previous === stamp) return false;

  // esbuild is loaded only when there is something to build.
  const { build } = await import("esbuild");
  const dist = join(REPO, "dist");
  rmSync(dist, { recursive: true, force: true });
  const common = { absWorkingDir: REPO, format: "cjs", platform: "node", target: "node20", sourcemap: false, logLevel: "warning" };
  await build({ ...common, entryPoints: files.map(([p]) => p), outdir: "dist", outbase: "." });
  await Promise.all([
    build({ ...common, entryPoints: ["cli/main.ts"], outfile: "dist/cli/main.js", bundle: true, packages: "external" }),
    bundleApp(join(REPO, "main.ts"), join(dist, "main.bundle.js")),
  ]);
  const bundle = readFileSync(join(dist, "main.bundle.js"), "utf8");
  copyFileSync(join(REPO, "scripts", "run-bundle.cjs"), join(dist, "run-bundle.js"));
  const hash = createHash("sha256").update(bundle).digest("hex").slice(0, 16);
  // esbuild writes non-ASCII characters of strings as escapes and minifyWhitespace drops comments: the bundle is ASCII,
  // which the loader reads as latin1 (no UTF-8 decoding); checked, since a future esbuild could write it otherwise.
  const encoding = Buffer.byteLength(bundle, "utf8") === bundle.length ? "latin1" : "utf8";
  writeFileSync(
    join(dist, "main.js"),
    [
      '"use strict";',
      "// Generated by scripts/build.mjs: the cdktf app is main.bundle.js, run with V8's code cache (scripts/run-bundle.cjs).",
      'const { join } = require("node:path");',
      `require("./run-bundle.js").run(join(__dirname, "main.bundle.js"), join(__dirname, ".main.bundle.${hash}.v8cache"), "${encoding}");`,
      "",
    ].join("\n"),
  );
  writeFileSync(stampFile, stamp);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await ensureBuilt();
