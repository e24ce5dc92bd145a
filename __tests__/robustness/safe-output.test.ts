// Safe output: whatever goes wrong, cdktf.out is left exactly as it was before the run.
// Runs the real app (main.ts, bundled from today's sources) as a child process in a temp directory.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeProject } from "./project";
import { bundleMain, removeDir, runMain, snapshotTree, tempDir } from "./tree";

let work: string;
let mainJs: string;

beforeAll(() => {
  work = tempDir("safe-output");
  mainJs = bundleMain(work);
});
afterAll(() => removeDir(work));

function project(name: string): string {
  return makeProject(join(work, name));
}

function replaceIn(dir: string, file: string, from: RegExp, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, "utf8");
  if (!from.test(text)) throw new Error(`fixture: ${from} not found in ${file}`);
  writeFileSync(path, text.replace(from, to));
}

/** Nothing besides config/ and cdktf.out may be left behind (no temp or backup directories). */
function expectNoLeftovers(dir: string): void {
  expect(readdirSync(dir).sort()).toEqual(["cdktf.out", "config"]);
}

describe("cdktf.out on failure", () => {
  it("is replaced on success (control: the test can see a write)", () => {
    // GIVEN a valid config and a previous cdktf.out
    const dir = project("valid");
    const before = snapshotTree(join(dir, "cdktf.out"));
    // WHEN the app runs
    const r = runMain(mainJs, dir);
    // THEN it exits 0 and the old output, marker included, is gone
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    const after = snapshotTree(join(dir, "cdktf.out"));
    expect(after).not.toEqual(before);
    expect(after["MARKER-previous-run"]).toBeUndefined();
    expectNoLeftovers(dir);
  });

  const broken: [string, (dir: string) => void][] = [
    ["a YAML syntax error", (d) => writeFileSync(join(d, "config/environments/dev.yaml"), "accounts: [\n")],
    ["a schema error (wrong type)", (d) => replaceIn(d, "config/environments/dev.yaml", /capacity: \d+/, "capacity: lots")],
    ["a policy error (weights sum to 99)", (d) => replaceIn(d, "config/environments/dev.yaml", /weight: 100/, "weight: 99")],
    ["an unknown deployment reference", (d) => replaceIn(d, "config/environments/dev.yaml", /deployment: a00\//, "deployment: zz/")],
    ["an empty catalog file", (d) => writeFileSync(join(d, "config/models.yaml"), "")],
    [
      "an alias bomb",
      (d) =>
        writeFileSync(
          join(d, "config/task-classes.yaml"),
          `a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ntaskClasses: *d\n`,
        ),
    ],
  ];
  it.each(broken)("is untouched after %s (exit 1, findings on stderr)", (_, breakIt) => {
    // GIVEN a previous cdktf.out and a config broken in one way
    const dir = project(`broken-${Math.random().toString(36).slice(2)}`);
    breakIt(dir);
    const before = snapshotTree(join(dir, "cdktf.out"));
    // WHEN the app runs
    const r = runMain(mainJs, dir);
    // THEN it exits 1 with a message naming a config file, no stack trace, and cdktf.out is byte-identical
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/config\/[a-z/-]+\.yaml/);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(snapshotTree(join(dir, "cdktf.out"))).toEqual(before);
    expectNoLeftovers(dir);
  });

  it("is untouched when config/ is missing (exit 2)", () => {
    // GIVEN a directory with a previous cdktf.out but no config/
    const dir = project("no-config");
    removeDir(join(dir, "config"));
    const before = snapshotTree(join(dir, "cdktf.out"));
    // WHEN the app runs
    const r = runMain(mainJs, dir);
    // THEN it exits 2 and cdktf.out is byte-identical
    expect(r.status).toBe(2);
    expect(snapshotTree(join(dir, "cdktf.out"))).toEqual(before);
  });
  // An unreadable config file (dangling link): see regressions.test.ts (main.ts reports it as an internal error).
});
