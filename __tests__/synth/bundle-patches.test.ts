// scripts/build.mjs changes how cdktf resolves tokens in dist/main.bundle.js (plain keys, and reusing the preparing
// resolve of App.synth). An app bundled that way must write the same files as the same app on cdktf as installed,
// including the apps where the reuse must not happen: a cross-stack reference, a stateful Lazy value, an aspect.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { bundleApp } from "./bundle";

const REPO = resolve(__dirname, "../..");
const NODE_MODULES = join(REPO, "node_modules");

/** Each scenario synthesizes one App into <outdir>/<scenario>. */
const APP = `
const { mkdirSync } = require("node:fs");
const { join } = require("node:path");
const { App, Aspects, Lazy, TerraformOutput, TerraformResource, TerraformStack } = require("cdktf");
const resource = (scope, id, attributes, dependsOn) => {
  const r = new TerraformResource(scope, id, { terraformResourceType: "null_resource", dependsOn });
  for (const [k, v] of Object.entries(attributes)) r.addOverride(k, v);
  return r;
};
const scenarios = {
  references(app) {
    const s = new TerraformStack(app, "one");
    const x = resource(s, "x", { triggers: { name: "x", "dash-key": "d", empty: undefined } });
    const y = resource(s, "y", { triggers: { id: x.getStringAttribute("id"), [x.getStringAttribute("name")]: "token key" } }, [x]);
    new TerraformOutput(s, "out", { value: y.getStringAttribute("id") });
    const t = new TerraformStack(app, "two");
    resource(t, "z", { triggers: { n: 1, list: ["a", undefined, "b"] } });
  },
  crossStack(app) {
    const a = new TerraformStack(app, "a");
    const x = resource(a, "x", {});
    const b = new TerraformStack(app, "b");
    resource(b, "y", { triggers: { id: x.getStringAttribute("id") } });
  },
  statefulLazy(app) {
    let calls = 0;
    const s = new TerraformStack(app, "one");
    resource(s, "x", { triggers: { call: Lazy.stringValue({ produce: () => String(++calls) }) } });
  },
  aspect(app) {
    const s = new TerraformStack(app, "one");
    const x = resource(s, "x", { triggers: { a: "1" } });
    Aspects.of(s).add({ visit: (node) => node === x && x.addOverride("triggers.b", "2") });
  },
};
for (const [name, build] of Object.entries(scenarios)) {
  mkdirSync(join(process.argv[2], name), { recursive: true });
  const app = new App({ outdir: join(process.argv[2], name), stackTraces: false });
  build(app);
  app.synth();
}
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "fr-bundle-patches-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function mustRun(args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const r = spawnSync(process.execPath, args, { encoding: "utf8", env });
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
}

/** Every file under `root` by relative path, with its text. */
function files(root: string): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) for (const n of readdirSync(p).sort()) walk(join(p, n));
    else found[relative(root, p)] = readFileSync(p, "utf8");
  };
  walk(root);
  return found;
}

test("an app bundled with the build's cdktf changes writes what it writes on cdktf as installed", () => {
  // GIVEN the app, run as it is and bundled by scripts/build.mjs
  const app = join(dir, "app.js");
  writeFileSync(app, APP);
  const bundled = join(dir, "app.bundle.js");
  bundleApp(app, bundled, [NODE_MODULES]);
  const bundle = readFileSync(bundled, "utf8");
  expect(bundle).toContain("PLAIN_KEY.test(key)");
  expect(bundle).toContain("preparedFragments(this,elements)");
  // WHEN both synthesize
  mustRun([app, join(dir, "installed")], { ...process.env, NODE_PATH: NODE_MODULES });
  mustRun([bundled, join(dir, "bundled")]);
  // THEN every file is the same, byte for byte
  const installed = files(join(dir, "installed"));
  expect(Object.keys(installed)).toContain(join("crossStack", "stacks", "b", "cdk.tf.json"));
  expect(installed[join("statefulLazy", "stacks", "one", "cdk.tf.json")]).toContain('"call": "2"');
  expect(installed[join("aspect", "stacks", "one", "cdk.tf.json")]).toContain('"b": "2"');
  expect(files(join(dir, "bundled"))).toEqual(installed);
});
