// `npm run synth` and cdktf.json's app: build when an input changed (scripts/build.mjs), then run the cdktf app
// (dist/main.js) in this same process. One node start instead of two (`node scripts/build.mjs && node dist/main.js`)
// is a fifth of a synth of the sample. Same output, messages and exit status as `node dist/main.js`.
// CommonJS, and the build loaded only when the stamp is stale: an ES module entry point and the build's imports cost
// Node a tenth of a synth before the app starts. Without npm's own start-up (about 0.2 s): `node scripts/synth.cjs`.
"use strict";
const { isBuilt } = require("./build-stamp.cjs");

if (isBuilt()) require("../dist/main.js");
else {
  import("./build.mjs").then(({ ensureBuilt }) => ensureBuilt()).then(() => require("../dist/main.js"));
}
