// One Terraform stack per environment: providers, backend, resource group, Foundry accounts with their model
// deployments, and outputs (endpoints, deployment names, the routing table).
import { DataAzurermResourceGroup } from "@cdktf/provider-azurerm/lib/data-azurerm-resource-group";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { AzurermBackend, CloudBackend, LocalBackend, NamedCloudWorkspace, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { Environment, RoutingConfig } from "../routing/config/loader";
import { deploymentRef, modelsById } from "../routing/config/model";
import type { Availability, Backend } from "../routing/config/schema";
import { routingTable } from "../routing/table/table";
import { FoundryAccount } from "./foundry-account";
import type { ModelDeployment, ModelProviderData } from "./model-deployment";
import { literal, setLogicalId, stableTags } from "./names";

/** Adds resources to a finished environment stack; see EnvironmentStackProps.extensions. */

/** Order of deployments in an account's chain: the surest first. */
const AVAILABILITY_RISK: Readonly<Record<Availability, number>> = { ga: 0, preview: 1, unverified: 2, "not-offered": 3 };

export type StackExtension = (stack: EnvironmentStack) => void;

interface EnvironmentStackProps {
  /** The whole validated config (catalog, task classes, environments). */
  readonly config: RoutingConfig;
  /** The environment this stack deploys. */
  readonly environment: Environment;
  /**
   * Run after the accounts and deployments exist, e.g. to add the APIM gateway in front of them.
   * @default []
   */
  readonly extensions?: readonly StackExtension[];
}

/**
 * All Azure resources of one environment. The stack name is the environment name, so the output is
 * `cdktf.out/stacks/<env>/cdk.tf.json` and `cdktf deploy <env>` deploys it.
 *
 * Providers: azurerm always; azapi only when an Anthropic deployment needs it (declared on first use by
 * ModelDeployment), so stacks without one do not download a provider they never call.
 */
export class EnvironmentStack extends TerraformStack {
  public readonly environment: Environment;
  /** Name of the resource group everything lives in (a reference when the stack creates it). */
  public readonly resourceGroupName: string;
  /** Foundry accounts by YAML account id, in YAML order. */
  public readonly accounts: ReadonlyMap<string, FoundryAccount>;
  /** Model deployments by `<account id>/<deployment name>`, in YAML order. The gateway builds its backends from these. */
  public readonly deployments: ReadonlyMap<string, ModelDeployment>;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id);
    const env = props.environment;
    const spec = env.spec;
    this.environment = env;
    const tags = stableTags(env.name, spec.tags);

    new AzurermProvider(this, "azurerm", {
      features: [{}],
      // No storage resources today; if one is added, its data-plane calls use Entra ID, not account keys.
      storageUseAzuread: true,
    });
    addBackend(this, env.name, spec.backend);

    if ("create" in spec.resourceGroup) {
      const rg = new ResourceGroup(this, "resource-group", { name: spec.resourceGroup.name, location: spec.resourceGroup.location, tags });
      setLogicalId(rg, "azurerm_resource_group", "resource_group");
      this.resourceGroupName = rg.name;
    } else {
      const rg = new DataAzurermResourceGroup(this, "resource-group", { name: spec.resourceGroup.existing });
      setLogicalId(rg, "data.azurerm_resource_group", "resource_group");
      this.resourceGroupName = rg.name;
    }

    const models = modelsById(props.config);
    const attestation = anthropicAttestation(spec);
    const accounts = new Map<string, FoundryAccount>();
    const deployments = new Map<string, ModelDeployment>();
    for (const a of spec.accounts) {
      const account = new FoundryAccount(this, `account-${a.id}`, {
        accountId: a.id,
        project: spec.project,
        environment: env.name,
        location: a.region,
        resourceGroupName: this.resourceGroupName,
        name: a.name,
        customSubdomain: a.customSubdomain,
        projectName: a.projectName,
        sku: a.sku,
        publicNetworkAccess: a.publicNetworkAccess,
        allowedIps: a.allowedIps,
        raiPolicies: a.raiPolicies,
        logAnalyticsWorkspaceId: a.logAnalyticsWorkspaceId,
        tags: spec.tags,
      });
      accounts.set(a.id, account);
      // Verified models first, preview and unverified last: each account's chain is serial (Azure answers 409 to
      // concurrent deployment operations), so a model Foundry refuses can then block only the riskier ones after it.
      // A model router is as risky as its riskiest subset model, and comes after the deployments of equal risk:
      // Azure routes to a Claude model only once it is deployed on the same account.
      const riskOf = (id: string) => AVAILABILITY_RISK[models.get(id)?.foundry.availability ?? "unverified"];
      const risk = (d: (typeof a.deployments)[number]) => Math.max(riskOf(d.model), ...(d.routing?.models ?? []).map(riskOf));
      const order = (d: (typeof a.deployments)[number]) => risk(d) * 2 + (d.routing ? 1 : 0);
      for (const d of [...a.deployments].sort((x, y) => order(x) - order(y))) {
        const ref = deploymentRef(a, d);
        const model = models.get(d.model);
        const version = d.version ?? model?.foundry.version;
        // Validation (FR-REF-1, FR-PIN-1) rejects both before synth; reaching here is a bug, not a user error.
        if (!model) throw new Error(`deployment ${ref} names model "${d.model}", which the catalog does not have`);
        if (version === undefined) throw new Error(`deployment ${ref} has no pinned version`);
        const deployment = account.addDeployment({
          name: d.name,
          format: model.foundry.format,
          modelName: model.foundry.name,
          version,
          sku: d.sku,
          capacity: d.capacity,
          versionUpgradeOption: d.versionUpgradeOption,
          raiPolicy: d.raiPolicy,
          modelProviderData: attestation,
          routing: d.routing && {
            mode: d.routing.mode,
            // FR-ROUTER-1 refuses unknown or unversioned subset models before synth.
            models: d.routing.models.map((id) => {
              const m = models.get(id)!;
              return { format: m.foundry.format, name: m.foundry.name, version: m.foundry.version! };
            }),
          },
        });
        deployments.set(ref, deployment);
      }
    }
    this.accounts = accounts;
    this.deployments = deployments;

    new TerraformOutput(this, "account_endpoints", {
      description: "Endpoint of each Foundry account, by account id.",
      value: Object.fromEntries([...accounts].map(([accountId, account]) => [accountId, account.endpoint])),
    });
    new TerraformOutput(this, "deployment_names", {
      description: "Deployment name of each model deployment, by <account>/<deployment>.",
      value: Object.fromEntries([...deployments].map(([ref, d]) => [ref, d.deploymentName])),
    });
    new TerraformOutput(this, "routing_table", {
      description: "The resolved routing table of this environment (JSON): task class → weighted targets and fallbacks.",
      value: literal(JSON.stringify(routingTable(props.config, env))),
    });

    // ---- Extension point: the APIM gateway (constructs/gateway*.ts) is added here, after accounts and deployments
    // exist, reading this.accounts (ids, endpoints) and this.deployments (names). ----
    for (const extend of props.extensions ?? []) extend(this);
  }
}

function addBackend(stack: TerraformStack, envName: string, backend: Backend): void {
  switch (backend.type) {
    case "local":
      new LocalBackend(stack, { path: `terraform.${envName}.tfstate` });
      return;
    case "azurerm":
      new AzurermBackend(stack, {
        resourceGroupName: backend.resourceGroupName,
        storageAccountName: backend.storageAccountName,
        containerName: backend.containerName,
        key: backend.key,
        useOidc: backend.useOidc,
        // State access with Entra ID, not storage account keys.
        useAzureadAuth: true,
      });
      return;
    case "cloud":
      new CloudBackend(stack, {
        organization: backend.organization,
        workspaces: new NamedCloudWorkspace(backend.workspace),
        hostname: backend.hostname,
      });
      return;
  }
}

/** The environment's `anthropic` block for modelProviderData; absent → ModelDeployment uses Terraform variables. */
function anthropicAttestation(spec: Environment["spec"]): ModelProviderData | undefined {
  const a = spec.anthropic;
  if (!a) return undefined;
  return { organizationName: literal(a.organizationName), countryCode: a.countryCode, industry: a.industry };
}
