// Content safety per route: the plan's Content Safety backends and roles, the llm-content-safety policy for exactly
// the classes that ask for it, and the azapi backend, data source and role assignment in the synthesized JSON.
import { TerraformStack, Testing } from "cdktf";
import { ApiManagementApiPolicy } from "@cdktf/provider-azurerm/lib/api-management-api-policy";
import { CognitiveAccount } from "@cdktf/provider-azurerm/lib/cognitive-account";
import { DataAzurermCognitiveAccount } from "@cdktf/provider-azurerm/lib/data-azurerm-cognitive-account";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { AzapiResource } from "../../constructs/azapi";
import { CONTENT_SAFETY_BACKEND_API_VERSION, Gateway } from "../../constructs/gateway";
import { gatewayConfig, load, routeOf, tableOf, toFiles } from "../../fixtures/builder";
import { type RoutingConfig, loadConfig } from "../../routing/config/loader";
import { gatewayPlan } from "../../routing/gateway/plan";
import { GatewayConfigError } from "../../routing/gateway/policy";
import { type RoutingTable, routingTable } from "../../routing/table/table";
import { ODD_STRINGS, comparable, parsePolicy, readPolicy, tableFromPolicy, type Node } from "./helpers";

// cdktf's jest matchers (toHaveResourceWithProperties, …).
Testing.setupJest();

const RESOURCE =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-safety/providers/Microsoft.CognitiveServices/accounts/cs-shared";

/** The gateway fixture with checks on chat (eus2 by default) and reasoning (an existing resource). */
function withSafety(): { config: RoutingConfig; table: RoutingTable } {
  const data = gatewayConfig();
  routeOf(data, "prod", "chat").contentSafety = {
    promptShield: true,
    outputType: "EightSeverityLevels",
    categories: { hate: 4, violence: 5 },
    blocklists: ["blocklist1"],
    enforceOnCompletions: true,
  };
  routeOf(data, "prod", "reasoning").contentSafety = { categories: { selfHarm: 2 }, resource: RESOURCE };
  const files = toFiles(data);
  const loaded = loadConfig(files);
  if (!loaded.config) throw new Error(JSON.stringify(loaded.errors));
  const env = loaded.config.environments.find((e) => e.name === "prod")!;
  return { config: loaded.config, table: routingTable(loaded.config, env) };
}

const walk = (n: Node): Node[] => [n, ...n.children.flatMap(walk)];

describe("content safety: plan", () => {
  test("GIVEN checks on chat and reasoning WHEN planned THEN one backend per service, named after it", () => {
    // GIVEN chat (primary target eus2/gpt-4o) and reasoning (an existing resource)
    const plan = gatewayPlan(withSafety().table, "v");
    // THEN the account's backend serves chat, the resource's serves reasoning with its own role
    expect(plan.contentSafety).toEqual([
      {
        id: "fr-prod-content-safety-cs-shared",
        service: { resourceId: RESOURCE },
        resource: { name: "cs-shared", resourceGroupName: "rg-safety" },
        role: "Cognitive Services User",
        taskClasses: ["reasoning"],
      },
      { id: "fr-prod-content-safety-eus2", service: { account: "eus2" }, taskClasses: ["chat"] },
    ]);
    // AND eus2's role is Cognitive Services User, marked as serving content safety; swc's is unchanged
    expect(plan.roles.map((r) => [r.account, r.role, r.contentSafety])).toEqual([
      ["eus2", "Cognitive Services User", true],
      ["swc", "Cognitive Services User", undefined],
    ]);
  });

  test("GIVEN an account that serves only OpenAI models WHEN it also serves content safety THEN its role is Cognitive Services User", () => {
    // GIVEN one OpenAI-only account, without and with a check on its route
    const table = (check: boolean) =>
      tableOf(
        "dev",
        [{ id: "gpt", vendor: "openai", api: "chat-completions", version: "1" }],
        [{ id: "oai", region: "eastus2", deployments: [{ name: "gpt", model: "gpt" }] }],
        [
          {
            taskClass: "chat",
            targets: [{ deployment: "oai/gpt", weight: 100 }],
            ...(check
              ? {
                  contentSafety: {
                    promptShield: true,
                    outputType: "FourSeverityLevels",
                    categories: {},
                    blocklists: [],
                    enforceOnCompletions: false,
                  },
                }
              : {}),
          },
        ],
      );
    // WHEN planned THEN the narrow OpenAI role becomes Cognitive Services User, which Content Safety needs
    expect(gatewayPlan(table(false), "v").roles.map((r) => r.role)).toEqual(["Cognitive Services OpenAI User"]);
    expect(gatewayPlan(table(true), "v").roles.map((r) => r.role)).toEqual(["Cognitive Services User"]);
  });

  test("GIVEN a check on another account than the route reaches WHEN planned THEN that account gets a role too", () => {
    const table = tableOf(
      "dev",
      [{ id: "m", vendor: "microsoft", api: "chat-completions", version: "1" }],
      [
        { id: "a", region: "eastus2", deployments: [{ name: "m", model: "m" }] },
        { id: "safety", region: "eastus2", deployments: [] },
      ],
      [
        {
          taskClass: "chat",
          targets: [{ deployment: "a/m", weight: 100 }],
          contentSafety: {
            promptShield: true,
            outputType: "FourSeverityLevels",
            categories: {},
            blocklists: [],
            enforceOnCompletions: false,
            account: "safety",
          },
        },
      ],
    );
    const plan = gatewayPlan(table, "v");
    expect(plan.roles.map((r) => [r.account, r.role, r.deployments, r.contentSafety])).toEqual([
      ["a", "Cognitive Services User", ["a/m"], undefined],
      ["safety", "Cognitive Services User", [], true],
    ]);
  });

  test("GIVEN a backend id already taken by a deployment WHEN planned THEN the content safety backend is hashed apart", () => {
    // GIVEN account "content" with deployment "safety-a": its backend is fr-dev-content-safety-a, as account a's check would be
    const table = tableOf(
      "dev",
      [{ id: "m", vendor: "microsoft", api: "chat-completions", version: "1" }],
      [
        { id: "a", region: "eastus2", deployments: [{ name: "m", model: "m" }] },
        { id: "content", region: "eastus2", deployments: [{ name: "safety-a", model: "m" }] },
      ],
      [
        {
          taskClass: "chat",
          targets: [{ deployment: "a/m", weight: 100 }],
          fallbacks: ["content/safety-a"],
          contentSafety: {
            promptShield: true,
            outputType: "FourSeverityLevels",
            categories: {},
            blocklists: [],
            enforceOnCompletions: false,
          },
        },
      ],
    );
    const plan = gatewayPlan(table, "v");
    // THEN both exist, under different ids, and the policy calls the content safety one
    expect(plan.backends.map((b) => b.id)).toContain("fr-dev-content-safety-a");
    expect(plan.contentSafety[0]!.id).toMatch(/^fr-dev-content-safety-a-[0-9a-f]{12}$/);
    expect(readPolicy(plan.apis[0]!.policy.xml).routes[0]!.contentSafety!.backendId).toBe(plan.contentSafety[0]!.id);
  });

  test("GIVEN a check on an anthropic-messages route WHEN planned THEN synth stops with GatewayConfigError", () => {
    const table = tableOf(
      "dev",
      [{ id: "claude", vendor: "anthropic", api: "anthropic-messages", version: "1" }],
      [{ id: "a", region: "eastus2", deployments: [{ name: "claude", model: "claude" }] }],
      [
        {
          taskClass: "chat",
          targets: [{ deployment: "a/claude", weight: 100 }],
          contentSafety: {
            promptShield: true,
            outputType: "FourSeverityLevels",
            categories: {},
            blocklists: [],
            enforceOnCompletions: false,
          },
        },
      ],
    );
    expect(() => gatewayPlan(table, "v")).toThrow(GatewayConfigError);
    expect(() => gatewayPlan(table, "v")).toThrow('route "chat" asks for content safety but speaks anthropic-messages');
  });
});

describe("content safety: policy", () => {
  const plan = () => gatewayPlan(withSafety().table, "v");
  const chatXml = () => plan().apis.find((a) => a.shape === "chat-completions")!.policy.xml;

  test("GIVEN checks on chat and reasoning WHEN the chat policy is read THEN each class has its own llm-content-safety and no other class has one", () => {
    // WHEN the policy is parsed
    const root = parsePolicy(chatXml());
    const inbound = root.children.find((c) => c.name === "inbound")!;
    const policies = walk(inbound).filter((n) => n.name === "llm-content-safety");
    // THEN exactly two, each in a <when> on its class
    expect(policies).toHaveLength(2);
    const read = readPolicy(chatXml());
    expect(read.routes.filter((r) => r.contentSafety).map((r) => r.taskClass)).toEqual(["chat", "reasoning"]);
    // AND chat's carries every setting, in the reference's attribute and element order
    expect(read.routes.find((r) => r.taskClass === "chat")!.contentSafety).toEqual({
      backendId: "fr-prod-content-safety-eus2",
      promptShield: true,
      enforceOnCompletions: true,
      outputType: "EightSeverityLevels",
      categories: [
        { name: "Hate", threshold: 4 },
        { name: "Violence", threshold: 5 },
      ],
      blocklists: ["blocklist1"],
    });
    const flat = chatXml()
      .split("\n")
      .map((l) => l.trim())
      .join("");
    expect(flat).toContain(
      '<llm-content-safety backend-id="fr-prod-content-safety-eus2" shield-prompt="true" enforce-on-completions="true">' +
        '<categories output-type="EightSeverityLevels"><category name="Hate" threshold="4" /><category name="Violence" threshold="5" /></categories>' +
        "<blocklists><id>blocklist1</id></blocklists></llm-content-safety>",
    );
    // AND reasoning's goes to the resource's backend, without shield or completions attributes it does not ask for
    expect(read.routes.find((r) => r.taskClass === "reasoning")!.contentSafety).toEqual({
      backendId: "fr-prod-content-safety-cs-shared",
      promptShield: false,
      enforceOnCompletions: false,
      outputType: "FourSeverityLevels",
      categories: [{ name: "SelfHarm", threshold: 2 }],
      blocklists: [],
    });
    expect(chatXml()).not.toContain('enforce-on-completions="false"');
  });

  test("the checks sit in inbound after the route settings and before the bucket, and the policy still carries the table", () => {
    const xml = chatXml();
    const at = xml.indexOf("<llm-content-safety");
    expect(at).toBeGreaterThan(xml.indexOf('name="fr-fallback-on"'));
    expect(at).toBeLessThan(xml.indexOf('name="fr-bucket"'));
    expect(at).toBeLessThan(xml.indexOf("<backend>"));
    const { table } = withSafety();
    expect(tableFromPolicy(readPolicy(xml))).toEqual(
      comparable({ ...table, routes: table.routes.filter((r) => r.api === "chat-completions") }),
    );
  });

  test("the anthropic-messages policy and a config without checks have no llm-content-safety", () => {
    const anthropic = plan().apis.find((a) => a.shape === "anthropic-messages")!.policy.xml;
    expect(anthropic).not.toContain("llm-content-safety");
    const config = load(gatewayConfig());
    const without = gatewayPlan(
      routingTable(
        config,
        config.environments.find((e) => e.name === "prod")!,
      ),
      "v",
    );
    expect(without.contentSafety).toEqual([]);
    for (const api of without.apis) expect(api.policy.xml).not.toMatch(/llm-content-safety|content safety per task class/);
  });

  test("odd task class names and XML-special blocklist names stay literal and read back as written", () => {
    // GIVEN every odd string as a task class with a check, and blocklist names with characters XML escapes
    const blocklists = ['say "hi"', "<x&y>", "a'b", "日本語"];
    const table = tableOf(
      "dev",
      [{ id: "m", vendor: "microsoft", api: "chat-completions", version: "1" }],
      [{ id: "acct", region: "eastus2", deployments: [{ name: "m", model: "m" }] }],
      ODD_STRINGS.map((s) => ({
        taskClass: s,
        targets: [{ deployment: "acct/m", weight: 100 }],
        contentSafety: {
          promptShield: true,
          outputType: "FourSeverityLevels" as const,
          categories: { hate: 2 },
          blocklists,
          enforceOnCompletions: false,
        },
      })),
    );
    // WHEN planned
    const api = gatewayPlan(table, "v").apis[0]!;
    // THEN the reader finds each class's check with the blocklists as given, and the raw form is the same document
    const read = readPolicy(api.policy.xml);
    expect(read.routes.map((r) => [r.taskClass, r.contentSafety?.blocklists])).toEqual(table.routes.map((r) => [r.taskClass, blocklists]));
    expect(api.policy.rawXml).toContain("<id>&lt;x&amp;y&gt;</id>");
  });
});

describe("content safety: synthesized resources", () => {
  function synth(): { json: { resource: Record<string, Record<string, Record<string, unknown>>> }; text: string } {
    const { config, table } = withSafety();
    const env = config.environments.find((e) => e.name === "prod")!;
    const stack = new TerraformStack(Testing.app(), "prod");
    const accounts = env.spec.accounts.map((a) => {
      const account = new CognitiveAccount(stack, `account-${a.id}`, {
        name: `ais-acme-prod-${a.id}`,
        location: a.region,
        resourceGroupName: "rg-acme-prod",
        kind: "AIServices",
        skuName: "S0",
        customSubdomainName: a.customSubdomain ?? `ais-acme-prod-${a.id}`,
      });
      return { id: a.id, resourceId: account.id, subdomain: account.customSubdomainName };
    });
    new Gateway(stack, "gateway", {
      environment: "prod",
      table,
      config: env.spec.gateway!,
      resourceGroupName: "rg-acme-prod",
      location: "eastus2",
      accounts,
    });
    const text = Testing.synth(stack);
    return { json: JSON.parse(text), text };
  }

  test("each Content Safety backend is an azapi APIM backend authenticated with the gateway's managed identity", () => {
    const { text } = synth();
    // THEN the account's backend points at its Content Safety endpoint ...
    expect(text).toHaveResourceWithProperties(AzapiResource, {
      type: `Microsoft.ApiManagement/service/backends@${CONTENT_SAFETY_BACKEND_API_VERSION}`,
      name: "fr-prod-content-safety-eus2",
      parent_id: "${azurerm_api_management.gateway.id}",
      schema_validation_enabled: false,
      body: {
        properties: {
          description: "foundry-routes content safety (prod): Foundry account eus2",
          url: "https://${azurerm_cognitive_account.account-eus2.custom_subdomain_name}.cognitiveservices.azure.com",
          protocol: "http",
          credentials: { managedIdentity: { resource: "https://cognitiveservices.azure.com" } },
        },
      },
    });
    // ... and the resource's at the endpoint its data source reads
    expect(text).toHaveResourceWithProperties(AzapiResource, {
      name: "fr-prod-content-safety-cs-shared",
      body: {
        properties: {
          description: "foundry-routes content safety (prod): cs-shared",
          url: "${data.azurerm_cognitive_account.gateway_content_safety_fr-prod-content-safety-cs-shared.endpoint}",
          protocol: "http",
          credentials: { managedIdentity: { resource: "https://cognitiveservices.azure.com" } },
        },
      },
    });
    expect(text).toHaveDataSourceWithProperties(DataAzurermCognitiveAccount, { name: "cs-shared", resource_group_name: "rg-safety" });
    // AND no key is read or sent
    expect(text).not.toMatch(/access_key|primary_key|secondary_key|api_key|subscription-key"?:/);
  });

  test("the gateway identity gets Cognitive Services User on the resource, created before the old one is destroyed", () => {
    const { text } = synth();
    expect(text).toHaveResourceWithProperties(RoleAssignment, {
      scope: RESOURCE,
      role_definition_name: "Cognitive Services User",
      principal_id: "${azurerm_api_management.gateway.identity[0].principal_id}",
      principal_type: "ServicePrincipal",
      description: "foundry-routes gateway (prod) calls Content Safety cs-shared",
      lifecycle: { create_before_destroy: true },
    });
  });

  test("the chat policy waits for the Content Safety backends and the role", () => {
    const { json, text } = synth();
    expect(text).toHaveResourceWithProperties(ApiManagementApiPolicy, { xml_content: expect.stringContaining("<llm-content-safety") });
    const chat = json.resource.azurerm_api_management_api_policy!["gateway_chat-completions"]!;
    expect(chat.depends_on).toEqual(
      expect.arrayContaining([
        "azapi_resource.gateway_content_safety_fr-prod-content-safety-eus2",
        "azapi_resource.gateway_content_safety_fr-prod-content-safety-cs-shared",
        "azurerm_role_assignment.gateway_content_safety_fr-prod-content-safety-cs-shared",
        "azurerm_role_assignment.gateway_eus2",
      ]),
    );
  });
});
