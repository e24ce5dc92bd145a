import { type ConfigData, DEV, type EnvYaml } from "../../../fixtures/builder";
import { expectOne, ofRule, run } from "./run";

const GATEWAY: EnvYaml["gateway"] = { create: true, publisherName: "Platform", publisherEmail: "platform@example.com" };
const SAFETY_RULES = ["FR-SAFETY-1", "FR-SAFETY-2"];
const safetyFindings = (r: ReturnType<typeof run>) => r.findings.filter((f) => SAFETY_RULES.includes(f.rule));
/** The chat route (routes[0]), in an environment with a gateway unless told otherwise. */
const chat = (d: ConfigData, gateway = true) => {
  if (gateway) d.envs.dev!.gateway = GATEWAY;
  return d.envs.dev!.routes[0]!;
};

describe("FR-SAFETY-1 unknown content safety account", () => {
  test("a check on one of the environment's accounts, or on the primary target's by default, passes", () => {
    // GIVEN chat checked on swc and document-drafting on its primary target's account
    const r = run((d) => {
      chat(d).contentSafety = { promptShield: true, account: "swc" };
      d.envs.dev!.routes[1]!.contentSafety = { categories: { hate: 2 } };
    });
    // THEN no content safety finding
    expect(safetyFindings(r)).toEqual([]);
  });

  test("an account the environment does not declare is refused at the account key", () => {
    // GIVEN chat's check names account "westeu"
    const r = run((d) => (chat(d).contentSafety = { promptShield: true, account: "westeu" }));
    // THEN one error at routes[0].contentSafety.account, naming the value and the known accounts
    const f = expectOne(r, { rule: "FR-SAFETY-1", level: "error", file: DEV, path: "routes[0].contentSafety.account", onLine: "westeu" });
    expect(f.message).toContain('names account "westeu", which environment dev does not declare (known: eus2, swc)');
  });
});

describe("FR-SAFETY-2 content safety not enforced", () => {
  test("a chat-completions route behind a gateway passes", () => {
    // GIVEN the baseline with a gateway and a check on chat
    const r = run((d) => (chat(d).contentSafety = { promptShield: true }));
    // THEN the check is enforceable
    expect(ofRule(r.findings, "FR-SAFETY-2")).toEqual([]);
  });

  test("an environment without a gateway is refused at the route's contentSafety", () => {
    // GIVEN the baseline (no gateway) with a check on chat
    const r = run((d) => (chat(d, false).contentSafety = { promptShield: true }));
    // THEN one error: nothing would run the check
    const f = expectOne(r, { rule: "FR-SAFETY-2", level: "error", file: DEV, path: "routes[0].contentSafety" });
    expect(f.message).toContain("route chat asks for content safety, but environment dev has no gateway to enforce it");
  });

  test("an anthropic-messages route is refused: llm-content-safety reads chat completions", () => {
    // GIVEN chat routed to a Claude deployment, with a check
    const r = run((d) => {
      d.envs.dev!.accounts[0]!.deployments.push({ name: "claude-test", model: "claude-test", capacity: 1 });
      const route = chat(d);
      route.targets = [{ deployment: "eus2/claude-test", weight: 100 }];
      route.fallbacks = [];
      route.contentSafety = { categories: { violence: 4 } };
    });
    // THEN one error naming the shape
    const f = expectOne(r, { rule: "FR-SAFETY-2", level: "error", file: DEV, path: "routes[0].contentSafety" });
    expect(f.message).toContain("speaks anthropic-messages, which llm-content-safety does not check (expected a chat-completions route");
  });
});
