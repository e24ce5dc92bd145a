// Telemetry of one environment's gateway: a Log Analytics workspace (created or existing), workspace-based
// Application Insights, the APIM logger and diagnostics that record which deployment and model served each request,
// and the APIM diagnostic setting that sends gateway and LLM logs to resource-specific tables.
// Keyless throughout: the logger authenticates with the gateway's managed identity, local auth is off.
import { ApiManagementApiDiagnostic } from "@cdktf/provider-azurerm/lib/api-management-api-diagnostic";
import { ApplicationInsights } from "@cdktf/provider-azurerm/lib/application-insights";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { type ITerraformDependable, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { ROUTED_HEADERS } from "../routing/gateway/policy";
import type { Telemetry } from "../routing/config/schema";
import { AzapiProvider, AzapiResource } from "./azapi";
import { literal, logicalId, setLogicalId, stableTags } from "./names";

/** ARM API version of the APIM logger and Application Insights diagnostics sent through azapi. */
const APIM_TELEMETRY_API_VERSION = "2024-05-01";
/** Diagnostic-setting categories with the gateway's request log and its LLM log (tokens, model). */
const APIM_LOG_CATEGORIES = ["GatewayLogs", "GatewayLlmLogs"] as const;
/** Built-in role that lets an identity send telemetry to an Application Insights resource with local auth off. */
const ROLE_MONITORING_METRICS_PUBLISHER = "Monitoring Metrics Publisher";
/** Response headers every diagnostic records: what served, under which routing version, for whom. */
const LOGGED_HEADERS: readonly string[] = Object.values(ROUTED_HEADERS);

interface GatewayTelemetryProps {
  readonly environment: string;
  readonly project: string;
  /** The environment's `telemetry` block. */
  readonly config: Telemetry;
  /** Resource group for the workspace and Application Insights. */
  readonly resourceGroupName: string;
  readonly location: string;
  /** ARM id of the APIM instance. May be a token. */
  readonly apiManagementId: string;
  readonly apiManagementName: string;
  /** Resource group of the APIM instance. */
  readonly apiManagementResourceGroupName: string;
  /** Principal id of the APIM instance's managed identity. */
  readonly principalId: string;
  /** The gateway's APIs: resource name (may be a token) and the construct key (the API shape). */
  readonly apis: readonly { readonly key: string; readonly name: string; readonly dependsOn: ITerraformDependable[] }[];
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

export class GatewayTelemetry extends Construct {
  /** ARM id of the Log Analytics workspace the logs go to. */
  readonly workspaceId: string;

  constructor(scope: Construct, id: string, props: GatewayTelemetryProps) {
    super(scope, id);
    const env = props.environment;
    const tags = stableTags(env, props.tags);

    if ("existing" in props.config.workspace) {
      this.workspaceId = literal(props.config.workspace.existing);
    } else {
      const workspace = new LogAnalyticsWorkspace(this, "workspace", {
        name: `log-${props.project}-${env}`,
        location: props.location,
        resourceGroupName: props.resourceGroupName,
        sku: "PerGB2018",
        retentionInDays: props.config.workspace.retentionDays,
        // Queries and ingestion with Entra ID only.
        localAuthenticationEnabled: false,
        tags,
      });
      setLogicalId(workspace, "azurerm_log_analytics_workspace", logicalId("telemetry", "workspace"));
      this.workspaceId = workspace.id;
    }

    const insights = new ApplicationInsights(this, "insights", {
      name: `appi-${props.project}-${env}`,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      workspaceId: this.workspaceId,
      applicationType: "other",
      localAuthenticationDisabled: true,
      tags,
    });
    setLogicalId(insights, "azurerm_application_insights", logicalId("telemetry", "insights"));

    const publisher = new RoleAssignment(this, "insights-publisher", {
      scope: insights.id,
      roleDefinitionName: ROLE_MONITORING_METRICS_PUBLISHER,
      principalId: props.principalId,
      principalType: "ServicePrincipal",
    });
    setLogicalId(publisher, "azurerm_role_assignment", logicalId("telemetry", "insights_publisher"));

    // azurerm 4.55.0's logger takes only a connection string or key; APIM's managed-identity credentials need azapi.
    AzapiProvider.of(this);
    const logger = new AzapiResource(this, "logger", {
      type: `Microsoft.ApiManagement/service/loggers@${APIM_TELEMETRY_API_VERSION}`,
      name: `fr-${env}-insights`,
      parentId: props.apiManagementId,
      body: {
        properties: {
          loggerType: "applicationInsights",
          resourceId: insights.id,
          credentials: { connectionString: insights.connectionString, identityClientId: "SystemAssigned" },
        },
      },
      dependsOn: [publisher],
    });
    setLogicalId(logger, AzapiResource.tfResourceType, logicalId("telemetry", "logger"));

    for (const api of props.apis) {
      // Application Insights: requests with the routed headers, and custom metrics (`metrics`, which azurerm
      // 4.55.0's api_diagnostic cannot set) so llm-emit-token-metric and emit-metric arrive with dimensions.
      const insightsDiagnostic = new AzapiResource(this, `insights-${api.key}`, {
        type: `Microsoft.ApiManagement/service/apis/diagnostics@${APIM_TELEMETRY_API_VERSION}`,
        name: "applicationinsights",
        parentId: `${props.apiManagementId}/apis/${api.name}`,
        body: {
          properties: {
            loggerId: logger.id,
            alwaysLog: "allErrors",
            httpCorrelationProtocol: "W3C",
            verbosity: "information",
            metrics: true,
            sampling: { samplingType: "fixed", percentage: 100 },
            frontend: { response: { headers: [...LOGGED_HEADERS] } },
          },
        },
        dependsOn: api.dependsOn,
      });
      setLogicalId(insightsDiagnostic, AzapiResource.tfResourceType, logicalId("telemetry", "insights", api.key));

      // Azure Monitor: the same headers in ApiManagementGatewayLogs.ResponseHeaders, which `telemetry kql` reads.
      const monitor = new ApiManagementApiDiagnostic(this, `monitor-${api.key}`, {
        identifier: "azuremonitor",
        apiName: api.name,
        apiManagementName: props.apiManagementName,
        resourceGroupName: props.apiManagementResourceGroupName,
        apiManagementLoggerId: `${props.apiManagementId}/loggers/azuremonitor`,
        samplingPercentage: 100,
        alwaysLogErrors: true,
        logClientIp: false,
        verbosity: "information",
        frontendResponse: { headersToLog: [...LOGGED_HEADERS] },
        dependsOn: api.dependsOn,
      });
      setLogicalId(monitor, "azurerm_api_management_api_diagnostic", logicalId("telemetry", "monitor", api.key));
    }

    const setting = new MonitorDiagnosticSetting(this, "gateway-logs", {
      name: `diag-fr-${env}-gateway`,
      targetResourceId: props.apiManagementId,
      logAnalyticsWorkspaceId: this.workspaceId,
      // Resource-specific tables (ApiManagementGatewayLogs, ApiManagementGatewayLlmLog), joined on CorrelationId.
      logAnalyticsDestinationType: "Dedicated",
      enabledLog: APIM_LOG_CATEGORIES.map((category) => ({ category })),
    });
    setLogicalId(setting, "azurerm_monitor_diagnostic_setting", logicalId("telemetry", "gateway_logs"));

    const out = new TerraformOutput(this, "workspace-id", {
      value: this.workspaceId,
      description: `Log Analytics workspace with the gateway logs of environment ${env} (foundry-routes telemetry kql)`,
    });
    out.overrideLogicalId("telemetry_workspace_id");
  }
}
