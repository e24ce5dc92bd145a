// The eval loop for real, offline: eval init → the real Promptfoo CLI (providers swapped for a canned file://
// provider, or kept and pointed at a local server) → eval import → the eval gate. Here rather than in `npm test`:
// Promptfoo takes several seconds to start.
import { spawn, spawnSync } from "node:child_process";
import { type IncomingMessage, createServer } from "node:http";
import type { AddressInfo } from "node:net";
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

/** Offline Promptfoo: no telemetry, update check or sharing; its database in the test's directory. */
function promptfooEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PROMPTFOO_DISABLE_TELEMETRY: "1",
    PROMPTFOO_DISABLE_UPDATE: "1",
    PROMPTFOO_DISABLE_SHARING: "1",
    PROMPTFOO_DISABLE_REMOTE_GENERATION: "1",
    PROMPTFOO_CONFIG_DIR: join(dir, ".promptfoo"),
    FOUNDRY_ROUTES_TOKEN: "test-token",
  };
}

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
      env: promptfooEnv(),
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

test("the generated HTTP providers, unchanged but for the host, reach a local Foundry stand-in and parse its answers", async () => {
  // GIVEN a local server answering in the OpenAI chat-completions and the Anthropic Messages shapes, recording requests
  const seen: { url: string; auth?: string; anthropicVersion?: string; body: { model: string; messages: { content: string }[] } }[] = [];
  const body = (req: IncomingMessage) =>
    new Promise<string>((done) => {
      let text = "";
      req.on("data", (c: Buffer) => (text += c.toString("utf8")));
      req.on("end", () => done(text));
    });
  const server = createServer((req, res) => {
    void body(req).then((text) => {
      const json = JSON.parse(text);
      seen.push({
        url: req.url!,
        auth: req.headers.authorization,
        anthropicVersion: req.headers["anthropic-version"] as string | undefined,
        body: json,
      });
      const q: string = json.messages[0].content;
      const answer = q.includes("2+2") ? "4" : q.includes("France") ? "Paris" : q.includes("JSON") ? '{"ok": true}' : "Hello";
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify(
          req.url!.startsWith("/anthropic/")
            ? { content: [{ type: "text", text: answer }], usage: { input_tokens: 7, output_tokens: 2 } }
            : { choices: [{ message: { content: answer } }], usage: { prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 } },
        ),
      );
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as AddressInfo).port;
  try {
    const out = join(dir, "http");
    expect(
      (await cli(["eval", "init", "--env", "dev", "--task-class", "general-chat", "--prompts", "tests.yaml", "--out", "http"])).code,
    ).toBe(0);
    const configFile = join(out, "promptfooconfig.yaml");
    writeFileSync(
      configFile,
      readFileSync(configFile, "utf8").replace(/https:\/\/ais-foundry-routes-dev-eus2\.[a-z.]+azure\.com/g, `http://127.0.0.1:${port}`),
    );
    // WHEN Promptfoo runs it (asynchronously: the server lives in this process)
    const status = await new Promise<number | null>((done) => {
      const child = spawn(
        PROMPTFOO,
        ["eval", "-c", configFile, "--output", join(out, "results.json"), "--no-cache", "--no-table", "--no-progress-bar"],
        {
          cwd: dir,
          env: promptfooEnv(),
          stdio: "ignore",
        },
      );
      child.on("exit", (code) => done(code));
    });
    // THEN every test case passed on every deployment: requests went out and the answers were read back
    expect(status).toBe(0);
    const imported = await cli([
      "eval",
      "import",
      "http/results.json",
      "--env",
      "dev",
      "--task-class",
      "general-chat",
      "--out",
      "http/evals",
    ]);
    expect(
      imported.out
        .trim()
        .split("\n")
        .map((l) => l.replace(/^.*: (eus2\/[^ ]+) passed (\d+\/\d+).*$/, "$1 $2")),
    ).toEqual(["eus2/claude-haiku-4-5 4/4", "eus2/gpt-4o 4/4", "eus2/gpt-4o-mini 4/4", "eus2/model-router 4/4"]);
    // AND each request carried the bearer token from the environment, the deployment name and its API's shape
    expect(new Set(seen.map((r) => `${r.url.split("?")[0]} ${r.body.model} ${r.auth} ${r.anthropicVersion ?? "-"}`))).toEqual(
      new Set([
        "/anthropic/v1/messages claude-haiku-4-5 Bearer test-token 2023-06-01",
        "/openai/deployments/gpt-4o/chat/completions gpt-4o Bearer test-token -",
        "/openai/deployments/gpt-4o-mini/chat/completions gpt-4o-mini Bearer test-token -",
        "/openai/deployments/model-router/chat/completions model-router Bearer test-token -",
      ]),
    );
    // AND a prompt with quotes arrived intact, and the token was not written to the results
    expect(seen.some((r) => r.body.messages[0]!.content === 'Name the capital of France, quoting "it" exactly.')).toBe(true);
    expect(readFileSync(join(out, "results.json"), "utf8")).not.toContain("test-token");
  } finally {
    await new Promise((ok) => server.close(ok));
  }
});
