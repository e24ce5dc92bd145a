// eval import's reader: a real Promptfoo 0.121 --output file in, deterministic evidence out; anything else refused.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ResultsShapeError, evidenceText, importResults, oversizedEvidence, readEvidence } from "../../routing/evals/evidence";

// Written by `promptfoo eval` 0.121.20 on an `eval init` config for dev/general-chat whose providers were swapped for
// __tests__/robustness/fixtures/evals/canned-provider.js (model-router answers right, the others wrong).
const TEXT = readFileSync(join(__dirname, "fixtures", "promptfoo-0.121-results.json"), "utf8");
const req = { file: "results.json", text: TEXT, environment: "dev", taskClass: "general-chat" };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test edits arbitrary fields of the parsed results
const mutate = (f: (d: Record<string, any>) => void) => {
  const d = JSON.parse(TEXT);
  f(d);
  return { ...req, text: JSON.stringify(d) };
};

describe("eval import", () => {
  test("one evidence file per provider label, with pass rate, failures, tokens, latency, versions and hashes", () => {
    const evidence = importResults(req);
    expect(evidence.map((e) => [e.deployment, e.results.passed, e.results.tests])).toEqual([
      ["eus2/claude-haiku-4-5", 1, 4],
      ["eus2/gpt-4o", 1, 4],
      ["eus2/gpt-4o-mini", 1, 4],
      ["eus2/model-router", 4, 4],
    ]);
    const router = evidence[3]!;
    expect(router).toMatchObject({
      environment: "dev",
      taskClass: "general-chat",
      model: "model-router",
      version: "2025-11-18",
      promptfoo: { version: "0.121.20", resultsVersion: 3 },
      results: { passRate: 1, failed: 0, errors: 0 },
      prompts: { file: "tests.yaml" },
    });
    expect(router.evaluatedAt).toBe(JSON.parse(TEXT).results.timestamp);
    expect(router.tokens.total).toBeGreaterThan(0);
    expect(evidence[1]!.failures.map((f) => f.description)).toEqual(["arithmetic", "capital", "json"]);
    // AND each file verifies
    for (const e of evidence) expect(readEvidence(`evals/dev/general-chat/${e.deployment}.json`, evidenceText(e)).ok).toBe(true);
  });

  test("the same results give byte-identical files", () => {
    expect(importResults(req).map(evidenceText)).toEqual(importResults({ ...req }).map(evidenceText));
  });

  test.each([
    [
      "not JSON",
      { ...req, text: "{" },
      /^results\.json: not JSON: expected the JSON file promptfoo eval --output FILE\.json writes, but found a parse error/,
    ],
    ["an array", { ...req, text: "[]" }, /^results\.json: top level: expected an object .*, but found an array$/],
    [
      "another output format",
      mutate((d) => (d.results.version = 2)),
      /^results\.json: results\.version: expected output format 3 \(Promptfoo 0\.121; other formats are not read\), but found number 2$/,
    ],
    [
      "no Promptfoo version",
      mutate((d) => delete d.metadata.promptfooVersion),
      /metadata\.promptfooVersion: expected a Promptfoo 0\.x version such as 0\.121\.20, but found nothing/,
    ],
    [
      "no results array",
      mutate((d) => (d.results.results = {})),
      /results\.results: expected an array of test results, but found an object/,
    ],
    [
      "no stats",
      mutate((d) => delete d.results.stats),
      /results\.stats: expected an object with numbers successes, failures and errors, but found nothing/,
    ],
    [
      "a config eval init did not write",
      mutate((d) => (d.config.metadata = {})),
      /config\.metadata\.foundryRoutes: expected the metadata block of a config foundry-routes eval init wrote \(format 1\), but found nothing/,
    ],
    [
      "another environment",
      { ...req, environment: "prod" },
      /config\.metadata\.foundryRoutes: expected results for prod\/general-chat, but found results for dev\/general-chat/,
    ],
    [
      "an unknown provider label",
      mutate((d) => (d.results.results[0].provider.label = "openai:gpt-4o")),
      /results\.results\[0\]\.provider\.label: expected a deployment of the generated config \(eus2\/claude-haiku-4-5, .*\), but found string "openai:gpt-4o"/,
    ],
    [
      "stats that disagree",
      mutate((d) => (d.results.stats.successes += 1)),
      /results\.stats: expected successes \+ failures \+ errors = 16, the number of results\[\], but found 17/,
    ],
  ])("refuses %s with one message naming the file, what was expected and what was found", (_name, input, message) => {
    expect(() => importResults(input)).toThrow(ResultsShapeError);
    expect(() => importResults(input)).toThrow(message);
  });
});

describe("reading evidence back", () => {
  const path = "evals/dev/general-chat/eus2/gpt-4o-mini.json";
  test.each([
    [
      "a file nested too deeply to hash",
      `{"schema":"foundry-routes/eval-evidence@1","contentSha256":"x","x":${"[".repeat(50_000)}${"]".repeat(50_000)}}`,
      /cannot be read as evidence/,
    ],
    [
      "the stand-in for an oversized file",
      oversizedEvidence(300_000),
      /is 300000 bytes, over the 256 KiB an evidence file may have \(not read\)/,
    ],
    ["a file that is not JSON", "{", /is not JSON/],
    ["a file of another JSON shape", "[1, 2]", /expected schema "foundry-routes\/eval-evidence@1", but found an array/],
  ])("%s is a problem, never a throw", (_what, text, problem) => {
    // GIVEN hostile text at an evidence path WHEN it is read THEN the result names the problem
    const read = readEvidence(path, text);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.problem).toMatch(problem);
  });
});
