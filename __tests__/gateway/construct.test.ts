import { TerraformStack, Testing } from "cdktf";
import { ApiManagement } from "@cdktf/provider-azurerm/lib/api-management";
import { ApiManagementApiPolicy } from "@cdktf/provider-azurerm/lib/api-management-api-policy";
import { ApiManagementNamedValue } from "@cdktf/provider-azurerm/lib/api-management-named-value";
import { CognitiveAccount } from "@cdktf/provider-azurerm/lib/cognitive-account";
import { DataAzurermApiManagement } from "@cdktf/provider-azurerm/lib/data-azurerm-api-management";
import { EnvironmentStack } from "../../constructs/environment-stack";
import { Gateway, type GatewayAccount, gatewayExtension } from "../../constructs/gateway";
import { gatewayPlan } from "../../routing/gateway/plan";
import { GatewayPolicyTooLargeError } from "../../routing/gateway/policy";
import { routingVersion } from "../../routing/table/hash";
import { fixture } from "./helpers";

// cdktf's jest matchers (toHaveResourceWithProperties, …).
Testing.setupJest();

type Synth = {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown }>;
};

/** Synthesizes one environment's gateway in a small stack, with real account resources for the tokens. */
function synth(
  env: "prod" | "staging",
  extra: Partial<ConstructorParameters<typeof Gateway>[2]> = {},
): { json: Synth; text: string; gateway: Gateway } {
  const { config, tables } = fixture();
  const environment = config.environments.find((e) => e.name === env)!;
  const app = Testing.app();
  const stack = new TerraformStack(app, env);
  const accounts: GatewayAccount[] = environment.spec.accounts.map((a) => {
    const account = new CognitiveAccount(stack, `account-${a.id}`, {
      name: `ais-acme-${env}-${a.id}`,
      location: a.region,
      resourceGroupName: `rg-acme-${env}`,
      kind: "AIServices",
      skuName: "S0",
      customSubdomainName: a.customSubdomain ?? `ais-acme-${env}-${a.id}`,
      localAuthEnabled: false,
    });
    return { id: a.id, resourceId: account.id, subdomain: account.customSubdomainName };
  });
  const gateway = new Gateway(stack, "gateway", {
    environment: env,
    project: environment.spec.project,
    table: tables.get(env)!,
    config: environment.spec.gateway!,
    resourceGroupName: `rg-acme-${env}`,
    location: "eastus2",
    accounts,
    tags: environment.spec.tags,
    ...extra,
  });
  const text = Testing.synth(stack);
  return { json: JSON.parse(text) as Synth, text, gateway };
}

const resources = (json: Synth, type: string) => Object.values(json.resource[type] ?? {});
/** The logical id cdktf gave the one resource (or data source) of a type. */
const only = (blocks: Synth["resource"] | undefined, type: string) => {
  const ids = Object.keys(blocks?.[type] ?? {});
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return `${type}.${ids[0]}`;
};

describe("Gateway construct: prod sample (created APIM)", () => {
  test("creates a BasicV2 API Management instance with a system-assigned identity", () => {
    // GIVEN prod's gateway block (create, default SKU)
    // WHEN the gateway is synthesized
    const { text } = synth("prod");
    // THEN one APIM instance exists with the LLM-policy-capable default SKU and a managed identity
    expect(text).toHaveResourceWithProperties(ApiManagement, {
      name: "apim-acme-prod",
      sku_name: "BasicV2_1",
      publisher_name: "Acme Platform",
      publisher_email: "platform@example.com",
      identity: { type: "SystemAssigned" },
      tags: { environment: "prod", "managed-by": "foundry-routes", owner: "platform" },
    });
  });

  test("one backend per routed deployment, each with a circuit breaker on 429 and 5xx", () => {
    // GIVEN prod's five routed deployments
    // WHEN synthesized
    const { json } = synth("prod");
    const backends = resources(json, "azurerm_api_management_backend");
    // THEN five backends exist, on the Foundry endpoints, each tripping on 429 and 500-599 and honouring Retry-After
    expect(backends.map((b) => b.name).sort()).toEqual([
      "fr-prod-eus2-gpt-4o",
      "fr-prod-eus2-gpt-4o-mini",
      "fr-prod-eus2-mai-ds-r1",
      "fr-prod-swc-claude-sonnet",
      "fr-prod-swc-gpt-4o",
    ]);
    for (const b of backends) {
      expect(b.circuit_breaker_rule).toMatchObject({
        accept_retry_after_enabled: true,
        failure_condition: {
          status_code_range: [
            { min: 429, max: 429 },
            { min: 500, max: 599 },
          ],
        },
      });
      expect(b.protocol).toBe("http");
      expect(b).not.toHaveProperty("credentials");
    }
    const url = (name: string) => backends.find((b) => b.name === name)!.url;
    expect(url("fr-prod-swc-gpt-4o")).toBe(
      "https://${azurerm_cognitive_account.account-swc.custom_subdomain_name}.openai.azure.com/openai/deployments/gpt-4o",
    );
    expect(url("fr-prod-eus2-mai-ds-r1")).toBe(
      "https://${azurerm_cognitive_account.account-eus2.custom_subdomain_name}.services.ai.azure.com/models",
    );
    expect(url("fr-prod-swc-claude-sonnet")).toBe(
      "https://${azurerm_cognitive_account.account-swc.custom_subdomain_name}.services.ai.azure.com/anthropic",
    );
  });

  test("keyless: the gateway identity gets a role on each account it calls, and no key appears anywhere", () => {
    // GIVEN prod: both accounts serve non-OpenAI models through the gateway
    // WHEN synthesized
    const { json, text } = synth("prod");
    // THEN each account grants Cognitive Services User to the APIM identity ...
    const roles = resources(json, "azurerm_role_assignment");
    const principal = `\${${only(json.resource, "azurerm_api_management")}.identity[0].principal_id}`;
    expect(roles.map((r) => [r.scope, r.role_definition_name, r.principal_id, r.principal_type])).toEqual([
      ["${azurerm_cognitive_account.account-eus2.id}", "Cognitive Services User", principal, "ServicePrincipal"],
      ["${azurerm_cognitive_account.account-swc.id}", "Cognitive Services User", principal, "ServicePrincipal"],
    ]);
    // ... the policies authenticate with the managed identity ...
    for (const p of resources(json, "azurerm_api_management_api_policy")) {
      expect(p.xml_content).toContain('<authentication-managed-identity resource="https://cognitiveservices.azure.com" />');
    }
    // ... and nothing reads or sends an account key
    expect(text).not.toMatch(/access_key|primary_key|secondary_key|api_key|"credentials"/);
  });

  test("the routing version is a named value and an output; the gateway URL is an output", () => {
    // GIVEN prod's routing table
    const table = fixture().tables.get("prod")!;
    // WHEN synthesized
    const { json, text } = synth("prod");
    // THEN the named value holds routingVersion(table), and the outputs expose it with the URLs
    expect(text).toHaveResourceWithProperties(ApiManagementNamedValue, {
      name: "fr-prod-routing-version",
      display_name: "fr-prod-routing-version",
      value: routingVersion(table),
      secret: false,
    });
    expect(only(json.resource, "azurerm_api_management")).toBe("azurerm_api_management.gateway");
    const url = `\${${only(json.resource, "azurerm_api_management")}.gateway_url}`;
    expect(json.output?.routing_version!.value).toBe(routingVersion(table));
    expect(json.output?.gateway_url!.value).toBe(url);
    expect(json.output?.gateway_chat_completions_base_url!.value).toBe(`${url}/prod/openai`);
    expect(json.output?.gateway_anthropic_messages_base_url!.value).toBe(`${url}/prod/anthropic`);
  });

  test("each API gets the generated policy of its shape, verbatim, after its dependencies", () => {
    // GIVEN prod's plan
    const plan = gatewayPlan(fixture().tables.get("prod")!, routingVersion(fixture().tables.get("prod")!));
    // WHEN synthesized
    const { json, text } = synth("prod");
    // THEN each API's policy is exactly the plan's rawxml, and waits for the named value and backends
    for (const api of plan.apis) {
      expect(text).toHaveResourceWithProperties(ApiManagementApiPolicy, { xml_content: api.policy.rawXml });
    }
    const policies = resources(json, "azurerm_api_management_api_policy");
    expect(policies).toHaveLength(2);
    for (const p of policies) {
      expect(p.depends_on).toEqual(expect.arrayContaining([only(json.resource, "azurerm_api_management_named_value")]));
      expect((p.depends_on as string[]).filter((d) => d.startsWith("azurerm_api_management_backend."))).toHaveLength(5);
    }
    const apis = resources(json, "azurerm_api_management_api");
    expect(apis.map((a) => [a.name, a.path, a.subscription_required]).sort()).toEqual([
      ["fr-prod-anthropic-messages", "prod/anthropic", true],
      ["fr-prod-chat-completions", "prod/openai", true],
    ]);
    expect(
      resources(json, "azurerm_api_management_api_operation")
        .map((o) => [o.method, o.url_template])
        .sort(),
    ).toEqual([
      ["POST", "/chat/completions"],
      ["POST", "/v1/messages"],
    ]);
  });
});

describe("Gateway construct: staging sample (existing APIM)", () => {
  test("references the existing instance by name and resource group and creates none", () => {
    // GIVEN staging's gateway block (existing apim-shared in rg-shared)
    // WHEN synthesized
    const { json, text } = synth("staging");
    // THEN the instance is read, not created, and everything lands in its resource group
    expect(text).toHaveDataSourceWithProperties(DataAzurermApiManagement, { name: "apim-shared", resource_group_name: "rg-shared" });
    expect(json.resource.azurerm_api_management).toBeUndefined();
    for (const type of [
      "azurerm_api_management_backend",
      "azurerm_api_management_api",
      "azurerm_api_management_api_policy",
      "azurerm_api_management_named_value",
    ]) {
      for (const r of resources(json, type)) expect(r.resource_group_name).toBe("rg-shared");
    }
    // and the role assignment uses the existing instance's identity
    expect(resources(json, "azurerm_role_assignment").map((r) => r.principal_id)).toEqual([
      `\${data.${only(json.data, "azurerm_api_management")}.identity[0].principal_id}`,
    ]);
  });
});

describe("Gateway construct: failures stop synth", () => {
  test("an oversize policy throws before any resource is added", () => {
    // GIVEN prod with a policy limit far below its policy size
    // WHEN the construct is built
    // THEN construction fails with the typed error, so the stack cannot be synthesized
    expect(() => synth("prod", { planOptions: { limitBytes: 1000 } })).toThrow(GatewayPolicyTooLargeError);
  });

  test("an account the routes reach but the stack did not pass is a wiring error", () => {
    // GIVEN prod with the swc account missing from props.accounts
    // WHEN the construct is built
    // THEN it names the missing account
    expect(() => synth("prod", { accounts: [{ id: "eus2", resourceId: "/subscriptions/x/eus2", subdomain: "eus2" }] })).toThrow(
      /account "swc"/,
    );
  });
});

describe("Gateway construct: wired into EnvironmentStack", () => {
  test("the extension adds the gateway to environments that declare one, in front of their accounts and deployments", () => {
    // GIVEN the fixture config and the gateway extension
    const { config } = fixture();
    const app = Testing.app();
    // WHEN the prod environment stack is built with the extension
    const stack = new EnvironmentStack(app, "prod", {
      config,
      environment: config.environments.find((e) => e.name === "prod")!,
      extensions: [gatewayExtension(config)],
    });
    const json = JSON.parse(Testing.synth(stack)) as Synth;
    // THEN the gateway calls the stack's own accounts, and its policies wait for backends, never for deployments
    // (a missing deployment answers 404 and the policy falls back; one refused model must not block the gateway)
    expect(resources(json, "azurerm_role_assignment").map((r) => r.scope)).toEqual([
      "${azurerm_cognitive_account.account_eus2.id}",
      "${azurerm_cognitive_account.account_swc.id}",
    ]);
    expect(resources(json, "azurerm_api_management_backend").find((b) => b.name === "fr-prod-swc-gpt-4o")!.url).toBe(
      "https://${azurerm_cognitive_account.account_swc.custom_subdomain_name}.openai.azure.com/openai/deployments/gpt-4o",
    );
    for (const p of resources(json, "azurerm_api_management_api_policy")) {
      expect(p.depends_on).toEqual(expect.arrayContaining(["azurerm_api_management_backend.gateway_fr-prod-swc-gpt-4o"]));
      expect((p.depends_on as string[]).filter((d) => d.startsWith("azurerm_cognitive_deployment") || d.startsWith("azapi_"))).toEqual([]);
    }
    expect(json.output?.routing_version!.value).toBe(routingVersion(fixture().tables.get("prod")!));
  });
});
