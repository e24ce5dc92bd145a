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
 * cdktf's resolve() resolves every key of every object it walks as a string of its own, and every value, undefined
 * ones included: the attributes of the provider bindings are mostly undefined, and these calls were more than half of
 * the 20,000 resolve() calls of a synth of the sample (resolving is a third of synth). A key of letters and
 * underscores holds no token (every token marker and escape needs `$`, `#`, `&`, `{`, a digit or one of `-|.+`), so
 * it resolves to itself with no side effect, and an undefined value resolves to undefined, which the loop skips;
 * at the depth limit the original loop runs and throws as before. Only the resolve.js this was checked against is
 * patched (cdktf 0.21.0, by hash); any other (CDK Terrain's) is bundled as it is.
 */
const fastResolveKeys = {
  name: "fast-resolve-keys",
  setup(b) {
    b.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]resolve\.js$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      if (createHash("sha256").update(text).digest("hex") !== RESOLVE_JS_SHA256) return undefined;
      const loop = "    for (const key of Object.keys(obj)) {\n";
      if (text.split(loop).length !== 2) throw new Error(`${args.path}: expected one loop over an object's keys`);
      const contents = text.replace('"use strict";\n', '"use strict";\nconst PLAIN_KEY = /^[A-Za-z_]+$/;\n').replace(loop, loop + FAST_KEY);
      return { loader: "js", contents };
    });
  },
};

/** cdktf 0.21.0's lib/tokens/private/resolve.js. */
const RESOLVE_JS_SHA256 = "08c4dba33a40b05fd4f4c1957bd4102695c1b30df595bbb1ad1fb95fdc4a0382";

const FAST_KEY = `        if (prefix.length < 200 && PLAIN_KEY.test(key)) {
            const plain = obj[key];
            if (plain === undefined) continue;
            const value = makeContext(key)[0].resolve(plain);
            if (typeof value !== "undefined") result[key] = value;
            continue;
        }
`;

/** A stand-in for a module's exports object that requires the module when a property is first read. */
function lazyModule(load) {
  return `new Proxy({}, { get(_target, key) { return (${load})[key]; } })`;
}

const LAZY_STACK_TRACE = `"use strict";
exports.captureStackTrace = captureStackTrace;
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
  let lines;
  const render = () =>
    (lines ??= object.stack ? object.stack.split("\\n").slice(1).map((s) => s.replace(/^\\s*at\\s+/, "")) : []);
  // An array to its readers (length, join, indexing, iteration), filled in when first read.
  return new Proxy([], {
    get: (_t, key) => {
      const a = render();
      const v = Reflect.get(a, key);
      return typeof v === "function" ? v.bind(a) : v;
    },
    has: (_t, key) => Reflect.has(render(), key),
    ownKeys: () => Reflect.ownKeys(render()),
    getOwnPropertyDescriptor: (_t, key) => Reflect.getOwnPropertyDescriptor(render(), key),
  });
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
    // keepNames: class names show in constructs' and cdktf's messages as they would unbundled.
    build({
      ...common,
      entryPoints: ["main.ts"],
      outfile: "dist/main.bundle.js",
      bundle: true,
      keepNames: true,
      minifyWhitespace: true,
      plugins: [lazyArchiver, lazyStackTraces, lazyChildProcess, fastResolveKeys],
    }),
  ]);
  const bundleFile = join(dist, "main.bundle.js");
  const bundle = withoutRedundantNames(readFileSync(bundleFile, "utf8"));
  writeFileSync(bundleFile, bundle);
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
