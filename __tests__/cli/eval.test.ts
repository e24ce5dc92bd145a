// eval init / eval import through the CLI, in-process, on a copy of the sample config.
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { removeTemps, run, tempRoot } from "./helpers";
import { asRecord, sampleFiles } from "../../fixtures/builder";

const RESULTS = readFileSync(join(__dirname, "..", "evals", "fixtures", "promptfoo-0.121-results.json"), "utf8");
const TESTS = "- vars: { input: hi }\n  assert: [{ type: icontains, value: hello }]\n";

function sampleRoot(extra: Record<string, string> = {}): string {
  return tempRoot({ ...asRecord(sampleFiles()), "tests.yaml": TESTS, ...extra });
}

afterAll(removeTemps);

describe("eval init", () => {
  test("writes a deterministic Promptfoo config: one labelled HTTP provider per deployment, the prompts referenced", async () => {
    const root = sampleRoot();
    const args = ["eval", "init", "--env", "dev", "--task-class", "general-chat", "--prompts", "tests.yaml"];
    const r = await run(args, { cwd: root });
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out).toContain("wrote evals/dev/general-chat/promptfooconfig.yaml (4 provider(s))");
    const file = join(root, "evals/dev/general-chat/promptfooconfig.yaml");
    const text = readFileSync(file, "utf8");
    const doc = parse(text);
    expect(doc.tests).toBe("file://../../../tests.yaml");
    expect(doc.providers.map((p: { label: string }) => p.label)).toEqual([
      "eus2/model-router",
      "eus2/gpt-4o-mini",
      "eus2/claude-haiku-4-5",
      "eus2/gpt-4o",
    ]);
    expect(doc.providers[1].config).toMatchObject({
      url: "https://ais-foundry-routes-dev-eus2.openai.azure.com/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21",
      headers: { Authorization: "Bearer {{env.FOUNDRY_ROUTES_TOKEN}}" },
      body: { model: "gpt-4o-mini" },
    });
    expect(doc.providers[2].config.url).toBe("https://ais-foundry-routes-dev-eus2.services.ai.azure.com/anthropic/v1/messages");
    expect(doc.metadata.foundryRoutes).toMatchObject({ format: 1, environment: "dev", taskClass: "general-chat", prompts: "tests.yaml" });
    // Versions are quoted: Promptfoo's YAML 1.1 parser would read 2024-07-18 as a date.
    expect(text).toContain('version: "2024-07-18"');
    expect(text).not.toMatch(/api-key|secret|Bearer [A-Za-z0-9]/i);
    // AND running it again gives the same bytes
    await run(args, { cwd: root });
    expect(readFileSync(file, "utf8")).toBe(text);
  });

  test("a provenance-required class gets only provenance-clean candidates", async () => {
    const root = sampleRoot();
    const r = await run(["eval", "init", "--env", "dev", "--task-class", "document-drafting", "--prompts", "tests.yaml", "--out", "out"], {
      cwd: root,
    });
    expect(r.code).toBe(0);
    const doc = parse(readFileSync(join(root, "out/promptfooconfig.yaml"), "utf8"));
    expect(doc.providers.map((p: { label: string }) => p.label)).not.toContain("eus2/gpt-4o");
    expect(doc.providers[0].label).toBe("eus2/mai-draft-1");
  });

  test.each([
    [
      ["--env", "qa", "--task-class", "general-chat", "--prompts", "tests.yaml"],
      /unknown environment "qa" \(known environments: dev, prod\)/,
    ],
    [["--env", "dev", "--task-class", "nope", "--prompts", "tests.yaml"], /unknown task class "nope"/],
    [
      ["--env", "dev", "--task-class", "general-chat", "--prompts", "missing.yaml"],
      /missing\.yaml: no such file \(expected a Promptfoo tests file/,
    ],
    [["--env", "dev", "--task-class", "general-chat"], /missing option --prompts/],
  ])("%j is a usage error (exit 2) and writes nothing", async (args, message) => {
    const root = sampleRoot();
    const r = await run(["eval", "init", ...args], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(existsSync(join(root, "evals"))).toBe(false);
  });

  test("`eval` alone names its subcommands", async () => {
    const r = await run(["eval"], { cwd: sampleRoot() });
    expect(r.code).toBe(2);
    expect(r.err).toContain('"eval" needs a subcommand: eval import, eval init');
  });
});

describe("eval import", () => {
  test("writes one evidence file per deployment; validate accepts them, and flags a hand edit", async () => {
    const root = sampleRoot({ "results.json": RESULTS });
    const r = await run(["eval", "import", "results.json", "--env", "dev", "--task-class", "general-chat"], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.out).toContain("evals/dev/general-chat/eus2/model-router.json: eus2/model-router passed 4/4 (100%)");
    expect(readdirSync(join(root, "evals/dev/general-chat/eus2")).sort()).toEqual([
      "claude-haiku-4-5.json",
      "gpt-4o-mini.json",
      "gpt-4o.json",
      "model-router.json",
    ]);
    expect((await run(["validate", "--env", "dev"], { cwd: root })).out).not.toContain("FR-EVAL");
    const file = join(root, "evals/dev/general-chat/eus2/gpt-4o.json");
    writeFileSync(file, readFileSync(file, "utf8").replace('"passed": 1', '"passed": 4'));
    const v = await run(["validate", "--env", "dev"], { cwd: root });
    expect(v.code).toBe(1);
    expect(v.out).toMatch(/error FR-EVAL-5 evals\/dev\/general-chat\/eus2\/gpt-4o\.json: content hash .* does not match its contentSha256/);
  });

  test("a results file of the wrong shape is refused with one message, exit 1, nothing written", async () => {
    const root = sampleRoot({ "results.json": JSON.stringify({ results: { version: 2 } }) });
    const r = await run(["eval", "import", "results.json", "--env", "dev", "--task-class", "general-chat"], { cwd: root });
    expect(r).toEqual({
      code: 1,
      out: "",
      err: "foundry-routes eval import: results.json: results.version: expected output format 3 (Promptfoo 0.121; other formats are not read), but found number 2\n",
    });
    expect(existsSync(join(root, "evals"))).toBe(false);
  });
});
