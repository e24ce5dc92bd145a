// Everything the gateway of one environment consists of, as plain data: APIs with their policies, one backend per
// routed deployment, the role the gateway needs on each account, the routing-version named value.
// constructs/gateway.ts only turns this plan into Terraform resources.
import { createHash } from "node:crypto";
import { API_SPECS, type Forwarding, GATEWAY_API_SHAPES, type GatewayApiShape, forwardingFor, isGatewayApiShape } from "./forwarding";
import { GatewayConfigError, type GatewayPolicy, type PolicyBackend, gatewayPolicy } from "./policy";
import type { ApiShape } from "../config/schema";
import { type AccessPlan, accessPlan } from "./access";
import type { Environment, RoutingConfig } from "../config/loader";
import { routingVersion } from "../table/hash";
import { routingTable } from "../table/table";
import type { RoutingTable, TableDeployment } from "../table/table";

/** Narrowest built-in role for Entra-authenticated inference when an account serves only OpenAI models. */
export const ROLE_OPENAI_USER = "Cognitive Services OpenAI User";
/** Built-in role covering inference of all Foundry Models (OpenAI and others), per Foundry's keyless docs. */
export const ROLE_COGNITIVE_SERVICES_USER = "Cognitive Services User";
export type GatewayRole = typeof ROLE_OPENAI_USER | typeof ROLE_COGNITIVE_SERVICES_USER;

export interface BackendPlan {
  /** APIM backend id. */
  readonly id: string;
  readonly deployment: TableDeployment;
  readonly forwarding: Forwarding;
}

export interface ApiPlan {
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

export interface RolePlan {
  /** Account id from the environment YAML. */
  readonly account: string;
  readonly role: GatewayRole;
  /** Deployments on the account the gateway calls, sorted. */
  readonly deployments: readonly string[];
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
      }),
    };
  });

  const byAccount = new Map<string, BackendPlan[]>();
  for (const b of backends) byAccount.set(b.deployment.account, [...(byAccount.get(b.deployment.account) ?? []), b]);
  const roles: RolePlan[] = [...byAccount.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([account, bs]) => ({
      account,
      role: bs.every((b) => b.forwarding.kind === "azure-openai") ? ROLE_OPENAI_USER : ROLE_COGNITIVE_SERVICES_USER,
      deployments: bs.map((b) => b.deployment.deployment),
    }));

  return {
    environment: env,
    routingVersion,
    namedValue: { name: namedValueName, value: routingVersion },
    backends,
    apis,
    roles,
    unserved,
    ...(options.access ? { access: options.access } : {}),
    subscriptionRequired: options.access ? options.access.subscriptionKeys : true,
  };
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
