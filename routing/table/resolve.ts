// The resolver: what the gateway does with one request, as a pure function of the routing decision table.
// The APIM policy (routing/gateway/policy.ts) is generated from the same table and must decide exactly the same;
// __tests__/gateway proves it by reading the generated XML back.
import { stickyBucket } from "./hash";
import type { ApiShape } from "../config/schema";
import { BUCKETS, type RoutingTable, type TableDeployment, type TableRoute, type TableTarget, targetForBucket } from "./table";

/** Request header that names the task class; wins over the body's `model`. */
export const TASK_CLASS_HEADER = "x-task-class";

export interface ResolveRequest {
  /** Request headers; names are matched case-insensitively, as HTTP does. */
  readonly headers: Readonly<Record<string, string>>;
  /** The request body's `model` field, when it is a string (OpenAI SDK clients put the task class there). */
  readonly bodyModel?: string;
  /** APIM subscription id of the caller, used by `sticky: {subscription: true}`. */
  readonly subscriptionId?: string;
  /** Bucket (0..BUCKETS-1) to use when the route has no sticky key; default Math.random(). */
  readonly randomBucket?: number;
}

type ClassSource = "header" | "body-model" | "default-route";

export interface RoutedDecision {
  readonly status: "routed";
  readonly taskClass: string;
  /** Where the task class came from. */
  readonly source: ClassSource;
  /** The route's weighted targets, with their buckets, in YAML order. */
  readonly candidates: readonly TableTarget[];
  /** The bucket (0..BUCKETS-1) that chose the target. */
  readonly bucket: number;
  /** `sticky` when the bucket is the hash of `stickyKey`, `random` otherwise. */
  readonly bucketSource: "sticky" | "random";
  /** The value hashed into the bucket; absent when the route is not sticky or the request lacks the key. */
  readonly stickyKey?: string;
  /** The target the bucket selects (the first target with weight when the bucket is unowned). */
  readonly chosen: TableTarget;
  /** The route's fallbacks, in YAML order. */
  readonly fallbacks: readonly TableDeployment[];
  /** Deployments tried in order while the answer is 429 or 5xx: `chosen`, then fallbacks without repeats. */
  readonly attempts: readonly TableDeployment[];
  readonly tokenLimit?: TableRoute["tokenLimit"];
}

interface RejectedDecision {
  readonly status: 400;
  readonly code: "missing-task-class" | "unknown-task-class";
  /** Message returned to the caller in the JSON error body. */
  readonly error: string;
  /** Task classes this table serves, sorted. */
  readonly validClasses: readonly string[];
}

export type Decision = RoutedDecision | RejectedDecision;

/** Message when a request names no task class and the environment has no default route. */
export const MISSING_CLASS_MESSAGE = `no task class: send the ${TASK_CLASS_HEADER} header or set the request body's "model" to a task class`;
/** The 400 message for a request whose body is missing or not a JSON object. */
export const INVALID_BODY_MESSAGE = "expected a JSON object request body (an OpenAI or Anthropic request)";
export const UNKNOWN_CLASS_PREFIX = "unknown task class '";
export const UNKNOWN_CLASS_SUFFIX = "'";

export function unknownClassMessage(taskClass: string): string {
  return UNKNOWN_CLASS_PREFIX + taskClass + UNKNOWN_CLASS_SUFFIX;
}

/** Decides where a request goes. Deterministic except for `randomBucket` when omitted. */
export function resolve(table: RoutingTable, request: ResolveRequest): Decision {
  const validClasses = table.routes.map((r) => r.taskClass).sort(compare);
  const header = (headerValue(request.headers, TASK_CLASS_HEADER) ?? "").trim();
  const bodyModel = (request.bodyModel ?? "").trim();
  let taskClass: string;
  let source: ClassSource;
  if (header.length > 0) [taskClass, source] = [header, "header"];
  else if (bodyModel.length > 0) [taskClass, source] = [bodyModel, "body-model"];
  else if (table.defaultRoute !== undefined) [taskClass, source] = [table.defaultRoute, "default-route"];
  else return { status: 400, code: "missing-task-class", error: MISSING_CLASS_MESSAGE, validClasses };

  const route = table.routes.find((r) => r.taskClass === taskClass);
  if (!route) return { status: 400, code: "unknown-task-class", error: unknownClassMessage(taskClass), validClasses };

  const stickyKey = stickyKeyOf(route, request);
  const bucket = stickyKey !== undefined ? stickyBucket(stickyKey) : checkedRandomBucket(request.randomBucket);
  const chosen = targetForBucket(route, bucket) ?? defaultTarget(route);
  return strip({
    status: "routed" as const,
    taskClass,
    source,
    candidates: route.targets,
    bucket,
    bucketSource: stickyKey !== undefined ? ("sticky" as const) : ("random" as const),
    stickyKey,
    chosen,
    fallbacks: route.fallbacks,
    attempts: attemptsFor(chosen, route.fallbacks),
    tokenLimit: route.tokenLimit,
  });
}

/** The routes one gateway API serves: those of its shape; the default route only when it is one of them. */
export function apiTable(table: RoutingTable, api: ApiShape): RoutingTable {
  const routes = table.routes.filter((r) => r.api === api);
  const keepDefault = table.defaultRoute !== undefined && routes.some((r) => r.taskClass === table.defaultRoute);
  return strip({ environment: table.environment, defaultRoute: keepDefault ? table.defaultRoute : undefined, routes });
}

/** Target used for buckets no target owns (weights below 100): the first target with weight, else the first. */
export function defaultTarget(route: TableRoute): TableTarget {
  // routingTable leaves out routes without targets, so there is a first one.
  return route.targets.find((t) => t.bucketEnd > t.bucketStart) ?? route.targets[0]!;
}

/** The chosen target, then each fallback once, skipping deployments already tried. */
export function attemptsFor(chosen: TableDeployment, fallbacks: readonly TableDeployment[]): TableDeployment[] {
  const out: TableDeployment[] = [chosen];
  for (const f of fallbacks) if (!out.some((d) => d.deployment === f.deployment)) out.push(f);
  return out;
}

/** Catalog id and pinned version as shown in `x-routed-model`, e.g. `gpt-4o@2024-11-20`. */
export function modelLabel(d: Pick<TableDeployment, "model" | "version">): string {
  return d.version ? `${d.model}@${d.version}` : d.model;
}

function stickyKeyOf(route: TableRoute, request: ResolveRequest): string | undefined {
  if (!route.sticky) return undefined;
  const key = "header" in route.sticky ? headerValue(request.headers, route.sticky.header) : request.subscriptionId;
  return key === undefined || key.length === 0 ? undefined : key;
}

function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

function checkedRandomBucket(bucket: number | undefined): number {
  if (bucket === undefined) return Math.floor(Math.random() * BUCKETS);
  if (!Number.isInteger(bucket) || bucket < 0 || bucket >= BUCKETS) {
    throw new RangeError(`randomBucket must be an integer in 0..${BUCKETS - 1}, found ${bucket}`);
  }
  return bucket;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
