// The routing decision table: the one normalized view of an environment's routes that the resolver, the
// gateway policy, the routing version, review and audit all read. Plain JSON, deterministic order.
import type { Environment, RoutingConfig } from "../config/loader";
import { deploymentsByRef, modelsById, taskClassesById } from "../config/model";
import {
  type ApiShape,
  CONTENT_SAFETY_CATEGORIES,
  type ContentSafety,
  type ContentSafetyOutputType,
  type FallbackCondition,
  type Sticky,
} from "../config/schema";

/** Traffic is split into this many buckets; a target with weight w owns w consecutive buckets. */
export const BUCKETS = 100;

export interface TableDeployment {
  /** `<account>/<deployment>`. */
  readonly deployment: string;
  readonly account: string;
  /** Deployment name the backend expects in the URL / `model` field. */
  readonly deploymentName: string;
  /** Catalog model id. */
  readonly model: string;
  /** Pinned model version ("" only when validation has already failed). */
  readonly version: string;
  readonly vendor: string;
  readonly api: ApiShape;
  /** Data-plane api-version the model needs, when the catalog names one (o-series models need a newer one). */
  readonly apiVersion?: string;
  /** Data-plane surface, when the catalog names one (else the vendor's default; see gateway/forwarding.ts). */
  readonly endpoint?: "azure-openai" | "foundry-models" | "mai";
  /** Context window of the model in tokens; a context-length fallback goes to a larger one. */
  readonly contextWindow: number;
  /** Model router deployments: the mode and the subset it chooses from, as `<model>@<version>`, sorted. */
  readonly router?: { readonly mode: string; readonly models: readonly string[] };
}

export interface TableTarget extends TableDeployment {
  /** Percent of the class's traffic. */
  readonly weight: number;
  /** Buckets [bucketStart, bucketEnd) of 0..BUCKETS-1 that select this target; empty when weight is 0. */
  readonly bucketStart: number;
  readonly bucketEnd: number;
}

/** Where a route's content safety checks go: a Foundry account of the environment, or an existing resource by id. */
export type ContentSafetyService = { readonly account: string } | { readonly resourceId: string };

/** A route's `llm-content-safety` settings, resolved: the service is always named, categories in policy order. */
export interface TableContentSafety {
  readonly promptShield: boolean;
  readonly enforceOnCompletions: boolean;
  readonly outputType: ContentSafetyOutputType;
  /** Policy category names (Hate, SelfHarm, Sexual, Violence) with their thresholds, only those checked. */
  readonly categories: readonly { readonly name: string; readonly threshold: number }[];
  readonly blocklists: readonly string[];
  readonly service: ContentSafetyService;
}

export interface TableRoute {
  readonly taskClass: string;
  /** API shape of the route (from its primary target's model). */
  readonly api: ApiShape;
  readonly provenanceRequired: boolean;
  /** In YAML order; buckets are assigned in this order. */
  readonly targets: readonly TableTarget[];
  /** Tried in order when an attempt fails in one of the `fallbackOn` ways. */
  readonly fallbacks: readonly TableDeployment[];
  /** Failures that move a request on to the next fallback. */
  readonly fallbackOn: readonly FallbackCondition[];
  readonly sticky?: Sticky;
  readonly tokenLimit?: { readonly tokensPerMinute: number; readonly counterKey: "subscription" | "ip" };
  /** Azure AI Content Safety at the gateway for this class's requests. */
  readonly contentSafety?: TableContentSafety;
}

export interface RoutingTable {
  readonly environment: string;
  readonly defaultRoute?: string;
  /** Sorted by task class id. */
  readonly routes: readonly TableRoute[];
}

/** Tables already built, per loaded config and environment; loaded configs are never mutated. */
const built = new WeakMap<RoutingConfig, WeakMap<Environment, RoutingTable>>();

/**
 * The table of an environment. Unknown references are skipped (validation reports them).
 * Rules, the gateway, review, cost and recommend all ask for it, often per task class, so it is built once
 * per loaded config and environment and shared: treat it as read-only.
 */
export function routingTable(config: RoutingConfig, env: Environment): RoutingTable {
  let byEnv = built.get(config);
  if (!byEnv) built.set(config, (byEnv = new WeakMap()));
  let table = byEnv.get(env);
  if (!table) byEnv.set(env, (table = buildTable(config, env)));
  return table;
}

function buildTable(config: RoutingConfig, env: Environment): RoutingTable {
  const models = modelsById(config);
  const classes = taskClassesById(config);
  const deployments = deploymentsByRef(env, models);
  const describe = (ref: string): TableDeployment | undefined => {
    const d = deployments.get(ref);
    if (!d || !d.model) return undefined;
    return stripUndefined({
      deployment: ref,
      account: d.account.id,
      deploymentName: d.deployment.name,
      model: d.model.id,
      version: d.version ?? "",
      vendor: d.model.vendor,
      api: d.model.api,
      apiVersion: d.model.foundry.apiVersion,
      endpoint: d.model.foundry.endpoint,
      // A router's effective window is its smallest subset model's (Microsoft Learn, model router concepts).
      contextWindow: d.deployment.routing
        ? Math.min(...d.deployment.routing.models.map((id) => models.get(id)?.contextWindow?.value ?? 0))
        : (d.model.contextWindow?.value ?? 0),
      router: routerOf(d.deployment.routing, models),
    });
  };
  const routes: TableRoute[] = [];
  const seen = new Set<string>();
  for (const route of env.spec.routes) {
    if (seen.has(route.taskClass)) continue;
    seen.add(route.taskClass);
    let next = 0;
    const targets: TableTarget[] = [];
    for (const t of route.targets) {
      const d = describe(t.deployment);
      if (!d) continue;
      const start = Math.min(next, BUCKETS);
      const end = Math.min(next + t.weight, BUCKETS);
      next += t.weight;
      targets.push({ ...d, weight: t.weight, bucketStart: start, bucketEnd: end });
    }
    if (targets.length === 0) continue;
    const fallbacks = route.fallbacks.map(describe).filter((d): d is TableDeployment => d !== undefined);
    const primary = [...targets].sort((a, b) => b.weight - a.weight)[0]!;

    routes.push(
      stripUndefined({
        taskClass: route.taskClass,
        api: primary.api,
        provenanceRequired: classes.get(route.taskClass)?.provenanceRequired ?? false,
        targets,
        fallbacks,
        fallbackOn: route.fallbackOn,
        sticky: route.sticky,
        tokenLimit: route.tokenLimit,
        contentSafety: contentSafetyOf(route.contentSafety, primary.account),
      }),
    );
  }
  routes.sort((a, b) => (a.taskClass < b.taskClass ? -1 : a.taskClass > b.taskClass ? 1 : 0));
  return stripUndefined({ environment: env.name, defaultRoute: env.spec.defaultRoute, routes });
}

/** The route's content safety with the service resolved: `resource`, else `account`, else the primary target's account. */
function contentSafetyOf(cs: ContentSafety | undefined, primaryAccount: string): TableContentSafety | undefined {
  if (!cs) return undefined;
  return {
    promptShield: cs.promptShield,
    enforceOnCompletions: cs.enforceOnCompletions,
    outputType: cs.outputType,
    categories: CONTENT_SAFETY_CATEGORIES.flatMap(([key, name]) => {
      const threshold = cs.categories[key];
      return threshold === undefined ? [] : [{ name, threshold }];
    }),
    blocklists: [...cs.blocklists],
    service: cs.resource !== undefined ? { resourceId: cs.resource } : { account: cs.account ?? primaryAccount },
  };
}

/** A router's subset as `<model>@<version>` labels (catalog version; unknown ids as given), sorted. */
function routerOf(
  routing: { readonly mode: string; readonly models: readonly string[] } | undefined,
  models: ReadonlyMap<string, { readonly foundry: { readonly version?: string } }>,
): TableDeployment["router"] {
  if (!routing) return undefined;
  const label = (id: string) => {
    const v = models.get(id)?.foundry.version;
    return v ? `${id}@${v}` : id;
  };
  return { mode: routing.mode, models: routing.models.map(label).sort() };
}

/** The target owning `bucket` (0..BUCKETS-1), or undefined when weights leave it unowned. */
export function targetForBucket(route: TableRoute, bucket: number): TableTarget | undefined {
  return route.targets.find((t) => bucket >= t.bucketStart && bucket < t.bucketEnd);
}

/** `o` without its undefined fields, keys in their order. A loop: `history` builds a table per revision. */
function stripUndefined<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}
