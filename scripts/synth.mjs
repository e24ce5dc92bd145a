// `npm run synth` and cdktf.json's app: build when an input changed (scripts/build.mjs), then run the cdktf app
// (dist/main.js) in this same process. One node start instead of two (`node scripts/build.mjs && node dist/main.js`)
// is a fifth of a synth of the sample. Same output, messages and exit status as `node dist/main.js`.
// Faster still, without npm's own start-up (about 0.3 s): `node scripts/synth.mjs`.
import { createRequire } from "node:module";
import { ensureBuilt } from "./build.mjs";

await ensureBuilt();
createRequire(import.meta.url)("../dist/main.js");
