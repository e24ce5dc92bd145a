import { DEV, type EnvYaml, model } from "../../../fixtures/builder";
import { expectOne, ofRule, run } from "./run";

const GATEWAY: EnvYaml["gateway"] = { create: true, publisherName: "Platform", publisherEmail: "platform@example.com" };

/** A moderation class routed to a moderation-shaped model, in an environment with a gateway. */
const withModeration = (d: Parameters<NonNullable<Parameters<typeof run>[0]>>[0]) => {
  d.envs.dev!.gateway = GATEWAY;
  d.models.models.push(model("safety-test", "microsoft", { api: "moderation" }));
  d.taskClasses.taskClasses.push({
    id: "moderation",
    description: "m",
    latency: "high",
    tokenVolume: "high",
    provenanceRequired: false,
    complexity: "medium",
  });
  d.envs.dev!.accounts[0]!.deployments.push({ name: "safety-test", model: "safety-test", capacity: 1 });
  d.envs.dev!.routes.push({ taskClass: "moderation", targets: [{ deployment: "eus2/safety-test", weight: 100 }] });
};
describe("FR-GATEWAY-1 gateway policy fits API Management", () => {
  test("a normal environment with a gateway passes", () => {
    // GIVEN the baseline with a gateway
    const r = run((d) => (d.envs.dev!.gateway = GATEWAY));
    // THEN its policy fits
    expect(ofRule(r.findings, "FR-GATEWAY-1")).toEqual([]);
  });

  test("a policy over APIM's 256 KiB limit is refused at the gateway key", () => {
    // GIVEN 100 task classes, each routed through the gateway with long fallback chains (about 370 KiB of XML)
    const r = run((d) => {
      d.envs.dev!.gateway = GATEWAY;
      const deployments = d.envs.dev!.accounts[0]!.deployments;
      for (let i = 0; i < 40; i++) deployments.push({ name: `gpt-test-with-a-long-deployment-name-${i}`, model: "gpt-test", capacity: 1 });
      d.envs.dev!.quotas = [];
      const fallbacks = deployments.slice(2).map((x: { name: string }) => `eus2/${x.name}`);
      for (let i = 0; i < 100; i++) {
        const id = `generated-task-class-number-${i}`;
        d.taskClasses.taskClasses.push({
          id,
          description: id,
          latency: "low",
          tokenVolume: "low",
          provenanceRequired: false,
          complexity: "medium",
        });
        d.envs.dev!.routes.push({ taskClass: id, targets: [{ deployment: "eus2/gpt-test", weight: 100 }], fallbacks });
      }
    });
    // THEN one error points at the gateway and names the limit
    const f = expectOne(r, { rule: "FR-GATEWAY-1", level: "error", file: DEV, path: "gateway" });
    expect(f.message).toMatch(/262144|256 KiB/);
  });

  test("an environment without a gateway is not checked", () => {
    // GIVEN no gateway block THEN no FR-GATEWAY-1 finding whatever the routes
    expect(ofRule(run().findings, "FR-GATEWAY-1")).toEqual([]);
  });
});

describe("FR-GATEWAY-2 route not served by the gateway", () => {
  test("chat-completions and anthropic-messages routes are served", () => {
    // GIVEN the baseline's chat-completions routes behind a gateway
    const r = run((d) => (d.envs.dev!.gateway = GATEWAY));
    // THEN nothing is unserved
    expect(ofRule(r.findings, "FR-GATEWAY-2")).toEqual([]);
  });

  test("a moderation route behind a gateway is a warning on its task class", () => {
    // GIVEN a moderation class routed to a moderation-shaped model, in an environment with a gateway
    const r = run(withModeration);
    // THEN FR-GATEWAY-2 points at that route's task class
    const f = expectOne(r, { rule: "FR-GATEWAY-2", level: "warning", file: DEV, path: "routes[2].taskClass" });
    expect(f.message).toContain("moderation");
    expect(f.subject).toBe("moderation");
  });
});

describe("FR-ROUTE-3 default route not served by the gateway", () => {
  test("a default route on a served class passes", () => {
    // GIVEN the baseline (defaultRoute chat) behind a gateway, with a moderation route too
    const r = run(withModeration);
    // THEN the default route is served
    expect(ofRule(r.findings, "FR-ROUTE-3")).toEqual([]);
  });

  test("a default route on a class the gateway does not serve is an error", () => {
    // GIVEN defaultRoute moderation, whose model speaks the moderation shape
    const r = run((d) => {
      withModeration(d);
      d.envs.dev!.defaultRoute = "moderation";
    });
    // THEN FR-ROUTE-3 points at defaultRoute and names the shape
    const f = expectOne(r, { rule: "FR-ROUTE-3", level: "error", file: DEV, path: "defaultRoute" });
    expect(f.message).toContain("defaultRoute moderation has API shape moderation");
  });
});

describe("FR-ROUTE-4 sticky header consumed by the gateway", () => {
  test("a session header passes", () => {
    // GIVEN chat sticky on x-session-id
    const r = run((d) => (d.envs.dev!.routes[0]!.sticky = { header: "x-session-id" }));
    // THEN the split can use it
    expect(ofRule(r.findings, "FR-ROUTE-4")).toEqual([]);
  });

  test.each([["api-key"], ["Authorization"], ["X-Task-Class"], ["x-api-key"]])("sticky on %s is an error", (header) => {
    // GIVEN chat sticky on a header the gateway deletes or routes on
    const r = run((d) => (d.envs.dev!.routes[0]!.sticky = { header }));
    // THEN FR-ROUTE-4 points at the header and lists the consumed ones
    const f = expectOne(r, { rule: "FR-ROUTE-4", level: "error", file: DEV, path: "routes[0].sticky.header" });
    expect(f.message).toContain(`"${header}", which the gateway consumes`);
  });
});

describe("FR-GATEWAY-3 account unreachable from the gateway", () => {
  test("accounts open to Entra ID callers behind a BasicV2 gateway pass", () => {
    // GIVEN the baseline with public network access on and no allow-list, behind a BasicV2 gateway
    const r = run((d) => {
      d.envs.dev!.gateway = GATEWAY;
      for (const a of d.envs.dev!.accounts) a.publicNetworkAccess = true;
    });
    // THEN the gateway can reach every routed account
    expect(ofRule(r.findings, "FR-GATEWAY-3")).toEqual([]);
  });

  test("public network access off behind a BasicV2 gateway is an error on that account", () => {
    // GIVEN eus2 closed to public traffic, with a BasicV2 gateway
    const r = run((d) => {
      d.envs.dev!.gateway = GATEWAY;
      for (const a of d.envs.dev!.accounts) a.publicNetworkAccess = true;
      d.envs.dev!.accounts[0]!.publicNetworkAccess = false;
    });
    // THEN FR-GATEWAY-3 points at its publicNetworkAccess and names the fix
    const f = expectOne(r, { rule: "FR-GATEWAY-3", level: "error", file: DEV, path: "accounts[0].publicNetworkAccess" });
    expect(f.message).toContain("StandardV2/PremiumV2 gateway with private endpoints");
  });

  test("an IP allow-list behind a BasicV2 gateway is an error", () => {
    // GIVEN swc allowing one office range
    const r = run((d) => {
      d.envs.dev!.gateway = GATEWAY;
      for (const a of d.envs.dev!.accounts) a.publicNetworkAccess = true;
      d.envs.dev!.accounts[1]!.allowedIps = ["203.0.113.0/24"];
    });
    // THEN FR-GATEWAY-3 points at the allow-list
    const f = expectOne(r, { rule: "FR-GATEWAY-3", level: "error", file: DEV, path: "accounts[1].allowedIps" });
    expect(f.message).toContain("allows only 203.0.113.0/24");
  });

  test("a StandardV2 gateway is not flagged", () => {
    // GIVEN a closed account behind a StandardV2 gateway (VNet integration and private endpoints are possible)
    const r = run((d) => {
      d.envs.dev!.gateway = { ...GATEWAY, sku: "StandardV2" } as EnvYaml["gateway"];
      d.envs.dev!.accounts[0]!.publicNetworkAccess = false;
    });
    // THEN this rule has nothing to say
    expect(ofRule(r.findings, "FR-GATEWAY-3")).toEqual([]);
  });
});
