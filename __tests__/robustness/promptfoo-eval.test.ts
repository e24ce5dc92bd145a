// The eval loop for real, offline: eval init → the real Promptfoo CLI (providers swapped for a canned file://
// provider) → eval import → the eval gate. Here rather than in `npm test`: Promptfoo takes several seconds to start.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { captureIo } from "../../cli/io";
import { runCli } from "../../cli/run";
import { readConfigDir } from "../../io/config-files";
import { readEvidenceFiles } from "../../io/evals";
import { loadConfig } from "../../routing/config/loader";
import { evalGate } from "../../routing/evals/gate";
import { validateEvidence } from "../../routing/validate";

const ROOT = join(__dirname, "..", "..");
const FIXTURES = join(__dirname, "fixtures", "evals");
const PROMPTFOO = join(ROOT, "node_modules", ".bin", "promptfoo");
const GOOD = { answers: { "2+2": "4", France: "Paris", JSON: '{"ok": true}', hello: "Hello!" } };
const BAD = { answers: { "2+2": "5", France: "Lyon", JSON: "ok", hello: "Hello" } };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "foundry-routes-promptfoo-"));
  cpSync(join(ROOT, "config"), join(dir, "config"), { recursive: true });
  cpSync(join(FIXTURES, "tests.yaml"), join(dir, "tests.yaml"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(argv: string[]) {
  const io = captureIo(dir);
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
}

/** dev's general-chat: model-router 100% at base; head moves 50% to `to`. */
function headMoving(to: string) {
  const files = new Map(readConfigDir(dir));
  const env = "config/environments/dev.yaml";
  files.set(
    env,
    files
      .get(env)!
      .replace(
        "      - { deployment: eus2/model-router, weight: 100 }\n    fallbacks: [eus2/gpt-4o-mini, eus2/mai-ds-r1]",
        `      - { deployment: eus2/model-router, weight: 50 }\n      - { deployment: ${to}, weight: 50 }\n    fallbacks: [eus2/mai-ds-r1]`,
      ),
  );
  return loadConfig(files).config!;
}

test("init → promptfoo eval → import → gate: the good deployment passes, the bad one, stale and tampered evidence fail", async () => {
  // GIVEN a config eval init generated for dev/general-chat
  const init = await cli(["eval", "init", "--env", "dev", "--task-class", "general-chat", "--prompts", "tests.yaml"]);
  expect(init.code).toBe(0);
  const configFile = join(dir, "evals/dev/general-chat/promptfooconfig.yaml");
  const generated = parse(readFileSync(configFile, "utf8"));
  // AND its HTTP providers swapped for a canned local provider, keeping each label: gpt-4o-mini answers right
  generated.providers = generated.providers.map((p: { label: string }) => ({
    id: `file://${join(FIXTURES, "canned-provider.js")}`,
    label: p.label,
    config: p.label === "eus2/gpt-4o-mini" ? GOOD : BAD,
  }));
  writeFileSync(configFile, stringify(generated, { version: "1.1" }));

  // WHEN the real Promptfoo CLI runs it offline
  const r = spawnSync(
    PROMPTFOO,
    ["eval", "-c", configFile, "--output", join(dir, "results.json"), "--no-cache", "--no-table", "--no-progress-bar"],
    {
      cwd: dir,
      encoding: "utf8",
      env: {
        ...process.env,
        PROMPTFOO_DISABLE_TELEMETRY: "1",
        PROMPTFOO_DISABLE_UPDATE: "1",
        PROMPTFOO_DISABLE_SHARING: "1",
        PROMPTFOO_DISABLE_REMOTE_GENERATION: "1",
        PROMPTFOO_CONFIG_DIR: join(dir, ".promptfoo"),
        FOUNDRY_ROUTES_TOKEN: "not-used-offline",
      },
      timeout: 90_000,
    },
  );
  // THEN it exits 100 (Promptfoo's code for failed test cases), having written the results
  expect({ status: r.status, stderr: r.status === 100 ? "" : r.stderr }).toEqual({ status: 100, stderr: "" });

  // WHEN the results are imported, twice
  const imported = await cli(["eval", "import", "results.json", "--env", "dev", "--task-class", "general-chat"]);
  expect(imported.code).toBe(0);
  expect(imported.out).toContain("eus2/gpt-4o-mini passed 4/4 (100%)");
  expect(imported.out).toContain("eus2/model-router passed 1/4 (25%)");
  const first = readEvidenceFiles(dir);
  await cli(["eval", "import", "results.json", "--env", "dev", "--task-class", "general-chat"]);
  // THEN the evidence files are byte-identical
  expect(readEvidenceFiles(dir)).toEqual(first);
  expect([...first.keys()]).toEqual([
    "evals/dev/general-chat/eus2/claude-haiku-4-5.json",
    "evals/dev/general-chat/eus2/gpt-4o-mini.json",
    "evals/dev/general-chat/eus2/gpt-4o.json",
    "evals/dev/general-chat/eus2/model-router.json",
  ]);

  const base = loadConfig(readConfigDir(dir)).config!;
  const evaluatedAt = JSON.parse(first.get("evals/dev/general-chat/eus2/gpt-4o-mini.json")!).evaluatedAt as string;
  const soon = new Date(Date.parse(evaluatedAt) + 24 * 3600 * 1000);
  // THEN moving traffic to the good deployment passes the gate
  expect(validateEvidence({ base, head: headMoving("eus2/gpt-4o-mini"), evidence: first, now: soon })).toEqual([]);
  expect(evalGate({ base, head: headMoving("eus2/gpt-4o-mini"), evidence: first, now: soon })).toEqual([
    expect.objectContaining({ deployment: "eus2/gpt-4o-mini", status: "ok", passRate: 1 }),
  ]);
  // AND moving it to a bad one fails on its pass rate
  expect(validateEvidence({ base, head: headMoving("eus2/gpt-4o"), evidence: first, now: soon }).map((f) => f.rule)).toEqual(["FR-EVAL-3"]);
  // AND good evidence 40 days later is stale
  const late = new Date(Date.parse(evaluatedAt) + 40 * 24 * 3600 * 1000);
  expect(validateEvidence({ base, head: headMoving("eus2/gpt-4o-mini"), evidence: first, now: late }).map((f) => f.rule)).toEqual([
    "FR-EVAL-4",
  ]);
  // AND bad evidence edited to look good is tampered
  const forged = new Map(first);
  const badFile = "evals/dev/general-chat/eus2/gpt-4o.json";
  forged.set(
    badFile,
    forged
      .get(badFile)!
      .replace(/"passRate": [0-9.]+/, '"passRate": 1')
      .replace(/"passed": \d+/, '"passed": 4'),
  );
  expect(validateEvidence({ base, head: headMoving("eus2/gpt-4o"), evidence: forged, now: soon }).map((f) => [f.rule, f.file])).toEqual([
    ["FR-EVAL-5", badFile],
  ]);
});
