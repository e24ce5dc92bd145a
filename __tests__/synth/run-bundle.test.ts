// scripts/run-bundle.cjs, which dist/main.js uses to run the bundled app: it runs the bundle as a main module, writes
// V8's code cache only after a run that exits 0, and a later run uses that cache and behaves the same.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const RUN_BUNDLE = resolve(__dirname, "../../scripts/run-bundle.cjs");
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "fr-run-bundle-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A bundle that prints its module facts and exits with `FR_EXIT`. */
function writeBundle(): { bundle: string; cache: string; main: string } {
  const bundle = join(dir, "bundle.js");
  writeFileSync(
    bundle,
    [
      "const { join } = require('node:path');",
      "console.log(JSON.stringify({ file: __filename === join(__dirname, 'bundle.js'), sep: require('node:path').sep, exports: typeof exports }));",
      "process.exitCode = Number(process.env.FR_EXIT ?? 0);",
    ].join("\n"),
  );
  const cache = join(dir, ".bundle.v8cache");
  const main = join(dir, "main.js");
  writeFileSync(main, `require(${JSON.stringify(RUN_BUNDLE)}).run(${JSON.stringify(bundle)}, ${JSON.stringify(cache)});\n`);
  return { bundle, cache, main };
}

function run(main: string, exit = 0) {
  const r = spawnSync(process.execPath, [main], { encoding: "utf8", env: { ...process.env, FR_EXIT: String(exit) } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("a failing run writes no cache; a successful one does, and the next run uses it with the same result", () => {
  // GIVEN a bundle and no cache
  const { cache, main } = writeBundle();
  // WHEN it runs and exits 1
  const failed = run(main, 1);
  // THEN it ran as a module and wrote nothing
  expect(failed).toEqual({ code: 1, stdout: `${JSON.stringify({ file: true, sep: "/", exports: "object" })}\n`, stderr: "" });
  expect(existsSync(cache)).toBe(false);
  // WHEN it runs and exits 0, twice
  const first = run(main);
  const written = statSync(cache).mtimeMs;
  const second = run(main);
  // THEN the first wrote the cache, the second accepted it (left it as it was), and both printed the same
  expect(first.code).toBe(0);
  expect(second).toEqual(first);
  expect(statSync(cache).mtimeMs).toBe(written);
  expect(readdirSync(dir).filter((n) => n.endsWith(".tmp"))).toEqual([]);
});

test("a cache V8 rejects (not code for this source) is replaced after a successful run", () => {
  // GIVEN a cache file of garbage
  const { cache, main } = writeBundle();
  writeFileSync(cache, "not a V8 code cache");
  // WHEN the bundle runs
  const r = run(main);
  // THEN it runs normally and the cache is rewritten
  expect(r.code).toBe(0);
  expect(statSync(cache).size).toBeGreaterThan("not a V8 code cache".length);
});
