// The AI gateway of one environment: an API Management instance (created or existing) that enforces the routes.
// All decisions come from routing/gateway/plan.ts; this construct only translates the plan into resources.
import { type ITerraformDependable, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { ApiManagement } from "@cdktf/provider-azurerm/lib/api-management";
import { ApiManagementApi } from "@cdktf/provider-azurerm/lib/api-management-api";
import { ApiManagementApiOperation } from "@cdktf/provider-azurerm/lib/api-management-api-operation";
import { ApiManagementApiPolicy } from "@cdktf/provider-azurerm/lib/api-management-api-policy";
import { ApiManagementBackend } from "@cdktf/provider-azurerm/lib/api-management-backend";
import { ApiManagementNamedValue } from "@cdktf/provider-azurerm/lib/api-management-named-value";
import { DataAzurermApiManagement } from "@cdktf/provider-azurerm/lib/data-azurerm-api-management";
import { DataAzurermCognitiveAccount } from "@cdktf/provider-azurerm/lib/data-azurerm-cognitive-account";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { ApiManagementProduct } from "@cdktf/provider-azurerm/lib/api-management-product";
import { ApiManagementProductApi } from "@cdktf/provider-azurerm/lib/api-management-product-api";
import { accessPlan } from "../routing/gateway/access";
import type { Telemetry } from "../routing/config/schema";
import { GatewayTelemetry } from "./gateway-telemetry";
import { AzapiProvider, AzapiResource } from "./azapi";
import { COGNITIVE_SERVICES_RESOURCE, backendUrl, contentSafetyUrl } from "../routing/gateway/forwarding";
import { type GatewayPlan, type GatewayPlanOptions, environmentGatewayPlan, gatewayPlan } from "../routing/gateway/plan";
import { routingVersion as computeRoutingVersion } from "../routing/table/hash";
import type { RoutingConfig } from "../routing/config/loader";
import type { Gateway as GatewayConfig } from "../routing/config/schema";
import { type RoutingTable, routingTable } from "../routing/table/table";
import type { StackExtension } from "./environment-stack";
import { defaultApiManagementName, literal, logicalId, setLogicalId, stableTags } from "./names";

/** A Foundry account the gateway may call. */
export interface GatewayAccount {
  /** Account id from the environment YAML (`accounts[].id`), e.g. `eus2`. */
  readonly id: string;
  /** ARM id of the Foundry (AIServices) account: scope of the gateway's role assignment. May be a token. */
  readonly resourceId: string;
  /** Custom subdomain of the account: `<subdomain>.openai.azure.com`, `<subdomain>.services.ai.azure.com`. May be a token. */
  readonly subdomain: string;
}

/**
 * API version of the Content Safety backends (Microsoft.ApiManagement/service/backends). They go through azapi:
 * azurerm 4.55's `azurerm_api_management_backend` has no managed-identity credentials (its `credentials` block takes
 * authorization, certificate, header and query only), and the llm-content-safety backend must authenticate with the
 * gateway's identity. `credentials.managedIdentity` is not in the published REST spec of any backends version, so
 * the body is sent with schema validation off, as Azure-Samples/AI-Gateway's content-safety lab does with this version.
 */
export const CONTENT_SAFETY_BACKEND_API_VERSION = "2024-06-01-preview";

/** Circuit breaker of every backend: trips on 429 and 5xx. */
interface GatewayCircuitBreaker {
  /** Failures within `interval` that trip the breaker. @default 3 */
  readonly failures?: number;
  /** ISO 8601 window in which failures are counted. @default "PT1M" */
  readonly interval?: string;
  /** ISO 8601 time the breaker stays open (a Retry-After header from Foundry wins). @default "PT1M" */
  readonly tripDuration?: string;
}

interface GatewayProps {
  /** Environment name (`config/environments/<name>.yaml`). */
  readonly environment: string;
  /** Short project name used in resource names. @default "foundry-routes" */
  readonly project?: string;
  /** The environment's routing decision table (`routingTable(config, env)`). */
  readonly table: RoutingTable;
  /** Routing version shown in `x-routing-version`. @default routingVersion(table) */
  readonly routingVersion?: string;
  /** The environment's `gateway` block: create an instance or reference an existing one. */
  readonly config: GatewayConfig;
  /** Resource group of a created instance (an existing one names its own). */
  readonly resourceGroupName: string;
  /** Region of the resource group; region of a created instance unless `config.region` is set. */
  readonly location: string;
  /** Foundry accounts of the environment; every account a route reaches must be listed. */
  readonly accounts: readonly GatewayAccount[];
  /** Azure tags on the created instance. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
  /** Resources the policies must wait for, e.g. the model deployments. @default [] */
  readonly dependsOn?: ITerraformDependable[];
  /** Circuit breaker settings of every backend. @default 3 failures (429 or 5xx) per minute trip it for a minute */
  readonly circuitBreaker?: GatewayCircuitBreaker;
  /**
   * Require an APIM subscription key from callers (also keys `sticky: {subscription: true}` and token limits).
   * @default the plan's: true without `access`, else `access.subscriptionKeys`
   */
  readonly subscriptionRequired?: boolean;
  /**
   * Where telemetry goes (Log Analytics + Application Insights, logger, diagnostics).
   * @default - none: no logger or diagnostics are created
   */
  readonly telemetry?: Telemetry;
  /** Plan options, e.g. a lower policy size limit in tests. @default {} */
  readonly planOptions?: GatewayPlanOptions;
  /**
   * The plan, when the caller already has it (`environmentGatewayPlan`, which validation made too).
   * @default gatewayPlan(table, routingVersion, planOptions)
   */
  readonly plan?: GatewayPlan;
}

export class Gateway extends Construct {
  /** The plan the resources were made from (APIs, policies, backends, roles). */
  readonly plan: GatewayPlan;
  /** APIM instance name. */
  readonly apiManagementName: string;
  /** Gateway URL, e.g. `https://apim-foundry-routes-prod.azure-api.net`. */
  readonly gatewayUrl: string;
  /** Principal id of the instance's system-assigned identity. */
  readonly principalId: string;
  /** ARM id of the APIM instance. */
  readonly apiManagementId: string;

  constructor(scope: Construct, id: string, props: GatewayProps) {
    super(scope, id);
    const env = props.environment;
    this.plan = props.plan ?? gatewayPlan(props.table, props.routingVersion ?? computeRoutingVersion(props.table), props.planOptions);

    let resourceGroupName: string;
    const dependsOnApim: ITerraformDependable[] = [];
    if ("existing" in props.config) {
      const existing = new DataAzurermApiManagement(this, "apim", {
        name: props.config.existing.name,
        resourceGroupName: props.config.existing.resourceGroupName,
      });
      setLogicalId(existing, "data.azurerm_api_management", "gateway");
      resourceGroupName = props.config.existing.resourceGroupName;
      this.apiManagementName = existing.name;
      this.gatewayUrl = existing.gatewayUrl;
      this.principalId = existing.identity.get(0).principalId;
      this.apiManagementId = existing.id;
    } else {
      const apim = new ApiManagement(this, "apim", {
        name: props.config.name ?? defaultApiManagementName(props.project ?? "foundry-routes", env),
        location: props.config.region ?? props.location,
        resourceGroupName: props.resourceGroupName,
        publisherName: literal(props.config.publisherName),
        publisherEmail: props.config.publisherEmail,
        skuName: `${props.config.sku}_${props.config.capacity}`,
        identity: { type: "SystemAssigned" },
        tags: stableTags(env, props.tags),
      });
      setLogicalId(apim, "azurerm_api_management", "gateway");
      resourceGroupName = props.resourceGroupName;
      this.apiManagementName = apim.name;
      this.gatewayUrl = apim.gatewayUrl;
      this.principalId = apim.identity.principalId;
      this.apiManagementId = apim.id;
      dependsOnApim.push(apim);
    }
    const inApim = { apiManagementName: this.apiManagementName, resourceGroupName };

    // Keyless: the gateway's identity may call the accounts its routes reach, nothing else.
    const accounts = new Map(props.accounts.map((a) => [a.id, a]));
    const accountOf = (accountId: string) => {
      const a = accounts.get(accountId);
      if (!a) throw new Error(`Gateway(${env}): routes reach account "${accountId}", which is not in props.accounts`);
      return a;
    };
    const roleAssignments = this.plan.roles.map((r) => {
      const role = new RoleAssignment(this, `role-${r.account}`, {
        scope: accountOf(r.account).resourceId,
        roleDefinitionName: r.role,
        principalId: this.principalId,
        principalType: "ServicePrincipal",
        // Stable text only: a role assignment cannot be updated in place (azurerm has no Update for it), so a
        // description that listed deployments would replace the assignment, and cut the gateway off, on every change.
        description: literal(`foundry-routes gateway (${env}) calls Foundry account ${r.account}`),
        // A role assignment cannot be updated in place: a change replaces it, and the new one must exist before the
        // old one goes, or the gateway loses access in between. Its name is generated, so the two never collide.
        lifecycle: { createBeforeDestroy: true },
      });
      setLogicalId(role, "azurerm_role_assignment", logicalId("gateway", r.account));
      return role;
    });

    const namedValue = new ApiManagementNamedValue(this, "routing-version", {
      ...inApim,
      name: this.plan.namedValue.name,
      displayName: this.plan.namedValue.name,
      value: this.plan.namedValue.value,
      secret: false,
      dependsOn: dependsOnApim,
    });
    setLogicalId(namedValue, "azurerm_api_management_named_value", "gateway_routing_version");

    const cb = props.circuitBreaker ?? {};
    const backends = this.plan.backends.map((b) => {
      const backend = new ApiManagementBackend(this, `backend-${b.id}`, {
        ...inApim,
        name: b.id,
        protocol: "http",
        url: backendUrl(b.forwarding.kind, accountOf(b.deployment.account).subdomain, b.deployment.deploymentName),
        description: literal(`${b.deployment.deployment} (${b.deployment.model}${b.deployment.version ? `@${b.deployment.version}` : ""})`),
        circuitBreakerRule: {
          name: "throttled-or-failing",
          tripDuration: cb.tripDuration ?? "PT1M",
          acceptRetryAfterEnabled: true,
          failureCondition: {
            count: cb.failures ?? 3,
            intervalDuration: cb.interval ?? "PT1M",
            statusCodeRange: [
              { min: 429, max: 429 },
              { min: 500, max: 599 },
            ],
          },
        },
        dependsOn: dependsOnApim,
      });
      setLogicalId(backend, "azurerm_api_management_backend", logicalId("gateway", b.id));
      return backend;
    });

    // Content Safety: one backend per service, called with the gateway's managed identity (no key); an existing
    // resource gets its own role assignment, an account's role is in plan.roles.
    if (this.plan.contentSafety.length > 0) AzapiProvider.of(this);
    const safetyResources: ITerraformDependable[] = [];
    for (const c of this.plan.contentSafety) {
      let url: string;
      let label: string;
      if ("account" in c.service) {
        url = contentSafetyUrl(accountOf(c.service.account).subdomain);
        label = `Foundry account ${c.service.account}`;
      } else {
        const existing = new DataAzurermCognitiveAccount(this, `content-safety-${c.id}`, {
          name: c.resource!.name,
          resourceGroupName: c.resource!.resourceGroupName,
        });
        setLogicalId(existing, "data.azurerm_cognitive_account", logicalId("gateway", "content_safety", c.id));
        url = existing.endpoint;
        label = c.resource!.name;
        const role = new RoleAssignment(this, `role-content-safety-${c.id}`, {
          scope: literal(c.service.resourceId),
          roleDefinitionName: c.role!,
          principalId: this.principalId,
          principalType: "ServicePrincipal",
          description: literal(`foundry-routes gateway (${env}) calls Content Safety ${c.resource!.name}`),
          lifecycle: { createBeforeDestroy: true },
        });
        setLogicalId(role, "azurerm_role_assignment", logicalId("gateway", "content_safety", c.id));
        safetyResources.push(role);
      }
      const backend = new AzapiResource(this, `content-safety-backend-${c.id}`, {
        type: `Microsoft.ApiManagement/service/backends@${CONTENT_SAFETY_BACKEND_API_VERSION}`,
        name: c.id,
        parentId: this.apiManagementId,
        body: {
          properties: {
            description: literal(`foundry-routes content safety (${env}): ${label}`),
            url,
            protocol: "http",
            credentials: { managedIdentity: { resource: COGNITIVE_SERVICES_RESOURCE } },
          },
        },
        schemaValidationEnabled: false,
        dependsOn: dependsOnApim,
      });
      setLogicalId(backend, AzapiResource.tfResourceType, logicalId("gateway", "content_safety", c.id));
      safetyResources.push(backend);
    }

    const apiResources: { key: string; name: string; dependsOn: ITerraformDependable[] }[] = [];
    for (const api of this.plan.apis) {
      const apiResource = new ApiManagementApi(this, `api-${api.shape}`, {
        ...inApim,
        name: api.name,
        displayName: literal(api.displayName),
        path: api.path,
        protocols: ["https"],
        revision: "1",
        subscriptionRequired: props.subscriptionRequired ?? this.plan.subscriptionRequired,
        subscriptionKeyParameterNames: { header: api.subscriptionKeyHeader, query: "subscription-key" },
        dependsOn: dependsOnApim,
      });
      setLogicalId(apiResource, "azurerm_api_management_api", logicalId("gateway", api.shape));
      const operation = new ApiManagementApiOperation(this, `operation-${api.shape}`, {
        ...inApim,
        apiName: apiResource.name,
        operationId: api.operation.id,
        displayName: api.operation.displayName,
        method: api.operation.method,
        urlTemplate: api.operation.urlTemplate,
      });
      setLogicalId(operation, "azurerm_api_management_api_operation", logicalId("gateway", api.shape));
      const policy = new ApiManagementApiPolicy(this, `policy-${api.shape}`, {
        ...inApim,
        apiName: apiResource.name,
        xmlContent: literal(api.policy.rawXml),
        dependsOn: [operation, namedValue, ...backends, ...roleAssignments, ...safetyResources, ...(props.dependsOn ?? [])],
      });
      setLogicalId(policy, "azurerm_api_management_api_policy", logicalId("gateway", api.shape));
      const out = new TerraformOutput(this, `${api.shape}-base-url`, {
        value: `${this.gatewayUrl}/${api.path}`,
        description: `Base URL of the ${api.shape} API of environment ${env}`,
      });
      out.overrideLogicalId(`gateway_${api.shape.replace(/-/g, "_")}_base_url`);
      apiResources.push({ key: api.shape, name: apiResource.name, dependsOn: [apiResource] });
    }

    // Subscription keys on: one product per consumer, with the APIs. No subscription is created, so no key is in
    // Terraform state or output: a team requests its subscription to its product.
    if (this.plan.access?.subscriptionKeys) {
      for (const c of this.plan.access.consumers) {
        const product = new ApiManagementProduct(this, `product-${c.id}`, {
          ...inApim,
          productId: `fr-${env}-${c.id}`,
          displayName: `foundry-routes ${env} ${c.id}`,
          published: true,
          subscriptionRequired: true,
          approvalRequired: true,
          subscriptionsLimit: 1,
          dependsOn: dependsOnApim,
        });
        setLogicalId(product, "azurerm_api_management_product", logicalId("gateway", "product", c.id));
        for (const api of apiResources) {
          const link = new ApiManagementProductApi(this, `product-${c.id}-${api.key}`, {
            ...inApim,
            productId: product.productId,
            apiName: api.name,
          });
          setLogicalId(link, "azurerm_api_management_product_api", logicalId("gateway", "product", c.id, api.key));
        }
      }
    }

    if (props.telemetry) {
      new GatewayTelemetry(this, "telemetry", {
        environment: env,
        project: props.project ?? "foundry-routes",
        config: props.telemetry,
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        apiManagementId: this.apiManagementId,
        apiManagementName: this.apiManagementName,
        apiManagementResourceGroupName: resourceGroupName,
        principalId: this.principalId,
        apis: apiResources,
        tags: props.tags,
      });
    }

    new TerraformOutput(this, "gateway-url", {
      value: this.gatewayUrl,
      description: `API Management gateway URL of environment ${env}`,
    }).overrideLogicalId("gateway_url");
    new TerraformOutput(this, "routing-version-output", {
      value: this.plan.routingVersion,
      description: `Routing version of environment ${env}, as sent in x-routing-version`,
    }).overrideLogicalId("routing_version");
  }
}

/**
 * The stack extension that puts the gateway in front of an environment's deployments, for environments that declare
 * `gateway`: `synthesize(config, outdir, { extensions: [gatewayExtension(config)] })`.
 */
export function gatewayExtension(config: RoutingConfig): StackExtension {
  return (stack) => {
    const env = stack.environment;
    const spec = env.spec;
    if (!spec.gateway) return;
    // The plan FR-GATEWAY-1 made while validating this config: the same table, routing version and access plan.
    const plan = environmentGatewayPlan(config, env);
    new Gateway(stack, "gateway", {
      environment: env.name,
      project: spec.project,
      table: routingTable(config, env),
      routingVersion: plan.routingVersion,
      config: spec.gateway,
      planOptions: { access: accessPlan(env) },
      plan,
      telemetry: spec.telemetry,
      resourceGroupName: stack.resourceGroupName,
      // An existing resource group has no location in YAML; the first account's region is the next best default.
      // The schema requires at least one account.
      location: "create" in spec.resourceGroup ? spec.resourceGroup.location : spec.accounts[0]!.region,

      accounts: [...stack.accounts.values()].map((a) => ({
        id: a.accountId,
        resourceId: a.cognitiveAccount.id,
        subdomain: a.cognitiveAccount.customSubdomainName,
      })),
      tags: spec.tags,
      // No depends_on on deployments: a policy needs its backends and named value, not the models behind them. A
      // deployment that is missing (not created yet, or refused) answers 404, which the retry loop falls back from.
    });
  };
}
