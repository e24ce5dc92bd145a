// Changes to a few files of cdktf and yaml, each the same result for less work. The build bundles them into
// dist/main.bundle.js (scripts/build.mjs) and `npm test` loads them through its jest transform
// (scripts/jest-module-patches.js), so the tests run the code the synth runs. Each change is made only to the file it
// was written against (its lines, or its hash); any other version (CDK Terrain's) is used as it is.
"use strict";
const { createHash } = require("node:crypto");

/**
 * cdktf's private/fs.js requires archiver and child_process (with net, dgram and more) at load time; defer them to
 * the first call (only TerraformAsset zips, copies and hashes).
 */
function lazyArchiver(text) {
  const eager = 'const archiver = require("archiver");';
  const childProcess = 'const child_process_1 = require("child_process");';
  // Another cdktf version may not have the lines: then they stay as they are (correct, only slower).
  const contents = text
    .replace(eager, 'const archiver = (...args) => require("archiver")(...args);')
    .replace(childProcess, `const child_process_1 = ${lazyModule('require("child_process")')};`);
  return contents === text ? undefined : contents;
}

/**
 * cdktf records where every token was created (`creationStack`, about 600 in a synth of the sample) as a full stack
 * trace rendered to strings, for its error messages only; rendering them was a tenth of synth. This version of its
 * private stack-trace.js captures the same trace (same depth, same frames) but renders it on first read.
 */
function lazyStackTraces(text) {
  // Only the module this replaces: one export, captureStackTrace (cdktf 0.21). Another shape (CDK Terrain adds
  // captureCreationStack) is used as it is.
  const exported = [...text.matchAll(/exports\.(\w+)\s*=/g)].map((m) => m[1]);
  return exported.length === 1 && exported[0] === "captureStackTrace" ? LAZY_STACK_TRACE : undefined;
}

/**
 * cdktf's validations/validate-binary-version.js and testing/matchers.js (which cdktf's index loads for its Testing
 * helpers) load child_process (with net, dgram and more, about a twentieth of a synth) at load time, the former semver
 * too, for ValidateBinaryVersion.validate() (only Terraform modules register one) and for tests: load them on first
 * use.
 */
function lazyChildProcess(text) {
  const eager = { child_process_1: "child_process", semver: "semver" };
  let contents = text;
  for (const [name, id] of Object.entries(eager)) {
    const line = `const ${name} = require("${id}");`;
    contents = contents.replace(line, `const ${name} = ${lazyModule(`require("${id}")`)};`);
  }
  // Another cdktf version (CDK Terrain) may not have these lines: then it stays as it is (correct, only slower).
  return contents === text ? undefined : contents;
}

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
function cdktfResolve(text, path) {
  const edits = CDKTF_RESOLVE_EDITS[createHash("sha256").update(text).digest("hex")];
  if (!edits) return undefined;
  let contents = text;
  for (const [from, to] of edits) {
    if (contents.split(from).length !== 2) throw new Error(`${path}: expected ${JSON.stringify(from)} once`);
    contents = contents.replace(from, to);
  }
  return contents;
}

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
 * sets it later). Another yaml version without that line is used as it is.
 */
function yamlLogTokensOnce(text) {
  const [load, check] = ["var node_process = require('process');\n", "        if (node_process.env.LOG_TOKENS)\n"];
  if (text.split(load).length !== 2 || text.split(check).length !== 2) return undefined;
  return text.replace(load, `${load}const LOG_TOKENS = node_process.env.LOG_TOKENS;\n`).replace(check, "        if (LOG_TOKENS)\n");
}

/** Each patched module (its path below node_modules) and its change. */
const PATCHES = {
  "cdktf/lib/private/fs.js": lazyArchiver,
  "cdktf/lib/tokens/private/stack-trace.js": lazyStackTraces,
  "cdktf/lib/validations/validate-binary-version.js": lazyChildProcess,
  "cdktf/lib/testing/matchers.js": lazyChildProcess,
  "cdktf/lib/tokens/private/resolve.js": cdktfResolve,
  "cdktf/lib/terraform-stack.js": cdktfResolve,
  "cdktf/lib/tfExpression.js": cdktfResolve,
  "yaml/dist/parse/parser.js": yamlLogTokensOnce,
};

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\//g, "[\\\\/]");
/** The patched modules' paths below node_modules, as one RegExp alternation (either path separator). */
const PATCHED = `(${Object.keys(PATCHES).map(escape).join("|")})`;
/** Matches the path of every patched module (a RegExp esbuild's Go engine also runs: no lookaround). */
const FILTER = new RegExp(`[\\\\/]node_modules[\\\\/]${PATCHED}$`);

/** The patched text of the module at `path`, or undefined when it is not one of PATCHES or not the version they fit. */
function patchModule(path, text) {
  const name = FILTER.exec(path)?.[1].replace(/\\/g, "/");
  return name === undefined ? undefined : PATCHES[name](text, path);
}

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

module.exports = { FILTER, PATCHED, patchModule };
