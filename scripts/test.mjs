// `npm test`: type-check (tsc --noEmit) and jest side by side, so the wall time is the longer of the two.
// tsc is incremental (its state lives in node_modules/.cache), so a repeated local run re-checks only what changed.
// Exits non-zero if either fails. Extra arguments go to jest (e.g. npm test -- __tests__/gateway).
import { spawn } from "node:child_process";

const run = (cmd, args) =>
  new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: "inherit" });
    p.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    p.on("error", () => resolve(1));
  });

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
const [tsc, jest] = await Promise.all([
  run(bin("tsc"), [
    "--noEmit",
    "-p",
    "tsconfig.json",
    "--incremental",
    "--tsBuildInfoFile",
    "node_modules/.cache/foundry-routes/tsc.tsbuildinfo",
  ]),
  run(bin("jest"), process.argv.slice(2)),
]);
if (tsc !== 0) console.error("npm test: type-check failed (tsc --noEmit)");
process.exit(tsc !== 0 ? tsc : jest);
