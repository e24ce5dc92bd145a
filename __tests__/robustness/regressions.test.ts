// REGRESSION TESTS FOR BUGS FOUND BY THE ROBUSTNESS SUITE IN FILES OWNED BY OTHERS.
// Each was written failing with the input that broke it; both are fixed and now guard
// the fixes. Add new ones here the same way: failing first, named after the file that must change.
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { generateData, toFiles } from "../../fixtures/builder";
import { readTree } from "../../fixtures/tf-json";
import { loadConfig } from "../../routing/config/loader";
import { synthesize } from "../../io/synth";
import { validateLoaded } from "../../routing/validate";
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
    // AND the message names the file as a user error with exit 2 (was "internal error: …", exit 70:
    // readConfigDir throws UnreadableConfigError and main.ts's catch-all treated every throw as a bug)
    expect(r.stderr).toContain("config/environments/prod.yaml");
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBe(2);
  });
});

describe("REGRESSION constructs/gateway.ts: synthesized bytes must not depend on the order of accounts", () => {
  it("synthesizes byte-identical output when models, task classes, accounts and routes are listed in reverse", () => {
    // GIVEN a two-environment config with a gateway, and the same config with those four lists reversed
    const make = () => generateData({ scale: 1, gateway: true, sizes: { environments: 2, accountsPerEnv: 3, taskClasses: 12 } }).data;
    const reversed = make();
    (reversed.models.models as unknown[]).reverse();
    (reversed.taskClasses.taskClasses as unknown[]).reverse();
    for (const env of Object.values(reversed.envs)) {
      (env.accounts as unknown[]).reverse();
      (env.routes as unknown[]).reverse();
    }
    // WHEN both are synthesized
    const a = synthJson(toFiles(make()), "order-a");
    const b = synthJson(toFiles(reversed), "order-b");
    // THEN the trees are byte-identical (reversing `accounts` used to reorder depends_on of
    // azurerm_api_management_api_policy.gateway_*: constructs/gateway.ts passed the deployments in YAML order)
    expect(a.size).toBeGreaterThan(1);
    const differing = [...a.keys()].filter((k) => !a.get(k)!.equals(b.get(k) ?? Buffer.alloc(0)));
    expect(differing).toEqual([]);
  });
});

function synthJson(files: ReadonlyMap<string, string>, name: string): Map<string, Buffer> {
  const result = validateLoaded(loadConfig(files));
  expect(result.errors).toEqual([]);
  const out = join(work, name);
  synthesize(result.config!, out);
  return readTree(out);
}
