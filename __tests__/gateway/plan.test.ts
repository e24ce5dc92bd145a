import fc from "fast-check";
import { backendUrl } from "../../routing/gateway/forwarding";
import { ROLE_COGNITIVE_SERVICES_USER, ROLE_OPENAI_USER, backendIds, gatewayPlan } from "../../routing/gateway/plan";
import { GatewayConfigError } from "../../routing/gateway/policy";
import { tableOf } from "../../fixtures/builder";
import { fixture } from "./helpers";

const prodPlan = () => gatewayPlan(fixture().tables.get("prod")!, "0123456789ab");

describe("gateway plan", () => {
  test("one backend per routed deployment, forwarded the way Foundry expects for its model", () => {
    // GIVEN prod: OpenAI, Microsoft and Anthropic deployments
    // WHEN the gateway is planned
    const backends = prodPlan().backends.map((b) => [b.deployment.deployment, b.id, b.forwarding.kind, b.forwarding.apiVersion]);
    // THEN each routed deployment has exactly one backend, and each shape its endpoint
    expect(backends).toEqual([
      ["eus2/gpt-4o", "fr-prod-eus2-gpt-4o", "azure-openai", "2024-10-21"],
      ["eus2/gpt-4o-mini", "fr-prod-eus2-gpt-4o-mini", "azure-openai", "2024-10-21"],
      ["eus2/mai-ds-r1", "fr-prod-eus2-mai-ds-r1", "foundry-models", "2024-05-01-preview"],
      ["swc/claude-sonnet", "fr-prod-swc-claude-sonnet", "anthropic", undefined],
      ["swc/gpt-4o", "fr-prod-swc-gpt-4o", "azure-openai", "2024-10-21"],
    ]);
    expect(backendUrl("azure-openai", "acme-swc", "gpt-4o")).toBe("https://acme-swc.openai.azure.com/openai/deployments/gpt-4o");
    expect(backendUrl("foundry-models", "acme", "mai-ds-r1")).toBe("https://acme.services.ai.azure.com/models");
    expect(backendUrl("anthropic", "acme", "claude")).toBe("https://acme.services.ai.azure.com/anthropic");
  });

  test("a chat-completions API always, an Anthropic API only when a route needs it", () => {
    // GIVEN prod (has an Anthropic route) and an environment without one
    const onlyChat = tableOf(
      "dev",
      [{ id: "m", vendor: "openai", api: "chat-completions", version: "1" }],
      [{ id: "a", region: "eastus2", deployments: [{ name: "x", model: "m" }] }],
      [{ taskClass: "c", targets: [{ deployment: "a/x", weight: 100 }] }],
    );
    // WHEN both are planned
    // THEN prod gets two APIs under its environment path, dev one
    expect(prodPlan().apis.map((a) => [a.shape, a.name, a.path, a.operation.urlTemplate, a.subscriptionKeyHeader])).toEqual([
      ["chat-completions", "fr-prod-chat-completions", "prod/openai", "/chat/completions", "api-key"],
      ["anthropic-messages", "fr-prod-anthropic-messages", "prod/anthropic", "/v1/messages", "x-api-key"],
    ]);
    expect(gatewayPlan(onlyChat, "v").apis.map((a) => a.shape)).toEqual(["chat-completions"]);
  });

  test("the gateway gets the narrowest role per account: OpenAI User where only OpenAI models are called", () => {
    // GIVEN an account serving only OpenAI models and one also serving a Microsoft model
    const table = tableOf(
      "dev",
      [
        { id: "gpt", vendor: "openai", api: "chat-completions", version: "1" },
        { id: "mai", vendor: "microsoft", api: "chat-completions", version: "1" },
      ],
      [
        { id: "oai", region: "eastus2", deployments: [{ name: "gpt", model: "gpt" }] },
        {
          id: "mixed",
          region: "eastus2",
          deployments: [
            { name: "gpt", model: "gpt" },
            { name: "mai", model: "mai" },
          ],
        },
        { id: "unused", region: "eastus2", deployments: [{ name: "gpt", model: "gpt" }] },
      ],
      [
        {
          taskClass: "c",
          targets: [
            { deployment: "oai/gpt", weight: 50 },
            { deployment: "mixed/mai", weight: 50 },
          ],
          fallbacks: ["mixed/gpt"],
        },
      ],
    );
    // WHEN it is planned
    const roles = gatewayPlan(table, "v").roles;
    // THEN OpenAI-only gets Cognitive Services OpenAI User, mixed gets Cognitive Services User, unrouted gets nothing
    expect(roles).toEqual([
      { account: "mixed", role: ROLE_COGNITIVE_SERVICES_USER, deployments: ["mixed/gpt", "mixed/mai"] },
      { account: "oai", role: ROLE_OPENAI_USER, deployments: ["oai/gpt"] },
    ]);
  });

  test("the routing version goes into a per-environment named value", () => {
    // GIVEN prod WHEN planned THEN the named value carries the version under an environment-scoped name
    expect(prodPlan().namedValue).toEqual({ name: "fr-prod-routing-version", value: "0123456789ab" });
  });

  test("a route whose fallback speaks another API shape is refused with a clear error", () => {
    // GIVEN a chat-completions route falling back to an Anthropic deployment
    const table = tableOf(
      "dev",
      [
        { id: "gpt", vendor: "openai", api: "chat-completions", version: "1" },
        { id: "claude", vendor: "anthropic", api: "anthropic-messages", version: "1" },
      ],
      [
        {
          id: "a",
          region: "eastus2",
          deployments: [
            { name: "gpt", model: "gpt" },
            { name: "claude", model: "claude" },
          ],
        },
      ],
      [{ taskClass: "chat", targets: [{ deployment: "a/gpt", weight: 100 }], fallbacks: ["a/claude"] }],
    );
    // WHEN it is planned THEN the gateway refuses: one route, one API shape
    expect(() => gatewayPlan(table, "v")).toThrow(GatewayConfigError);
    expect(() => gatewayPlan(table, "v")).toThrow(
      /route "chat" speaks chat-completions but reaches a\/claude, whose model speaks anthropic-messages/,
    );
  });

  test("routes of a shape the gateway does not serve are listed, not silently enforced", () => {
    // GIVEN a moderation route next to a chat route
    const table = tableOf(
      "dev",
      [
        { id: "gpt", vendor: "openai", api: "chat-completions", version: "1" },
        { id: "mod", vendor: "microsoft", api: "moderation", version: "1" },
      ],
      [
        {
          id: "a",
          region: "eastus2",
          deployments: [
            { name: "gpt", model: "gpt" },
            { name: "mod", model: "mod" },
          ],
        },
      ],
      [
        { taskClass: "chat", targets: [{ deployment: "a/gpt", weight: 100 }] },
        { taskClass: "screen", targets: [{ deployment: "a/mod", weight: 100 }] },
      ],
    );
    // WHEN it is planned
    const plan = gatewayPlan(table, "v");
    // THEN the moderation route is reported as unserved and has no backend
    expect(plan.unserved).toEqual([{ taskClass: "screen", api: "moderation" }]);
    expect(plan.backends.map((b) => b.deployment.deployment)).toEqual(["a/gpt"]);
  });

  test("backend ids are valid APIM names, unique even when readable names collide", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }),
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 90 }), { minLength: 1, maxLength: 20 }),
        (env, refs) => {
          // GIVEN any environment name and deployment refs (including `a-b/c` vs `a/b-c`, odd characters, long names)
          // WHEN backend ids are assigned
          const ids = [...backendIds(env, [...refs, "a-b/c", "a/b-c"]).values()];
          // THEN every id is a valid APIM backend name and no two are equal, ignoring case
          for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,78}[A-Za-z0-9])?$/);
          expect(new Set(ids.map((i) => i.toLowerCase())).size).toBe(ids.length);
        },
      ),
    );
  });
});
