// Everything the gateway of one environment consists of, as plain data: APIs with their policies, one backend per
// routed deployment, the role the gateway needs on each account, the Content Safety backends the routes' checks
// call, the routing-version named value.
// constructs/gateway.ts only turns this plan into Terraform resources.
import { createHash } from "node:crypto";
import {
  API_SPECS,
  CONTENT_SAFETY_API,
  type Forwarding,
  GATEWAY_API_SHAPES,
  type GatewayApiShape,
  forwardingFor,
  isGatewayApiShape,
} from "./forwarding";
import { GatewayConfigError, type GatewayPolicy, type PolicyBackend, gatewayPolicy } from "./policy";
import { type ApiShape, COGNITIVE_ACCOUNT_ID } from "../config/schema";
import { type AccessPlan, accessPlan } from "./access";
import type { Environment, RoutingConfig } from "../config/loader";
import { routingVersion } from "../table/hash";
import { routingTable } from "../table/table";
import type { ContentSafetyService, RoutingTable, TableDeployment } from "../table/table";

/** Narrowest built-in role for Entra-authenticated inference when an account serves only OpenAI models. */
export const ROLE_OPENAI_USER = "Cognitive Services OpenAI User";
/** Built-in role covering inference of all Foundry Models (OpenAI and others), per Foundry's keyless docs. */
export const ROLE_COGNITIVE_SERVICES_USER = "Cognitive Services User";
type GatewayRole = typeof ROLE_OPENAI_USER | typeof ROLE_COGNITIVE_SERVICES_USER;

interface BackendPlan {
  /** APIM backend id. */
  readonly id: string;
  readonly deployment: TableDeployment;
  readonly forwarding: Forwarding;
}

interface ApiPlan {
  readonly shape: GatewayApiShape;
  /** APIM API name (resource name). */
  readonly name: string;
  readonly displayName: string;
  /** URL path below the gateway URL, e.g. `prod/openai`. */
  readonly path: string;
  readonly operation: (typeof API_SPECS)[GatewayApiShape]["operation"];
  readonly subscriptionKeyHeader: string;
  readonly policy: GatewayPolicy;
}

interface RolePlan {
  /** Account id from the environment YAML. */
  readonly account: string;
  readonly role: GatewayRole;
  /** Deployments on the account the gateway calls, sorted. */
  readonly deployments: readonly string[];
  /** Present when the account also serves the gateway's content safety checks (which need Cognitive Services User). */
  readonly contentSafety?: true;
}

/**
 * An APIM backend for the `llm-content-safety` policy: the Content Safety endpoint of a Foundry account or of an
 * existing resource, called with the gateway's managed identity.
 */
export interface ContentSafetyBackendPlan {
  /** APIM backend id (`llm-content-safety backend-id`). */
  readonly id: string;
  readonly service: ContentSafetyService;
  /** For an existing resource: its name and resource group (for the endpoint lookup), from its id. */
  readonly resource?: { readonly name: string; readonly resourceGroupName: string };
  /**
   * Role the gateway needs on an existing resource; absent for an account, whose role is in `roles`.
   * Cognitive Services User, as the llm-content-safety reference recommends.
   */
  readonly role?: GatewayRole;
  /** Task classes whose routes use it, sorted. */
  readonly taskClasses: readonly string[];
}

export interface GatewayPlan {
  readonly environment: string;
  readonly routingVersion: string;
  readonly namedValue: { readonly name: string; readonly value: string };
  /** Sorted by deployment ref. */
  readonly backends: readonly BackendPlan[];
  /** chat-completions always; other shapes only when routes need them. */
  readonly apis: readonly ApiPlan[];
  /** Sorted by account. */
  readonly roles: readonly RolePlan[];
  /** Content Safety backends, sorted by id; empty when no route asks for content safety. */
  readonly contentSafety: readonly ContentSafetyBackendPlan[];
  /** Routes of an API shape the gateway does not serve (e.g. moderation). */
  readonly unserved: readonly { readonly taskClass: string; readonly api: ApiShape }[];
  /** Entra ID validation and consumers; absent: callers need an APIM subscription key. */
  readonly access?: AccessPlan;
  /** Whether the APIs require an APIM subscription key: without `access` always, with it as configured. */
  readonly subscriptionRequired: boolean;
}

export interface GatewayPlanOptions {
  /** Policy size limit in bytes. @default APIM_POLICY_LIMIT_BYTES */
  readonly limitBytes?: number;
  /** Who may call (Entra ID and consumers). @default - none: subscription keys */
  readonly access?: AccessPlan;
}

/** Plans the gateway; throws GatewayConfigError or GatewayPolicyTooLargeError (synth must stop). */
export function gatewayPlan(table: RoutingTable, routingVersion: string, options: GatewayPlanOptions = {}): GatewayPlan {
  const env = table.environment;
  const served = table.routes.filter((r) => isGatewayApiShape(r.api));
  const unserved = table.routes.filter((r) => !isGatewayApiShape(r.api)).map((r) => ({ taskClass: r.taskClass, api: r.api }));

  const reached = new Map<string, TableDeployment>();
  for (const r of served) for (const d of [...r.targets, ...r.fallbacks]) if (!reached.has(d.deployment)) reached.set(d.deployment, d);
  const refs = [...reached.keys()].sort();
  const ids = backendIds(env, refs);
  const backends: BackendPlan[] = refs.map((ref) => {
    const deployment = reached.get(ref)!;
    const forwarding = forwardingFor(deployment);
    if (!forwarding) throw new GatewayConfigError(env, `${ref} speaks ${deployment.api}, which the gateway cannot forward`);
    return { id: ids.get(ref)!, deployment, forwarding };
  });
  const policyBackends = new Map<string, PolicyBackend>(backends.map((b) => [b.deployment.deployment, b]));
  for (const r of served) {
    if (r.contentSafety && r.api !== CONTENT_SAFETY_API) {
      throw new GatewayConfigError(
        env,
        `route "${r.taskClass}" asks for content safety but speaks ${r.api}; llm-content-safety checks ${CONTENT_SAFETY_API} requests only`,
      );
    }
  }
  const contentSafety = contentSafetyBackends(env, served, new Set(backends.map((b) => b.id.toLowerCase())));
  const contentSafetyIds = new Map(contentSafety.map((c) => [serviceKey(c.service), c.id]));

  const namedValueName = safeName(`fr-${env}-routing-version`, env, "routing-version");
  const shapes = GATEWAY_API_SHAPES.filter((s) => s === "chat-completions" || served.some((r) => r.api === s));
  const apis: ApiPlan[] = shapes.map((shape) => {
    const spec = API_SPECS[shape];
    return {
      shape,
      name: safeName(`fr-${env}-${shape}`, env, shape),
      displayName: `foundry-routes ${env} ${spec.displayName}`,
      path: `${pathSegment(env)}/${spec.pathSuffix}`,
      operation: spec.operation,
      subscriptionKeyHeader: spec.subscriptionKeyHeader,
      policy: gatewayPolicy({
        table,
        api: shape,
        backends: policyBackends,
        routingVersionNamedValue: namedValueName,
        limitBytes: options.limitBytes,
        access: options.access,
        contentSafetyBackendOf: (service) => contentSafetyIds.get(serviceKey(service)),
      }),
    };
  });

  const byAccount = new Map<string, BackendPlan[]>();
  for (const b of backends) byAccount.set(b.deployment.account, [...(byAccount.get(b.deployment.account) ?? []), b]);
  // An account that serves content safety needs Cognitive Services User, which also covers its inference calls.
  const safetyAccounts = new Set(contentSafety.flatMap((c) => ("account" in c.service ? [c.service.account] : [])));
  for (const a of safetyAccounts) if (!byAccount.has(a)) byAccount.set(a, []);
  const roles: RolePlan[] = [...byAccount.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([account, bs]) => ({
      account,
      role:
        !safetyAccounts.has(account) && bs.every((b) => b.forwarding.kind === "azure-openai")
          ? ROLE_OPENAI_USER
          : ROLE_COGNITIVE_SERVICES_USER,
      deployments: bs.map((b) => b.deployment.deployment),
      ...(safetyAccounts.has(account) ? { contentSafety: true as const } : {}),
    }));

  return {
    environment: env,
    routingVersion,
    namedValue: { name: namedValueName, value: routingVersion },
    backends,
    apis,
    roles,
    contentSafety,
    unserved,
    ...(options.access ? { access: options.access } : {}),
    subscriptionRequired: options.access ? options.access.subscriptionKeys : true,
  };
}

/** One key per Content Safety service; resource ids compare case-insensitively, as ARM ids do. */
function serviceKey(service: ContentSafetyService): string {
  return "account" in service ? `account:${service.account}` : `resource:${service.resourceId.toLowerCase()}`;
}

/**
 * One backend per Content Safety service the served routes use: `fr-<env>-content-safety-<account>` or
 * `fr-<env>-content-safety-<resource name>`, hashed where that is not a valid APIM name or would collide (with a
 * deployment backend or another service) case-insensitively. Sorted by id.
 */
function contentSafetyBackends(env: string, routes: RoutingTable["routes"], taken: ReadonlySet<string>): ContentSafetyBackendPlan[] {
  const byKey = new Map<string, { service: ContentSafetyService; classes: string[] }>();
  for (const r of routes) {
    if (!r.contentSafety) continue;
    const key = serviceKey(r.contentSafety.service);
    const entry = byKey.get(key) ?? { service: r.contentSafety.service, classes: [] };
    entry.classes.push(r.taskClass);
    byKey.set(key, entry);
  }
  const readable = (s: ContentSafetyService) =>
    `fr-${env}-content-safety-${"account" in s ? s.account : (resourceParts(s.resourceId)?.name ?? "resource")}`;
  const counts = new Map<string, number>();
  for (const { service } of byKey.values())
    counts.set(readable(service).toLowerCase(), (counts.get(readable(service).toLowerCase()) ?? 0) + 1);
  const out = [...byKey.entries()].map(([key, { service, classes }]): ContentSafetyBackendPlan => {
    const r = readable(service);
    const ok = APIM_NAME.test(r) && r.length <= 80 && counts.get(r.toLowerCase()) === 1 && !taken.has(r.toLowerCase());
    const parts = "resourceId" in service ? resourceParts(service.resourceId) : undefined;
    return {
      id: ok ? r : hashed(r, `${env}\u0000content-safety\u0000${key}`),
      service,
      ...(parts ? { resource: parts, role: ROLE_COGNITIVE_SERVICES_USER } : {}),
      taskClasses: [...classes].sort(),
    };
  });
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Name and resource group of a Cognitive Services account id; undefined when it is not one (the schema refuses it). */
export function resourceParts(resourceId: string): { name: string; resourceGroupName: string } | undefined {
  const m = COGNITIVE_ACCOUNT_ID.exec(resourceId);
  return m ? { resourceGroupName: m[2]!, name: m[3]! } : undefined;
}

/**
 * Backend ids: `fr-<env>-<account>-<deployment>` when that is a valid, unique APIM name (letters, digits, `_`, `-`;
 * alphanumeric at both ends; at most 80), else a readable prefix plus a hash of the ref. Unique case-insensitively.
 */
export function backendIds(env: string, refs: readonly string[]): Map<string, string> {
  const readable = (ref: string) => `fr-${env}-${ref.replace("/", "-")}`;
  const counts = new Map<string, number>();
  for (const ref of refs) counts.set(readable(ref).toLowerCase(), (counts.get(readable(ref).toLowerCase()) ?? 0) + 1);
  const out = new Map<string, string>();
  for (const ref of refs) {
    const r = readable(ref);
    const ok = APIM_NAME.test(r) && r.length <= 80 && counts.get(r.toLowerCase()) === 1;
    out.set(ref, ok ? r : hashed(r, `${env}\u0000${ref}`));
  }
  return out;
}

const APIM_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?$/;

/** `wanted` when it is a valid APIM name, else a sanitized prefix and a hash of `parts`. */
function safeName(wanted: string, ...parts: string[]): string {
  return APIM_NAME.test(wanted) && wanted.length <= 80 ? wanted : hashed(wanted, parts.join("\u0000"));
}

function hashed(readable: string, key: string): string {
  const prefix = readable
    .replace(/[^A-Za-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60)
    .replace(/-$/, "");
  const hash = createHash("sha256").update(key).digest("hex").slice(0, 12);
  return `${prefix || "fr"}-${hash}`;
}

function pathSegment(env: string): string {
  return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(env) ? env : hashed(env, env);
}

/** Plans with the default options, per loaded config and environment (loaded configs are never mutated). */
const planned = new WeakMap<RoutingConfig, WeakMap<Environment, GatewayPlan>>();

/**
 * The gateway of an environment exactly as synth builds it: its table, routing version and access plan. With the
 * default options the plan is made once per loaded config and environment and shared (FR-GATEWAY-1 checks the plan
 * synth then builds from): treat it as read-only.
 */
export function environmentGatewayPlan(
  config: RoutingConfig,
  env: Environment,
  options: Omit<GatewayPlanOptions, "access"> = {},
): GatewayPlan {
  const shared = options.limitBytes === undefined;
  let byEnv = planned.get(config);
  const known = shared ? byEnv?.get(env) : undefined;
  if (known) return known;
  const table = routingTable(config, env);
  const plan = gatewayPlan(table, routingVersion(table), { ...options, access: accessPlan(env) });
  if (shared) {
    if (!byEnv) planned.set(config, (byEnv = new WeakMap()));
    byEnv.set(env, plan);
  }
  return plan;
}
