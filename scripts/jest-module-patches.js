// Jest transform for the node_modules files scripts/module-patches.cjs changes: `npm test` runs cdktf and yaml as the
// bundle of `npm run synth` does (and as fast). A file the patches do not fit is returned as it is.
const { readFileSync } = require("node:fs");
const { createHash } = require("node:crypto");
const { patchModule } = require("./module-patches.cjs");

const PATCHES_TEXT = readFileSync(require.resolve("./module-patches.cjs"), "utf8");

module.exports = {
  process(source, filename) {
    return { code: patchModule(filename, source) ?? source };
  },
  getCacheKey(source, filename) {
    return createHash("sha256").update(source).update("\0").update(filename).update("\0").update(PATCHES_TEXT).digest("hex");
  },
};
