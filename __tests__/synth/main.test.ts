// main.ts as a process: exit codes, messages, and what it leaves on disk.
// It is bundled the way scripts/build.mjs bundles dist/main.bundle.js (bundleApp: cdktf and its patches included) but
// into a temp dir, so this test never deletes the shared dist/ while other tests run, and run as dist/main.js runs
// it: through scripts/run-bundle.cjs, whose code cache (written by the first run that succeeds) speeds the later runs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { account, deployment, synthConfig, synthEnv, toFiles, writeFiles } from "../../fixtures/builder";
import { readTree } from "../../fixtures/tf-json";
import { bundleApp } from "./bundle";

const REPO = resolve(__dirname, "../..");
let bin: string;
const made: string[] = [];

beforeAll(() => {
  const out = mkdtempSync(join(tmpdir(), "fr-main-bin-"));
  made.push(out);
  bin = join(out, "main.js");
  bundleApp(join(REPO, "main.ts"), join(out, "main.bundle.js"));
  const loader = JSON.stringify(join(REPO, "scripts", "run-bundle.cjs"));
  writeFileSync(
    bin,
    `require(${loader}).run(require("node:path").join(__dirname, "main.bundle.js"), require("node:path").join(__dirname, ".v8cache"));\n`,
  );
});

afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function workdir(configFiles?: Map<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "fr-main-cwd-"));
  made.push(dir);
  if (configFiles) writeFiles(dir, configFiles);
  return dir;
}

function run(cwd: string, env: Record<string, string> = {}) {
  const base = { ...process.env };
  delete base.CDKTF_OUTDIR;
  const r = spawnSync(process.execPath, [bin], { cwd, encoding: "utf8", env: { ...base, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Leftover temp/backup dirs of the swap. */
function swapLeftovers(cwd: string): string[] {
  return readdirSync(cwd).filter((n) => n.startsWith(".cdktf.out."));
}

/** dev with one account eus2 holding `deployments`. */
const devWith = (...deployments: ReturnType<typeof deployment>[]) =>
  toFiles(synthConfig({ dev: synthEnv({ accounts: [account("eus2", "eastus2", deployments)] }) }));

const BAD_CAPACITY = devWith(deployment("gpt-4o", "gpt-4o", { capacity: "ten" as unknown as number }));

describe("main.ts", () => {
  // First: the first run that succeeds writes the code cache the later runs read.
  test("a valid config writes cdktf.out/stacks/<env>/cdk.tf.json, replacing the old output, and prints a summary", () => {
    // GIVEN a valid config and a stale previous output
    const cwd = workdir(toFiles(synthConfig({ dev: synthEnv(), prod: synthEnv() })));
    mkdirSync(join(cwd, "cdktf.out"), { recursive: true });
    writeFileSync(join(cwd, "cdktf.out/stale.txt"), "old");

    // WHEN synth runs
    const r = run(cwd);

    // THEN both stacks exist, the stale file is gone, and the summary counts the resources
    expect(r.stderr).not.toMatch(/^error /m);
    expect(r.code).toBe(0);
    for (const env of ["dev", "prod"]) {
      const stack = JSON.parse(readFileSync(join(cwd, `cdktf.out/stacks/${env}/cdk.tf.json`), "utf8"));
      expect(Object.keys(stack.resource.azurerm_cognitive_deployment)).toHaveLength(2);
    }
    expect(existsSync(join(cwd, "cdktf.out/stale.txt"))).toBe(false);
    const perStack = Object.values(
      JSON.parse(readFileSync(join(cwd, "cdktf.out/stacks/dev/cdk.tf.json"), "utf8")).resource as Record<string, object>,
    ).reduce((n: number, byName) => n + Object.keys(byName).length, 0);
    expect(r.stdout).toBe(`synthesized dev, prod → cdktf.out/stacks (${2 * perStack} resources)\n`);
    expect(swapLeftovers(cwd)).toEqual([]);
  });

  test("an invalid config exits 1 with file:line and YAML path, and creates no cdktf.out", () => {
    // GIVEN a config whose capacity is not a number
    const cwd = workdir(BAD_CAPACITY);
    const line =
      BAD_CAPACITY.get("config/environments/dev.yaml")!
        .split("\n")
        .findIndex((l) => l.includes("capacity: ten")) + 1;

    // WHEN synth runs
    const r = run(cwd);

    // THEN it exits 1, names the place, writes nothing and prints no stack trace
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`config/environments/dev.yaml:${line}`);
    expect(r.stderr).toContain("accounts[0].deployments[0].capacity");
    expect(r.stderr).toMatch(/nothing was written/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(cwd, "cdktf.out"))).toBe(false);
    expect(swapLeftovers(cwd)).toEqual([]);
  });

  test("an invalid config leaves an existing cdktf.out byte-identical", () => {
    // GIVEN a previous synth output and then a broken config
    const cwd = workdir(BAD_CAPACITY);
    mkdirSync(join(cwd, "cdktf.out/stacks/dev"), { recursive: true });
    writeFileSync(join(cwd, "cdktf.out/stacks/dev/cdk.tf.json"), '{"previous":true}\n');
    writeFileSync(join(cwd, "cdktf.out/manifest.json"), '{"version":"old"}\n');
    const before = readTree(join(cwd, "cdktf.out"));

    // WHEN synth runs
    const r = run(cwd);

    // THEN the old output is untouched
    expect(r.code).toBe(1);
    expect(readTree(join(cwd, "cdktf.out"))).toEqual(before);
  });

  test("a policy error (not a shape error) also stops synth", () => {
    // GIVEN a deployment of a model the catalog does not have
    const cwd = workdir(devWith(deployment("gpt-4o"), deployment("ghost", "no-such-model")));

    // WHEN synth runs
    const r = run(cwd);

    // THEN a rule finding names the deployment's line, and nothing is written
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error FR-[A-Z]+-\d+ config\/environments\/dev\.yaml:\d+:\d+ accounts\[0\]\.deployments\[1\]/m);
    expect(existsSync(join(cwd, "cdktf.out"))).toBe(false);
  });

  test("a second run reads its parse cache and writes the same bytes; an edited file is parsed again", () => {
    // GIVEN a valid config, synthesized once (which records its parsed files next to the bundle)
    const files = toFiles(synthConfig({ dev: synthEnv(), prod: synthEnv() }));
    const cwd = workdir(files);
    const first = run(cwd);
    const firstOut = readTree(join(cwd, "cdktf.out"));
    const cacheDir = join(bin, "..", ".config-cache");
    // Each record with when it was written: a run that parsed a file again would write its record again.
    const records = () =>
      readdirSync(cacheDir)
        .map((n) => `${n} ${statSync(join(cacheDir, n)).mtimeMs}`)
        .sort();
    const recorded = records();
    expect(first.code).toBe(0);
    expect(recorded.length).toBeGreaterThanOrEqual(files.size);

    // WHEN it runs again on the same files
    const second = run(cwd);

    // THEN it prints and writes exactly what the first run did, and parsed nothing again
    expect(second).toEqual(first);
    expect(readTree(join(cwd, "cdktf.out"))).toEqual(firstOut);
    expect(records()).toEqual(recorded);

    // AND an edit that breaks a recorded file is found, at its line
    const dev = "config/environments/dev.yaml";
    const text = files.get(dev)!;
    const line = text.split("\n").findIndex((l) => /capacity: \d+/.test(l)) + 1;
    writeFileSync(join(cwd, dev), text.replace(/capacity: \d+/, "capacity: ten"));
    const broken = run(cwd);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`${dev}:${line}`);
    expect(readTree(join(cwd, "cdktf.out"))).toEqual(firstOut);
  });

  test("under the cdktf CLI (CDKTF_OUTDIR set) it writes into that directory", () => {
    // GIVEN a valid config and an outdir chosen by the CLI
    const cwd = workdir(toFiles(synthConfig()));
    const outdir = join(cwd, "cli-out");

    // WHEN synth runs with CDKTF_OUTDIR
    const r = run(cwd, { CDKTF_OUTDIR: outdir });

    // THEN the stack is there and cdktf.out is not
    expect(r.code).toBe(0);
    expect(existsSync(join(outdir, "stacks/dev/cdk.tf.json"))).toBe(true);
    expect(existsSync(join(cwd, "cdktf.out"))).toBe(false);
    expect(r.stdout).toContain("→ cli-out/stacks");
  });

  test("without a config/ directory it exits 2 with one line", () => {
    // GIVEN an empty working directory
    const cwd = workdir();

    // WHEN synth runs
    const r = run(cwd);

    // THEN it is a usage error
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("no config/ directory");
  });

  test("names that would collide on one Terraform address are refused before synth, keeping the old output", () => {
    // GIVEN deployment names that map to the same Terraform address (gpt-4.1 and gpt-4_1), and a previous output
    const cwd = workdir(devWith(deployment("gpt-4o"), deployment("gpt-4.1", "gpt-4o-mini"), deployment("gpt-4_1", "gpt-4o-mini")));
    mkdirSync(join(cwd, "cdktf.out"));
    writeFileSync(join(cwd, "cdktf.out/manifest.json"), "old");

    // WHEN synth runs
    const r = run(cwd);

    // THEN: a policy error (FR-REF-4) at the second name, no trace, old output intact, no temp dir left
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error FR-REF-4 config\/environments\/dev\.yaml:\d+:\d+ accounts\[0\]\.deployments\[2\]\.name: deployment name in account eus2 "gpt-4_1" maps to the same Terraform address as "gpt-4\.1"/m,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(cwd, "cdktf.out/manifest.json"), "utf8")).toBe("old");
    expect(swapLeftovers(cwd)).toEqual([]);
  });
});
