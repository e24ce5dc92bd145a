// Whether dist/ is the build of the current sources: a stamp of every build input's path, size and mtime, which
// scripts/build.mjs writes after a build. CommonJS with node:fs only, because `npm run synth` checks it on every run
// (scripts/synth.cjs) before it loads anything else: an ES module or the build's imports would cost more than the check.
"use strict";
const { readFileSync, readdirSync, statSync } = require("node:fs");
const { join } = require("node:path");

const REPO = join(__dirname, "..") + "/";
const ROOTS = ["main.ts", "routing", "constructs", "cli", "io", "bench", "fixtures"];
/** Build inputs besides the .ts files: the build, this stamp, the module patches and the loader copied into dist/. */
const TOOLS = ["scripts/build.mjs", "scripts/build-stamp.cjs", "scripts/module-patches.cjs", "scripts/run-bundle.cjs"];
const STAMP_FILE = join(REPO, "dist", ".build-stamp");

/**
 * Every .ts input as [path, size, mtime], sorted. Directory entries say what they are, so only the .ts files (and
 * links) are stat'ed, and paths are joined with "/" (node:path's join normalizes).
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

/** The stamp of the sources as they are now; `files` is inputs(), when the caller has it already. */
function currentStamp(files = inputs()) {
  return JSON.stringify([TOOLS.map((t) => statSync(REPO + t)).map((st) => [st.size, st.mtimeMs]), files]);
}

/** Whether dist/ was built from the current sources (FOUNDRY_ROUTES_REBUILD=1 says no). */
function isBuilt(stamp = currentStamp()) {
  if (process.env.FOUNDRY_ROUTES_REBUILD === "1") return false;
  try {
    return readFileSync(STAMP_FILE, "utf8") === stamp;
  } catch {
    return false;
  }
}

module.exports = { REPO, STAMP_FILE, inputs, currentStamp, isBuilt };
