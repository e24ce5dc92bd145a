// The cdktf app: `node dist/main.js` (cdktf.json runs it after the build). The work is io/synth-app.ts.
import { runSynthApp } from "./io/synth-app";

export { OUTDIR } from "./io/synth-app";

process.exitCode = runSynthApp({
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  cwd: process.cwd(),
  env: process.env,
});
