// Fallbacks that fire on what actually fails: the generated retry condition and attempt choice, run as C# (mono)
// against a working APIM context, for each fallback condition and the Azure error bodies behind it.
import { type CsharpProgram, compileCsharpProgram, csharpUnavailable } from "../../io/csharp";
import { runnableUnit } from "../../routing/gateway/csharp";
import { gatewayPlan } from "../../routing/gateway/plan";
import type { FallbackCondition } from "../../routing/config/schema";
import { tableOf } from "../../fixtures/builder";
import { readPolicy } from "./helpers";

const unavailable = csharpUnavailable();
if (unavailable) process.stderr.write(`fallback execution tests skipped: ${unavailable}\n`);
const withRuntime = unavailable ? describe.skip : describe;

/** chat: small (8k) first, then medium (8k) and big (128k) as fallbacks. */
function policyFor(fallbackOn?: FallbackCondition[]) {
  const table = tableOf(
    "dev",
    [
      { id: "small", vendor: "openai", api: "chat-completions", version: "1", contextWindow: 8000 },
      { id: "medium", vendor: "openai", api: "chat-completions", version: "1", contextWindow: 8000 },
      { id: "big", vendor: "openai", api: "chat-completions", version: "1", contextWindow: 128000 },
    ],
    [
      {
        id: "a",
        region: "eastus2",
        deployments: [
          { name: "small", model: "small" },
          { name: "medium", model: "medium" },
          { name: "big", model: "big" },
        ],
      },
    ],
    [{ taskClass: "chat", targets: [{ deployment: "a/small", weight: 100 }], fallbacks: ["a/medium", "a/big"], fallbackOn }],
  );
  return readPolicy(gatewayPlan(table, "0123456789ab").apis[0]!.policy.xml);
}

interface Answer {
  readonly status: number;
  readonly body: string;
  /** Index of the attempt that produced the answer. */
  readonly at: number;
}

const AZURE_CONTEXT_LENGTH = JSON.stringify({
  error: {
    message: "This model's maximum context length is 8000 tokens.",
    type: "invalid_request_error",
    param: "messages",
    code: "context_length_exceeded",
  },
});
const ANTHROPIC_TOO_LONG = JSON.stringify({
  type: "error",
  error: { type: "invalid_request_error", message: "prompt is too long: 9000 tokens > 8000 maximum" },
});
const AZURE_CONTENT_FILTER = JSON.stringify({
  error: { message: "The response was filtered", code: "content_filter", innererror: { code: "ResponsibleAIPolicyViolation" } },
});
const MAI_SAFETY_BLOCK = JSON.stringify({ error: { type: "SafetyBlockedError", message: "blocked" } });
const BAD_PARAMETER = JSON.stringify({ error: { message: "Unrecognized request argument", type: "invalid_request_error", code: null } });

/**
 * Reads scenarios from standard input, one JSON array per line (the routing variables and the answer), and prints
 * whether the retry condition holds and the next attempt for each.
 */
const SCENARIO_MAIN = `    var p = new PolicyExpressions();
    string line;
    while ((line = Console.ReadLine()) != null) {
      var a = Newtonsoft.Json.Linq.JArray.Parse(line);
      var ctx = new Context();
      ctx.Vars["fr-fallback-on"] = (string)a[0];
      ctx.Vars["fr-attempts"] = (string)a[1];
      ctx.Vars["fr-windows"] = (string)a[2];
      ctx.Vars["fr-next"] = (int)a[3];
      ctx.Vars["fr-attempt"] = (int)a[4];
      ctx.Vars["fr-served-window"] = (int)a[5];
      ctx.Response = new Response { StatusCode = (int)a[6], Body = new Body((string)a[7]) };
      Console.WriteLine(p.Run(0, ctx) + " " + p.Run(1, ctx));
    }`;

/** Each distinct pair of generated expressions is compiled once for the suite; scenarios are data. */
const programs = new Map<string, CsharpProgram>();
afterAll(() => {
  for (const p of programs.values()) p.dispose();
});

function programFor(source: string): CsharpProgram {
  let program = programs.get(source);
  if (!program) {
    program = compileCsharpProgram(source);
    programs.set(source, program);
  }
  return program;
}

/** For each answer: the attempt the gateway makes next, or "returned" when the answer goes back to the caller. */
function decide(fallbackOn: FallbackCondition[] | undefined, answers: readonly Answer[]): (number | "returned")[] {
  const read = policyFor(fallbackOn);
  const strip = (c: string) => ({ kind: "block" as const, code: c.slice(2, -1) });
  const backendIds = ["small", "medium", "big"].map((n) => [...read.backends].find(([, b]) => b.deployment === `a/${n}`)![0]);
  const windows = [8000, 8000, 128000];
  const scenarios = answers.map((a) =>
    JSON.stringify([
      (fallbackOn ?? ["throttled", "server-error", "not-found"]).join(";"),
      backendIds.join(";"),
      backendIds.map((id, i) => `${id}=${windows[i]}`).join(";"),
      a.at,
      a.at + 1,
      windows[a.at],
      a.status,
      a.body,
    ]),
  );
  const program = programFor(runnableUnit([strip(read.retry!.condition), strip(read.nextCode)], SCENARIO_MAIN));
  return program
    .run(`${scenarios.join("\n")}\n`)
    .trim()
    .split("\n")
    .map((line) => {
      const [retry, next] = line.split(" ");
      return retry === "True" ? Number(next) : "returned";
    });
}

withRuntime("fallback conditions, executed", () => {
  test("by default a 429, a 404 and a 5xx fall back to the next attempt; other answers are returned", () => {
    // GIVEN the default conditions WHEN the first attempt answers each status
    const got = decide(undefined, [
      { status: 429, body: "{}", at: 0 },
      { status: 404, body: '{"error":{"code":"DeploymentNotFound"}}', at: 0 },
      { status: 503, body: "{}", at: 0 },
      { status: 400, body: AZURE_CONTEXT_LENGTH, at: 0 },
      { status: 401, body: "{}", at: 0 },
      { status: 200, body: "{}", at: 0 },
    ]);
    // THEN only the throttled, not-found and server-error answers move on, to attempt 1
    expect(got).toEqual([1, 1, 1, "returned", "returned", "returned"]);
  });

  test("a context-length failure skips to the next fallback with a larger context window", () => {
    // GIVEN a route that falls back on context length
    const got = decide(
      ["throttled", "context-length"],
      [
        // WHEN the 8k target answers Azure's context_length_exceeded, or Anthropic's "prompt is too long"
        { status: 400, body: AZURE_CONTEXT_LENGTH, at: 0 },
        { status: 400, body: ANTHROPIC_TOO_LONG, at: 0 },
        // or the 128k fallback answers it: nothing larger is left
        { status: 400, body: AZURE_CONTEXT_LENGTH, at: 2 },
      ],
    );
    // THEN the 8k fallback (same window) is skipped for the 128k one; after the largest, the error is returned
    expect(got).toEqual([2, 2, "returned"]);
  });

  test("a content-filter refusal falls back only when the route asks for it", () => {
    // GIVEN Azure's content_filter 400 and the MAI surface's SafetyBlockedError
    const answers = [
      { status: 400, body: AZURE_CONTENT_FILTER, at: 0 },
      { status: 400, body: MAI_SAFETY_BLOCK, at: 0 },
      { status: 400, body: BAD_PARAMETER, at: 0 },
      { status: 400, body: "not json", at: 0 },
    ];
    // WHEN the route falls back on content-filter, and when it does not
    const on = decide(["content-filter"], answers);
    const off = decide(["throttled"], answers);
    // THEN the refusals move on to attempt 1 only in the first case; a plain bad request never does
    expect(on).toEqual([1, 1, "returned", "returned"]);
    expect(off).toEqual(["returned", "returned", "returned", "returned"]);
  });

  test("a condition the route leaves out is returned to the caller, and the last attempt is final", () => {
    // GIVEN a route that falls back only on throttling
    const got = decide(
      ["throttled"],
      [
        // WHEN the target answers 503, or the last fallback answers 429
        { status: 503, body: "{}", at: 0 },
        { status: 429, body: "{}", at: 2 },
      ],
    );
    // THEN neither is retried
    expect(got).toEqual(["returned", "returned"]);
  });
});
