// Transpile-only jest transform: esbuild strips types (tsc --noEmit does the checking), which is what keeps
// `npm test` fast. Inline source maps keep stack traces pointing at the .ts lines. A dynamic import() (how commands
// load cdktf and DuckDB on use) becomes a require(): jest's CommonJS runtime cannot run import() without a Node flag.
const { transformSync } = require("esbuild");
const { createHash } = require("node:crypto");

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, {
      loader: "ts",
      format: "cjs",
      target: "node20",
      supported: { "dynamic-import": false },
      sourcemap: "external",
      sourcefile: filename,
    });
    return { code, map };
  },
  getCacheKey(source, filename) {
    return createHash("sha256").update(source).update("\0").update(filename).update("\0esbuild-2").digest("hex");
  },
};
