// A model deployment on a Foundry account: azurerm_cognitive_deployment, or azapi_resource for Anthropic models.
import { CognitiveDeployment } from "@cdktf/provider-azurerm/lib/cognitive-deployment";
import { type ITerraformDependable, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { AzapiProvider, AzapiResource } from "./azapi";
import { literal, logicalId, setLogicalId } from "./names";

/** Model format Azure uses for Claude models; these deploy through azapi (see ModelDeployment). */
const ANTHROPIC_FORMAT = "Anthropic";

/**
 * API version for Anthropic deployments. Azure only accepts them with `properties.modelProviderData`, which no
 * published API spec describes yet (Azure/azure-rest-api-specs#43610; #44944 adds it to 2026-05-15-preview only).
 * 2026-05-01 is the GA version Azure Verified Modules pins for it, documented there as the minimum GA version that
 * accepts the property (Azure/bicep-registry-modules#7197, #7207). Earlier versions are reported to work too
 * (2025-10-01-preview in hashicorp/terraform-provider-azurerm#31140, 2025-12-01 in ARM REST samples), but not consistently.
 */
export const ANTHROPIC_DEPLOYMENT_API_VERSION = "2026-05-01";

/**
 * API version for model router deployments with a `routing` block (mode and model subset), as Microsoft Learn's
 * "Use model router" REST example sends it. azurerm 4.55.0 has no such block.
 */
export const MODEL_ROUTER_API_VERSION = "2025-10-01-preview";

/** A model router's routing settings, as the deployment API takes them. */
interface ModelRouterRouting {
  /** balanced, quality or cost. */
  readonly mode: string;
  /** The subset, each model as Azure names it. */
  readonly models: readonly { readonly format: string; readonly name: string; readonly version: string }[];
}

/**
 * The attestation Azure needs to accept Anthropic's Marketplace terms on the subscription owner's behalf: the
 * legal entity, where it is, and its industry. Azure rejects an Anthropic deployment without all three
 * (`InvalidModelProviderData`).
 */
/** What a deployment needs of the account that hosts it (FoundryAccount implements it). */
export interface DeploymentHost {
  /** The account's short id from config, used in Terraform addresses. */
  readonly accountId: string;
  /** The Azure resource id of the account. */
  readonly id: string;
  /** The Azure name of the RAI policy that config calls `name` on this account. */
  raiPolicyName(name: string): string;
}

export interface ModelProviderData {
  /** Legal name of the organization accepting Anthropic's terms. */
  readonly organizationName: string;
  /** ISO 3166-1 alpha-2 country code of the organization, e.g. US. */
  readonly countryCode: string;
  /** Industry, in Azure's lowercase vocabulary, e.g. technology, finance, healthcare. */
  readonly industry: string;
}

/** Terraform variables the attestation falls back to when the YAML gives none. */
const MODEL_PROVIDER_DATA_VARIABLES = {
  organizationName: "anthropic_organization_name",
  countryCode: "anthropic_country_code",
  industry: "anthropic_industry",
} as const;

export interface ModelDeploymentOptions {
  /** Deployment name, as clients and the gateway address it; unique per account. */
  readonly name: string;
  /** Model format as Azure names it: OpenAI, Microsoft, Anthropic, DeepSeek, Meta, … */
  readonly format: string;
  /** Model name as Azure names it. */
  readonly modelName: string;
  /** Pinned model version; never floating, so git says which model answered. */
  readonly version: string;
  /**
   * Deployment SKU.
   * @default "GlobalStandard"
   */
  readonly sku?: string;
  /**
   * Capacity in K TPM (PTUs for provisioned SKUs).
   * @default 1
   */
  readonly capacity?: number;
  /**
   * When Azure may move the deployment to another model version.
   * @default "NoAutoUpgrade"
   */
  readonly versionUpgradeOption?: string;
  /**
   * RAI (content filter) policy: a custom policy of the account, or a Microsoft built-in. Always sent: azurerm
   * 4.55.0 shows a diff on every plan when it is left unset.
   * @default "Microsoft.DefaultV2"
   */
  readonly raiPolicy?: string;
  /**
   * Anthropic models only: the Marketplace attestation sent as `modelProviderData`.
   * @default - the Terraform variables anthropic_organization_name, anthropic_country_code and anthropic_industry
   *   (no defaults: plan stops and asks for them, e.g. via TF_VAR_anthropic_organization_name)
   */
  readonly modelProviderData?: ModelProviderData;
  /**
   * API version used for Anthropic deployments through azapi.
   * @default ANTHROPIC_DEPLOYMENT_API_VERSION
   */
  readonly anthropicApiVersion?: string;
  /**
   * Model router only: routing mode and model subset; the deployment then goes through azapi.
   * @default - none: Balanced over Microsoft's full pool (azurerm)
   */
  readonly routing?: ModelRouterRouting;
}

interface ModelDeploymentProps extends ModelDeploymentOptions {
  /** The account to deploy into. */
  readonly account: DeploymentHost;
  /**
   * Resources to create first (the account's previous deployment, see the account's addDeployment).
   * @default []
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * One model deployment. OpenAI, Microsoft, DeepSeek, Meta … models become `azurerm_cognitive_deployment`.
 * Anthropic models become an `azapi_resource` of type Microsoft.CognitiveServices/accounts/deployments: Azure
 * requires `modelProviderData` for them and azurerm 4.55.0 cannot send it (hashicorp/terraform-provider-azurerm#31140).
 */
export class ModelDeployment extends Construct {
  /** Deployment name as clients address it. */
  public readonly deploymentName: string;
  /** Whether the deployment goes through azapi (Anthropic models, model routers with routing settings). */
  public readonly viaAzapi: boolean;
  /** The Terraform resource; the next deployment of the account depends on it. */
  public readonly resource: CognitiveDeployment | AzapiResource;

  constructor(scope: Construct, id: string, props: ModelDeploymentProps) {
    super(scope, id);
    this.deploymentName = props.name;
    this.viaAzapi = props.format === ANTHROPIC_FORMAT || props.routing !== undefined;
    const sku = { name: props.sku ?? "GlobalStandard", capacity: props.capacity ?? 1 };
    // The version is checked as floating or pinned by FR-PIN-1, not by pattern, so it is escaped as free text.
    const model = { format: props.format, name: props.modelName, version: literal(props.version) };
    const versionUpgradeOption = props.versionUpgradeOption ?? "NoAutoUpgrade";
    const address = logicalId("deployment", props.account.accountId, props.name);

    if (this.viaAzapi) {
      AzapiProvider.of(this); // declares azure/azapi in required_providers, once per stack
      const properties = props.routing
        ? {
            model,
            versionUpgradeOption,
            raiPolicyName: props.account.raiPolicyName(props.raiPolicy ?? "Microsoft.DefaultV2"),
            routing: {
              mode: props.routing.mode,
              models: props.routing.models.map((m) => ({ format: m.format, name: m.name, version: literal(m.version) })),
            },
          }
        : // No raiPolicyName: Foundry applies no content filter to Claude at deployment time (Claude docs), so the
          // field would be ignored or echoed differently, a diff on every plan.
          { model, versionUpgradeOption, modelProviderData: attestation(props.modelProviderData ?? modelProviderDataVariables(this)) };
      this.resource = new AzapiResource(this, "deployment", {
        type: `Microsoft.CognitiveServices/accounts/deployments@${
          props.routing ? MODEL_ROUTER_API_VERSION : (props.anthropicApiVersion ?? ANTHROPIC_DEPLOYMENT_API_VERSION)
        }`,
        name: props.name,
        parentId: props.account.id,
        // Off for both bodies: modelProviderData is in no schema azapi embeds (its validation would reject the body;
        // should Azure not echo it on GET, azapi 2.x's ignore_missing_property = true avoids a perpetual diff), and
        // whether azapi's embedded preview spec has a router's `routing` cannot be checked here.
        schemaValidationEnabled: false,
        body: { sku, properties },
        dependsOn: props.dependsOn,
      });
      setLogicalId(this.resource, AzapiResource.tfResourceType, address);
    } else {
      this.resource = new CognitiveDeployment(this, "deployment", {
        name: props.name,
        cognitiveAccountId: props.account.id,
        model,
        sku,
        versionUpgradeOption,
        raiPolicyName: props.account.raiPolicyName(props.raiPolicy ?? "Microsoft.DefaultV2"),
        dependsOn: props.dependsOn,
      });
      setLogicalId(this.resource, "azurerm_cognitive_deployment", address);
    }
  }

  /** ARM id of the deployment. */
  public get id(): string {
    return this.resource.id;
  }
}

/** The attestation as the deployment body takes it. */
function attestation(d: ModelProviderData): ModelProviderData {
  return { organizationName: d.organizationName, countryCode: d.countryCode, industry: d.industry };
}

/** The stack's attestation variables, declared once and only when an Anthropic deployment needs them. */
function modelProviderDataVariables(scope: Construct): ModelProviderData {
  const stack = TerraformStack.of(scope);
  const variable = (name: string, description: string, validation?: { condition: string; errorMessage: string }) => {
    const existing = stack.node.tryFindChild(name);
    if (existing instanceof TerraformVariable) return existing.stringValue;
    const v = new TerraformVariable(stack, name, {
      type: "string",
      description,
      nullable: false,
      validation: validation ? [validation] : undefined,
    });
    v.overrideLogicalId(name);
    return v.stringValue;
  };
  const names = MODEL_PROVIDER_DATA_VARIABLES;
  return {
    organizationName: variable(
      names.organizationName,
      "Legal name of the organization accepting Anthropic's Marketplace terms (modelProviderData.organizationName).",
      {
        condition: `\${length(trimspace(var.${names.organizationName})) > 0}`,
        errorMessage: "anthropic_organization_name must not be empty.",
      },
    ),
    countryCode: variable(
      names.countryCode,
      "ISO 3166-1 alpha-2 country code of that organization, e.g. US (modelProviderData.countryCode).",
      {
        condition: `\${can(regex("^[A-Z]{2}$", var.${names.countryCode}))}`,
        errorMessage: "anthropic_country_code must be two upper-case letters (ISO 3166-1 alpha-2), e.g. US.",
      },
    ),
    industry: variable(
      names.industry,
      "Industry of that organization in Azure's lowercase vocabulary, e.g. technology (modelProviderData.industry).",
      {
        condition: `\${can(regex("^[a-z][a-z_ -]*$", var.${names.industry}))}`,
        errorMessage: "anthropic_industry must be a lowercase industry name such as technology.",
      },
    ),
  };
}
