// The infrastructure diff as a pure function over hand-written cdk.tf.json fragments.
import { FORCE_NEW } from "../../routing/review/forcenew";
import { type TerraformJson, diffStack, diffStacks, findDeploymentAddress } from "../../routing/review/infra";

const account = (over: Record<string, unknown> = {}) => ({
  "//": { metadata: { path: "prod/account-eus2/account" } },
  name: "ais-prod-eus2",
  kind: "AIServices",
  location: "eastus2",
  resource_group_name: "rg-prod",
  custom_subdomain_name: "ais-prod-eus2",
  project_management_enabled: true,
  sku_name: "S0",
  ...over,
});

const deployment = (over: Record<string, unknown> = {}) => ({
  name: "gpt-4o-mini",
  cognitive_account_id: "${azurerm_cognitive_account.account_eus2.id}",
  model: { format: "OpenAI", name: "gpt-4o-mini", version: "2024-07-18" },
  sku: { name: "GlobalStandard", capacity: 10 },
  rai_policy_name: "Microsoft.DefaultV2",
  version_upgrade_option: "NoAutoUpgrade",
  depends_on: [],
  ...over,
});

const stack = (resources: Record<string, Record<string, Record<string, unknown>>>): TerraformJson => ({ resource: resources });

describe("diffStack", () => {
  it("updates in place when only capacity, version or RAI policy change", () => {
    // GIVEN a deployment WHEN capacity, model version and RAI policy change
    const base = stack({ azurerm_cognitive_deployment: { d: deployment() } });
    const head = stack({
      azurerm_cognitive_deployment: {
        d: deployment({
          sku: { name: "GlobalStandard", capacity: 20 },
          model: { format: "OpenAI", name: "gpt-4o-mini", version: "2025-01-01" },
          rai_policy_name: "strict",
        }),
      },
    });
    const diff = diffStack("prod", base, head);
    // THEN it is one update with the three paths, none forcing replacement
    expect(diff.resources).toHaveLength(1);
    expect(diff.resources[0]!.action).toBe("update");
    expect(diff.resources[0]!.changes.map((c) => [c.path, c.before, c.after, c.forcesReplacement])).toEqual([
      ["model.version", '"2024-07-18"', '"2025-01-01"', undefined],
      ["rai_policy_name", '"Microsoft.DefaultV2"', '"strict"', undefined],
      ["sku.capacity", "10", "20", undefined],
    ]);
  });

  it.each([
    ["model.name", { model: { format: "OpenAI", name: "gpt-4o", version: "2024-07-18" } }],
    ["model.format", { model: { format: "Microsoft", name: "gpt-4o-mini", version: "2024-07-18" } }],
    ["sku.name", { sku: { name: "DataZoneStandard", capacity: 10 } }],
    ["name", { name: "gpt-4o-mini-2" }],
  ])("replaces a deployment when %s changes", (path, over) => {
    // GIVEN a deployment WHEN the ForceNew attribute changes THEN it is replaced because of that attribute
    const diff = diffStack(
      "prod",
      stack({ azurerm_cognitive_deployment: { d: deployment() } }),
      stack({ azurerm_cognitive_deployment: { d: deployment(over) } }),
    );
    expect(diff.resources[0]!.action).toBe("replace");
    expect(diff.resources[0]!.replacedBecause).toEqual([{ kind: "attribute", path }]);
  });

  it("matches ForceNew paths inside list-shaped blocks too", () => {
    // GIVEN Terraform JSON that writes the model block as a one-element list
    const listy = (name: string) => deployment({ model: [{ format: "OpenAI", name, version: "1" }] });
    const diff = diffStack(
      "p",
      stack({ azurerm_cognitive_deployment: { d: listy("a") } }),
      stack({ azurerm_cognitive_deployment: { d: listy("b") } }),
    );
    // THEN model[0].name is recognised as model.name
    expect(diff.resources[0]!.action).toBe("replace");
    expect(diff.resources[0]!.changes[0]!.path).toBe("model[0].name");
  });

  it("propagates a replaced account to the deployments that refer to it", () => {
    // GIVEN an account and its deployment WHEN the account's name changes
    const base = stack({ azurerm_cognitive_account: { account_eus2: account() }, azurerm_cognitive_deployment: { d: deployment() } });
    const head = stack({
      azurerm_cognitive_account: { account_eus2: account({ name: "ais-prod-eus2-b" }) },
      azurerm_cognitive_deployment: { d: deployment() },
    });
    const diff = diffStack("prod", base, head);
    // THEN the unchanged deployment is replaced too, because its ForceNew account id becomes unknown
    const d = diff.resources.find((r) => r.address === "azurerm_cognitive_deployment.d")!;
    expect(d.action).toBe("replace");
    expect(d.replacedBecause).toEqual([
      { kind: "reference", path: "cognitive_account_id", target: "azurerm_cognitive_account.account_eus2" },
    ]);
  });

  it("applies the conditional account rules: kind, location spelling, custom subdomain", () => {
    // GIVEN one account changed in one attribute at a time
    const one = (b: Record<string, unknown>, h: Record<string, unknown>) =>
      diffStack("p", stack({ azurerm_cognitive_account: { a: account(b) } }), stack({ azurerm_cognitive_account: { a: account(h) } }))
        .resources[0];
    // OpenAI ↔ AIServices updates in place; anything else replaces
    expect(one({ kind: "OpenAI" }, { kind: "AIServices" })!.action).toBe("update");
    expect(one({ kind: "AIServices" }, { kind: "TextAnalytics" })!.action).toBe("replace");
    // "East US 2" and "eastus2" are the same region; another region replaces
    expect(one({ location: "East US 2" }, { location: "eastus2" })!.action).toBe("update");
    expect(one({}, { location: "swedencentral" })!.action).toBe("replace");
    // Setting a subdomain for the first time updates; changing a set one replaces
    expect(one({ custom_subdomain_name: undefined }, { custom_subdomain_name: "x" })!.action).toBe("update");
    expect(one({}, { custom_subdomain_name: "other" })!.action).toBe("replace");
    // Tags never replace
    expect(one({}, { tags: { owner: "x" } })!.action).toBe("update");
  });

  it("treats an azapi api-version bump as an update and a new resource type or parent as a replacement", () => {
    // GIVEN an Anthropic deployment through azapi, changed in one attribute at a time
    const azapi = (over: Record<string, unknown> = {}) => ({
      type: "Microsoft.CognitiveServices/accounts/deployments@2026-05-01",
      name: "claude",
      parent_id: "${azurerm_cognitive_account.account_eus2.id}",
      body: {
        sku: { name: "GlobalStandard", capacity: 1 },
        properties: { model: { format: "Anthropic", name: "claude-x", version: "1" } },
      },
      ...over,
    });
    const one = (h: Record<string, unknown>) =>
      diffStack("p", stack({ azapi_resource: { c: azapi() } }), stack({ azapi_resource: { c: azapi(h) } })).resources[0];
    expect(one({ type: "Microsoft.CognitiveServices/accounts/deployments@2026-06-01" })!.action).toBe("update");
    expect(one({ type: "Microsoft.CognitiveServices/accounts/projects@2026-05-01" })!.action).toBe("replace");
    expect(one({ parent_id: "${azurerm_cognitive_account.account_swc.id}" })!.action).toBe("replace");
    // A model change in the body is an in-place PUT for azapi
    expect(
      one({
        body: {
          sku: { name: "GlobalStandard", capacity: 1 },
          properties: { model: { format: "Anthropic", name: "claude-y", version: "1" } },
        },
      })!.action,
    ).toBe("update");
  });

  it("flags updates of types the table does not cover instead of calling them safe", () => {
    // GIVEN a type without ForceNew rules WHEN its name changes THEN the update is flagged as undetermined
    const diff = diffStack(
      "p",
      stack({ azurerm_monitor_diagnostic_setting: { x: { name: "a" } } }),
      stack({ azurerm_monitor_diagnostic_setting: { x: { name: "b" } } }),
    );
    expect(diff.resources[0]).toEqual(expect.objectContaining({ action: "update", replacementUndetermined: true }));
  });

  it("orders replacements and deletions first, ignores cdktf metadata and depends_on", () => {
    // GIVEN a stack where `a` only changes cdktf metadata and depends_on, `b` goes, `c` changes capacity, `d`, `e` come
    const base = stack({
      azurerm_cognitive_deployment: { a: deployment(), b: deployment({ name: "b" }), c: deployment({ name: "c" }) },
    });
    const head = stack({
      azurerm_cognitive_deployment: {
        a: deployment({ depends_on: ["azurerm_cognitive_deployment.z"], "//": { metadata: { path: "moved" } } }),
        c: deployment({ name: "c", sku: { name: "GlobalStandard", capacity: 99 } }),
        d: deployment({ name: "d" }),
        e: deployment({ name: "e", model: { format: "OpenAI", name: "o", version: "1" } }),
      },
    });
    // WHEN diffed
    const diff = diffStack("prod", base, head);
    // THEN `a` is not listed, and the deletion comes first
    expect(diff.resources.map((r) => `${r.action} ${r.name}`)).toEqual(["delete b", "create d", "create e", "update c"]);
  });

  it("marks whole stacks added and removed", () => {
    // GIVEN an environment renamed WHEN diffed THEN the new stack is added and the old one removed
    const s = stack({ azurerm_cognitive_deployment: { a: deployment() } });
    const diffs = diffStacks(new Map([["old", s]]), new Map([["new", s]]));
    expect(diffs.map((d) => [d.stack, d.status, d.resources.map((r) => r.action)])).toEqual([
      ["new", "added", ["create"]],
      ["old", "removed", ["delete"]],
    ]);
  });
});

describe("findDeploymentAddress", () => {
  it("finds a deployment by logical id, else by a unique Azure name", () => {
    // GIVEN a stack with an azurerm and an azapi deployment
    const s = stack({
      azurerm_cognitive_deployment: { deployment_eus2_chat: deployment({ name: "chat" }) },
      azapi_resource: { deployment_eus2_claude: { type: "Microsoft.CognitiveServices/accounts/deployments@2026-05-01", name: "claude" } },
    });
    expect(findDeploymentAddress(s, "deployment_eus2_chat", "chat")).toBe("azurerm_cognitive_deployment.deployment_eus2_chat");
    expect(findDeploymentAddress(s, "renamed", "claude")).toBe("azapi_resource.deployment_eus2_claude");
    expect(findDeploymentAddress(s, "renamed", "nothing")).toBeUndefined();
  });
});

describe("FORCE_NEW table", () => {
  it("cites a source for every resource type", () => {
    // GIVEN the table THEN every type has rules and names where they come from
    for (const [type, t] of Object.entries(FORCE_NEW)) {
      expect([type, t.source.length > 20, t.rules.length > 0]).toEqual([type, true, true]);
    }
  });
});
