// REGRESSION TESTS FOR BUGS FOUND BY THE ROBUSTNESS SUITE IN FILES OWNED BY OTHERS.
// Each test fails until the named file is fixed; each was reported to the lead with the input and the stack.
// Do not delete a test here when it passes: it then guards the fix.
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { makeProject } from "./project";
import { bundleMain, removeDir, runMain, snapshotTree, tempDir } from "./tree";

let work: string;
let mainJs: string;
beforeAll(() => {
  work = tempDir("regressions");
  mainJs = bundleMain(work);
});
afterAll(() => removeDir(work));

describe("REGRESSION main.ts: an unreadable config file is a user error (exit 2), not an internal error (exit 70)", () => {
  it("reports a dangling environment link in one line with exit 2 and leaves cdktf.out alone", () => {
    // GIVEN config/environments/prod.yaml is a symbolic link to a file that does not exist
    const dir = makeProject(join(work, "dangling"));
    symlinkSync(join(dir, "does-not-exist.yaml"), join(dir, "config/environments/prod.yaml"));
    const before = snapshotTree(join(dir, "cdktf.out"));
    // WHEN the app runs (node dist/main.js)
    const r = runMain(mainJs, dir);
    // THEN cdktf.out is byte-identical (this part holds today)
    expect(snapshotTree(join(dir, "cdktf.out"))).toEqual(before);
    // AND the message names the file as a user error with exit 2 (today: "internal error: …", exit 70;
    // readConfigDir throws UnreadableConfigError and main.ts's catch-all treats every throw as a bug)
    expect(r.stderr).toContain("config/environments/prod.yaml");
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBe(2);
  });
});
