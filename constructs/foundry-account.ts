// A Foundry account: one AIServices cognitive account with its project, custom RAI policies and diagnostics.
// Translates validated data into resources; checks nothing beyond its props.
import { CognitiveAccount } from "@cdktf/provider-azurerm/lib/cognitive-account";
import { CognitiveAccountProject } from "@cdktf/provider-azurerm/lib/cognitive-account-project";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { Construct } from "constructs";
import { type RaiPolicy, SINGLE_LEVEL_FILTERS } from "../routing/config/schema";
import { AzapiProvider, AzapiResource } from "./azapi";
import { type DeploymentHost, ModelDeployment, type ModelDeploymentOptions } from "./model-deployment";
import { defaultAccountName, defaultProjectName, literal, logicalId, setLogicalId, stableTags } from "./names";

/** A custom content-filter (RAI) policy, as validated from YAML. */
type RaiPolicyProps = RaiPolicy;

/**
 * API version of custom RAI policies (Microsoft.CognitiveServices/accounts/raiPolicies). They go through azapi:
 * azurerm 4.55.0 requires `severity_threshold` on every content filter, but Azure returns none for the
 * single-level filters (Jailbreak, Indirect Attack, Protected Material), so every plan would show a diff.
 */
const RAI_POLICY_API_VERSION = "2025-06-01";
/** Severity sent for the multi-level filters when the YAML gives none. */
const DEFAULT_SEVERITY_THRESHOLD = "Medium";

export interface FoundryAccountProps {
  /** Short account id from the YAML (e.g. `eus2`); names, construct ids and Terraform logical ids derive from it. */
  readonly accountId: string;
  /** Short project name used in resource names. */
  readonly project: string;
  /** Environment name (dev, prod); part of names and the `environment` tag. */
  readonly environment: string;
  /** Azure region of the account and its project. */
  readonly location: string;
  /** Resource group to create the account in. */
  readonly resourceGroupName: string;
  /**
   * Azure resource name of the account.
   * @default `ais-<project>-<environment>-<accountId>`
   */
  readonly name?: string;
  /**
   * Custom subdomain of the endpoint (`https://<subdomain>.cognitiveservices.azure.com/`); Entra ID auth and
   * projects need one.
   * @default the account name
   */
  readonly customSubdomain?: string;
  /**
   * Foundry project name.
   * @default `proj-<project>-<environment>-<accountId>`
   */
  readonly projectName?: string;
  /**
   * Account SKU.
   * @default "S0"
   */
  readonly sku?: string;
  /**
   * Whether the endpoint is reachable from the public internet.
   * @default false
   */
  readonly publicNetworkAccess?: boolean;
  /**
   * Client IPs/CIDRs allowed when public access is on; when non-empty, everything else is denied.
   * @default [] (no network ACL)
   */
  readonly allowedIps?: readonly string[];
  /**
   * Custom RAI policies to create on the account; deployments refer to them by name.
   * @default [] (only Microsoft built-ins)
   */
  readonly raiPolicies?: readonly RaiPolicyProps[];
  /**
   * Log Analytics workspace id; when set, all logs and metrics are sent there.
   * @default - no diagnostic setting
   */
  readonly logAnalyticsWorkspaceId?: string;
  /**
   * The environment's tags; `environment` and `managed-by` are added.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** A Foundry account (Azure AI Services, kind AIServices) with a project, keyless and managed-identity only. */
export class FoundryAccount extends Construct implements DeploymentHost {
  /** Short id from the YAML. */
  public readonly accountId: string;
  /** Azure resource name of the account. */
  public readonly accountName: string;
  public readonly cognitiveAccount: CognitiveAccount;
  public readonly project: CognitiveAccountProject;
  /** Custom RAI policies by name. */
  public readonly raiPolicies: ReadonlyMap<string, AzapiResource>;
  public readonly diagnostics?: MonitorDiagnosticSetting;
  private readonly _deployments: ModelDeployment[] = [];

  constructor(scope: Construct, id: string, props: FoundryAccountProps) {
    super(scope, id);
    this.accountId = props.accountId;
    this.accountName = props.name ?? defaultAccountName(props.project, props.environment, props.accountId);
    const tags = stableTags(props.environment, props.tags);
    const allowedIps = props.allowedIps ?? [];

    this.cognitiveAccount = new CognitiveAccount(this, "account", {
      name: this.accountName,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      kind: "AIServices",
      skuName: props.sku ?? "S0",
      customSubdomainName: props.customSubdomain ?? this.accountName,
      // Foundry projects live under the account; azurerm needs this to create them.
      projectManagementEnabled: true,
      // Keys cannot be scoped or attributed; callers use Entra ID (managed identity + RBAC).
      localAuthEnabled: false,
      publicNetworkAccessEnabled: props.publicNetworkAccess ?? false,
      identity: { type: "SystemAssigned" },
      networkAcls: allowedIps.length > 0 ? { defaultAction: "Deny", ipRules: [...allowedIps] } : undefined,
      tags,
    });
    setLogicalId(this.cognitiveAccount, "azurerm_cognitive_account", logicalId("account", props.accountId));

    this.project = new CognitiveAccountProject(this, "project", {
      name: props.projectName ?? defaultProjectName(props.project, props.environment, props.accountId),
      cognitiveAccountId: this.cognitiveAccount.id,
      location: props.location,
      identity: { type: "SystemAssigned" },
      tags,
    });
    setLogicalId(this.project, "azurerm_cognitive_account_project", logicalId("project", props.accountId));

    const policies = new Map<string, AzapiResource>();
    if ((props.raiPolicies ?? []).length > 0) AzapiProvider.of(this);
    for (const p of props.raiPolicies ?? []) {
      const policy = new AzapiResource(this, `rai-${p.name}`, {
        type: `Microsoft.CognitiveServices/accounts/raiPolicies@${RAI_POLICY_API_VERSION}`,
        name: p.name,
        parentId: this.cognitiveAccount.id,
        body: {
          properties: {
            basePolicyName: p.basePolicy,
            mode: p.mode,
            // Field for field as Azure returns a filter, so a plan of an unchanged policy is empty.
            contentFilters: p.contentFilters.map((f) => ({
              name: f.name,
              enabled: f.enabled,
              blocking: f.blocking,
              ...(SINGLE_LEVEL_FILTERS.has(f.name) ? {} : { severityThreshold: f.severityThreshold ?? DEFAULT_SEVERITY_THRESHOLD }),
              source: f.source,
            })),
          },
        },
        tags,
      });
      setLogicalId(policy, AzapiResource.tfResourceType, logicalId("rai_policy", props.accountId, p.name));
      policies.set(p.name, policy);
    }
    this.raiPolicies = policies;

    if (props.logAnalyticsWorkspaceId !== undefined) {
      this.diagnostics = new MonitorDiagnosticSetting(this, "diagnostics", {
        name: `diag-${this.accountName}`,
        targetResourceId: this.cognitiveAccount.id,
        logAnalyticsWorkspaceId: literal(props.logAnalyticsWorkspaceId),
        // azurerm 4.x: `enabled_metric` replaces the deprecated `metric` block.
        enabledLog: [{ categoryGroup: "allLogs" }],
        enabledMetric: [{ category: "AllMetrics" }],
      });
      setLogicalId(this.diagnostics, "azurerm_monitor_diagnostic_setting", logicalId("diagnostics", props.accountId));
    }
  }

  /** ARM id of the account. */
  public get id(): string {
    return this.cognitiveAccount.id;
  }

  /** Endpoint URL of the account. */
  public get endpoint(): string {
    return this.cognitiveAccount.endpoint;
  }

  /** Deployments added with `addDeployment`, in order. */
  public get deployments(): readonly ModelDeployment[] {
    return this._deployments;
  }

  /**
   * The value for a deployment's rai_policy_name: a reference to the custom policy's name when the account declares
   * it (so Terraform creates the policy first), else the name as given (a Microsoft built-in).
   */
  public raiPolicyName(name: string): string {
    return this.raiPolicies.get(name)?.name ?? name;
  }

  /**
   * Adds a model deployment. Each one depends on the previous one of this account: Azure answers 409 to concurrent
   * deployment operations on one account, while different accounts deploy in parallel.
   */
  public addDeployment(options: ModelDeploymentOptions): ModelDeployment {
    const previous = this._deployments[this._deployments.length - 1];
    const deployment = new ModelDeployment(this, options.name, {
      ...options,
      account: this,
      dependsOn: previous ? [previous.resource] : undefined,
    });
    this._deployments.push(deployment);
    return deployment;
  }
}
