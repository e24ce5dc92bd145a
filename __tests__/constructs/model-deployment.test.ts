// Types for cdktf's jest matchers (registered below, with Testing.setupJest()).
import type {} from "cdktf/lib/testing/adapters/jest";
import { CognitiveDeployment } from "@cdktf/provider-azurerm/lib/cognitive-deployment";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { Testing } from "cdktf";
import { AzapiProvider, AzapiResource } from "../../constructs/azapi";
import { FoundryAccount, type FoundryAccountProps } from "../../constructs/foundry-account";
import { ANTHROPIC_DEPLOYMENT_API_VERSION, MODEL_ROUTER_API_VERSION, type ModelDeploymentOptions } from "../../constructs/model-deployment";

// cdktf's jest matchers (toHaveResourceWithProperties, …).
Testing.setupJest();

const ACCOUNT: FoundryAccountProps = { accountId: "eus2", project: "fr", environment: "dev", location: "eastus2", resourceGroupName: "rg" };
const STRICT = {
  name: "strict",
  basePolicy: "Microsoft.DefaultV2",
  mode: "Blocking" as const,
  contentFilters: [{ name: "Hate" as const, source: "Prompt" as const, severityThreshold: "Low" as const, blocking: true, enabled: true }],
};
const GPT: ModelDeploymentOptions = { name: "gpt-4o", format: "OpenAI", modelName: "gpt-4o", version: "2024-11-20", capacity: 10 };
const CLAUDE: ModelDeploymentOptions = {
  name: "claude",
  format: "Anthropic",
  modelName: "claude-sonnet-4-5",
  version: "20250929",
  capacity: 2,
};
const ATTESTATION = { organizationName: "Fabrikam Ltd", countryCode: "GB", industry: "technology" };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function synth(deployments: ModelDeploymentOptions[], account: Partial<FoundryAccountProps> = {}): { out: string; json: any } {
  const out = Testing.synthScope((scope) => {
    new AzurermProvider(scope, "azurerm", { features: [{}] });
    const a = new FoundryAccount(scope, "account-eus2", { ...ACCOUNT, ...account });
    for (const d of deployments) a.addDeployment(d);
  });
  return { out, json: JSON.parse(out) };
}

describe("ModelDeployment (azurerm)", () => {
  test("pins the model version and defaults to NoAutoUpgrade, GlobalStandard and an explicit Microsoft.DefaultV2", () => {
    // GIVEN a deployment with only the required options
    // WHEN synthesized
    const { out } = synth([{ name: "gpt-4o", format: "OpenAI", modelName: "gpt-4o", version: "2024-11-20" }]);

    // THEN every drift-prone field is set explicitly
    expect(out).toHaveResourceWithProperties(CognitiveDeployment, {
      name: "gpt-4o",
      cognitive_account_id: "${azurerm_cognitive_account.account_eus2.id}",
      model: { format: "OpenAI", name: "gpt-4o", version: "2024-11-20" },
      sku: { name: "GlobalStandard", capacity: 1 },
      version_upgrade_option: "NoAutoUpgrade",
      rai_policy_name: "Microsoft.DefaultV2",
    });
  });

  test("passes SKU, capacity and upgrade option through", () => {
    // GIVEN explicit settings
    // WHEN synthesized
    const { out } = synth([{ ...GPT, sku: "DataZoneStandard", capacity: 250, versionUpgradeOption: "OnceCurrentVersionExpired" }]);

    // THEN they appear as given
    expect(out).toHaveResourceWithProperties(CognitiveDeployment, {
      sku: { name: "DataZoneStandard", capacity: 250 },
      version_upgrade_option: "OnceCurrentVersionExpired",
    });
  });

  test("a custom RAI policy is referenced by resource, so Terraform creates the policy first", () => {
    // GIVEN an account with a custom policy and a deployment using it
    // WHEN synthesized
    const { out } = synth([{ ...GPT, raiPolicy: "strict" }], { raiPolicies: [STRICT] });

    // THEN rai_policy_name is a reference to the policy's name
    expect(out).toHaveResourceWithProperties(CognitiveDeployment, {
      rai_policy_name: "${azapi_resource.rai_policy_eus2_strict.name}",
    });
  });

  test("an account without Anthropic deployments declares no azapi provider", () => {
    // GIVEN only azurerm deployments
    // WHEN synthesized
    const { out, json } = synth([GPT]);

    // THEN azapi appears nowhere
    expect(out).not.toHaveProvider(AzapiProvider);
    expect(json.terraform.required_providers.azapi).toBeUndefined();
    expect(out).not.toHaveResource(AzapiResource);
  });
});

describe("ModelDeployment (Anthropic via azapi)", () => {
  test("becomes an azapi_resource with modelProviderData, not an azurerm_cognitive_deployment", () => {
    // GIVEN an Anthropic model with an attestation
    // WHEN synthesized
    const { out, json } = synth([{ ...CLAUDE, modelProviderData: ATTESTATION }]);

    // THEN it is a deployment child of the account, sent through azapi with the full ARM body
    expect(out).not.toHaveResource(CognitiveDeployment);
    const r = json.resource.azapi_resource.deployment_eus2_claude;
    expect(r.type).toBe(`Microsoft.CognitiveServices/accounts/deployments@${ANTHROPIC_DEPLOYMENT_API_VERSION}`);
    expect(r.name).toBe("claude");
    expect(r.parent_id).toBe("${azurerm_cognitive_account.account_eus2.id}");
    expect(r.schema_validation_enabled).toBe(false);
    expect(r.body).toEqual({
      sku: { name: "GlobalStandard", capacity: 2 },
      properties: {
        model: { format: "Anthropic", name: "claude-sonnet-4-5", version: "20250929" },
        versionUpgradeOption: "NoAutoUpgrade",
        modelProviderData: { organizationName: "Fabrikam Ltd", countryCode: "GB", industry: "technology" },
      },
    });
  });

  test("declares azure/azapi in required_providers and a provider block", () => {
    // GIVEN an Anthropic deployment
    // WHEN synthesized
    const { out, json } = synth([{ ...CLAUDE, modelProviderData: ATTESTATION }]);

    // THEN azapi is a required provider next to azurerm
    expect(out).toHaveProvider(AzapiProvider);
    expect(json.terraform.required_providers.azapi).toEqual({ source: "azure/azapi", version: "~> 2.5" });
    expect(json.terraform.required_providers.azurerm).toBeDefined();
  });

  test("sends no RAI policy, even when one is configured: Foundry filters no Claude deployment", () => {
    // GIVEN an Anthropic deployment naming the account's custom policy
    // WHEN synthesized
    const { json } = synth([{ ...CLAUDE, raiPolicy: "strict", modelProviderData: ATTESTATION }], { raiPolicies: [STRICT] });

    // THEN the body has no raiPolicyName (FR-RAI-2 tells the author the setting has no effect)
    expect(json.resource.azapi_resource.deployment_eus2_claude.body.properties).not.toHaveProperty("raiPolicyName");
  });

  test("without an attestation in data, modelProviderData comes from required Terraform variables, declared once", () => {
    // GIVEN two Anthropic deployments and no attestation
    // WHEN synthesized
    const { json } = synth([CLAUDE, { ...CLAUDE, name: "claude-2" }]);

    // THEN both bodies refer to the same three variables, which have no default (plan asks for them)
    for (const id of ["deployment_eus2_claude", "deployment_eus2_claude-2"]) {
      expect(json.resource.azapi_resource[id].body.properties.modelProviderData).toEqual({
        organizationName: "${var.anthropic_organization_name}",
        countryCode: "${var.anthropic_country_code}",
        industry: "${var.anthropic_industry}",
      });
    }
    expect(Object.keys(json.variable).sort()).toEqual(["anthropic_country_code", "anthropic_industry", "anthropic_organization_name"]);
    for (const v of Object.values(json.variable) as { default?: unknown; type: string; nullable: boolean }[]) {
      expect(v.default).toBeUndefined();
      expect(v).toMatchObject({ type: "string", nullable: false });
    }
    expect(json.variable.anthropic_country_code.validation[0].condition).toContain("^[A-Z]{2}$");
  });

  test("with an attestation, no variables are declared", () => {
    // GIVEN an Anthropic deployment with an attestation
    // WHEN synthesized
    const { json } = synth([{ ...CLAUDE, modelProviderData: ATTESTATION }]);

    // THEN the stack has no variables
    expect(json.variable).toBeUndefined();
  });
});

describe("FoundryAccount.addDeployment ordering", () => {
  test("each deployment depends on the previous one of the account, across azurerm and azapi", () => {
    // GIVEN three deployments, the middle one Anthropic
    // WHEN synthesized
    const { json } = synth([GPT, { ...CLAUDE, modelProviderData: ATTESTATION }, { ...GPT, name: "gpt-4o-2" }]);

    // THEN they form one chain in declaration order
    expect(json.resource.azurerm_cognitive_deployment["deployment_eus2_gpt-4o"].depends_on).toBeUndefined();
    expect(json.resource.azapi_resource.deployment_eus2_claude.depends_on).toEqual(["azurerm_cognitive_deployment.deployment_eus2_gpt-4o"]);
    expect(json.resource.azurerm_cognitive_deployment["deployment_eus2_gpt-4o-2"].depends_on).toEqual([
      "azapi_resource.deployment_eus2_claude",
    ]);
  });
});

describe("ModelDeployment (model router via azapi)", () => {
  const ROUTER: ModelDeploymentOptions = {
    name: "router",
    format: "OpenAI",
    modelName: "model-router",
    version: "2025-11-18",
    capacity: 10,
  };

  test("with routing settings it becomes an azapi deployment carrying mode and subset, on the preview API", () => {
    // GIVEN a router with a cost-mode subset of two models
    const routing = {
      mode: "cost",
      models: [
        { format: "OpenAI", name: "gpt-4o-mini", version: "2024-07-18" },
        { format: "OpenAI", name: "o4-mini", version: "2025-04-16" },
      ],
    };
    // WHEN synthesized
    const { json } = synth([{ ...ROUTER, routing }]);
    // THEN the body sends `routing` as the deployment API documents it, and no azurerm deployment exists
    const r = json.resource.azapi_resource.deployment_eus2_router;
    expect(r.type).toBe(`Microsoft.CognitiveServices/accounts/deployments@${MODEL_ROUTER_API_VERSION}`);
    expect(r.body.properties.routing).toEqual(routing);
    expect(r.body.properties.model).toEqual({ format: "OpenAI", name: "model-router", version: "2025-11-18" });
    expect(r.body.properties.raiPolicyName).toBe("Microsoft.DefaultV2");
    expect(json.resource.azurerm_cognitive_deployment).toBeUndefined();
  });

  test("without routing settings it stays an azurerm deployment (Balanced over the full pool)", () => {
    const { json } = synth([ROUTER]);
    expect(json.resource.azurerm_cognitive_deployment.deployment_eus2_router.model).toEqual({
      format: "OpenAI",
      name: "model-router",
      version: "2025-11-18",
    });
    expect(json.resource.azapi_resource).toBeUndefined();
  });
});
