// A deterministic generator of usage records for a config (the embedded sample: dev and prod), for the tests, the
// README walkthrough and the bench. Same config + options = the same records, byte for byte: a seeded PRNG, a fixed
// start day, no clock.
//
// Shape: `days` days from `start`; weekdays carry 1.0 and weekends WEEKEND_FACTOR of a day's traffic, spread over the
// hours by HOUR_CURVE (UTC). Records are split over environments and task classes in proportion to each environment's
// `traffic.requestsPerDay`, with tokens around its inputTokens/outputTokens. The target of each request is chosen by
// the resolver the gateway policy is generated from (routing/table/resolve.ts): the FNV bucket of the sticky key for
// sticky routes, a seeded random bucket otherwise, so the weights hold exactly as the gateway would honour them.
// A few attempts fail (429 / 503) and move on to the route's fallbacks. Two things are planted, and described in
// `SamplePlan.planted` so tests need not hard-code them:
//   - drift: in the environment with the most traffic, the busiest class with two weighted targets sends
//     DRIFT_POINTS percentage points of its traffic from its first target to its second;
//   - an unknown routing version: in another environment, UNKNOWN_VERSION_DAYS days of traffic carry a routing
//     version no commit produced (as when someone edits the gateway policy by hand).
import type { Environment, RoutingConfig } from "../config/loader";
import { canonicalJson, fnv1a32, routingVersion } from "../table/hash";
import { TASK_CLASS_HEADER, attemptsFor, defaultTarget, modelLabel, resolve } from "../table/resolve";
import {
  BUCKETS,
  type RoutingTable,
  type TableDeployment,
  type TableRoute,
  type TableTarget,
  routingTable,
  targetForBucket,
} from "../table/table";
import { apportion, cumulate, pick, prng, type Prng } from "./prng";
import type { UsageRecord } from "./records";

export const SAMPLE_DEFAULTS = { records: 100_000, seed: 20260701, start: "2026-07-01", days: 30 } as const;

/** Weekend days carry this share of a weekday's traffic. */
const WEEKEND_FACTOR = 0.35;
/** Relative traffic per UTC hour: quiet nights, a morning peak, a dip at lunch, an afternoon peak. */
export const HOUR_CURVE = [
  0.22, 0.18, 0.16, 0.16, 0.2, 0.3, 0.5, 0.8, 1.15, 1.4, 1.5, 1.42, 1.2, 1.32, 1.48, 1.45, 1.3, 1.05, 0.8, 0.62, 0.5, 0.42, 0.34, 0.27,
] as const;
/** Share of attempts that fail (429 or 503) before any fallback. */
const ATTEMPT_FAILURE_RATE = 0.012;
/** Of failed attempts, the share that are 429 (the rest are 503). */
const THROTTLED_SHARE = 0.7;
/** Share of requests that name a task class the environment does not route (rejected with 400). */
const UNKNOWN_CLASS_RATE = 0.0005;
const UNKNOWN_CLASS = "legacy-completion";
/** Percentage points of the drifting class moved from its first target to its second. */
const DRIFT_POINTS = 6;
/** Days (0-based from `start`) on which one environment carries the unknown routing version. */
const UNKNOWN_VERSION_DAYS = [11, 12, 13] as const;
/** Callers: APIM subscriptions, one of a few per class. */
const CONSUMERS = [
  "ide-plugin",
  "code-review-bot",
  "ci-assistant",
  "agent-platform",
  "support-desk",
  "docs-portal",
  "data-notebooks",
  "marketing-studio",
  "trust-safety",
  "search-service",
  "chat-app",
] as const;

export interface SampleOptions {
  /** @default SAMPLE_DEFAULTS.records */
  readonly records?: number;
  /** @default SAMPLE_DEFAULTS.seed */
  readonly seed?: number;
  /** First day, YYYY-MM-DD (UTC). @default SAMPLE_DEFAULTS.start */
  readonly start?: string;
  /** @default SAMPLE_DEFAULTS.days */
  readonly days?: number;
}

interface PlantedDrift {
  readonly environment: string;
  readonly taskClass: string;
  /** The target that loses DRIFT_POINTS and the one that gains them. */
  readonly from: string;
  readonly to: string;
  /** Declared and generated weights, per target deployment, in percent. */
  readonly declared: Readonly<Record<string, number>>;
  readonly generated: Readonly<Record<string, number>>;
}

interface PlantedUnknownVersion {
  readonly environment: string;
  readonly routingVersion: string;
  /** YYYY-MM-DD days that carry it. */
  readonly days: readonly string[];
}

export interface SamplePlan {
  readonly count: number;
  readonly seed: number;
  readonly days: readonly string[];
  /** Routing version per environment, as the gateway sends it for this config. */
  readonly versions: Readonly<Record<string, string>>;
  readonly planted: { readonly drift?: PlantedDrift; readonly unknownVersion?: PlantedUnknownVersion };
  /** The records, in time order; generated on iteration (10M records never sit in memory). */
  records(): Generator<UsageRecord>;
}

interface Stream {
  readonly env: Environment;
  readonly table: RoutingTable;
  readonly version: string;
  readonly route: TableRoute;
  /** Route the generator actually follows (the declared one, or the drifted copy). */
  readonly served: TableRoute;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly consumers: readonly string[];
  /** Distinct sticky keys per day for header-sticky routes. */
  readonly sessionsPerDay: number;
  readonly attempts: ReadonlyMap<string, readonly Serving[]>;
  readonly onThrottled: boolean;
  readonly onServerError: boolean;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The plan for a config; iterate `records()` for the data. */
export function sampleUsage(config: RoutingConfig, options: SampleOptions = {}): SamplePlan {
  const total = options.records ?? SAMPLE_DEFAULTS.records;
  const seed = options.seed ?? SAMPLE_DEFAULTS.seed;
  const nDays = options.days ?? SAMPLE_DEFAULTS.days;
  const startMs = Date.parse(`${options.start ?? SAMPLE_DEFAULTS.start}T00:00:00Z`);
  if (!Number.isFinite(startMs)) throw new RangeError(`start must be a YYYY-MM-DD date, found "${options.start}"`);
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`records must be a whole number, found ${total}`);
  const days = Array.from({ length: nDays }, (_, d) => new Date(startMs + d * DAY_MS).toISOString().slice(0, 10));

  const tables = config.environments.map((env) => ({ env, table: routingTable(config, env) }));
  const versions = Object.fromEntries(tables.map(({ env, table }) => [env.name, routingVersion(table)]));
  const volume = (env: Environment, route: TableRoute) => env.spec.traffic[route.taskClass]?.requestsPerDay ?? 100;

  // The drift goes to the busiest environment's busiest class with two weighted targets.
  const envVolume = (env: Environment, table: RoutingTable) => table.routes.reduce((s, r) => s + volume(env, r), 0);
  const busiest = [...tables].sort((a, b) => envVolume(b.env, b.table) - envVolume(a.env, a.table) || cmp(a.env.name, b.env.name))[0];
  const driftRoute = busiest?.table.routes
    .filter((r) => r.targets.filter((t) => t.weight > 0).length >= 2 && r.targets[0]!.weight > DRIFT_POINTS)
    .sort((a, b) => volume(busiest.env, b) - volume(busiest.env, a) || cmp(a.taskClass, b.taskClass))[0];
  let drift: PlantedDrift | undefined;
  if (busiest && driftRoute) {
    const [a, b] = driftRoute.targets;
    const generated = driftRoute.targets.map((t, i) => (i === 0 ? t.weight - DRIFT_POINTS : i === 1 ? t.weight + DRIFT_POINTS : t.weight));
    drift = {
      environment: busiest.env.name,
      taskClass: driftRoute.taskClass,
      from: a!.deployment,
      to: b!.deployment,
      declared: Object.fromEntries(driftRoute.targets.map((t) => [t.deployment, t.weight])),
      generated: Object.fromEntries(driftRoute.targets.map((t, i) => [t.deployment, generated[i]!])),
    };
  }
  const other = tables.find((t) => t.env.name !== busiest?.env.name);
  const unknownVersion: PlantedUnknownVersion | undefined =
    other && nDays > UNKNOWN_VERSION_DAYS[UNKNOWN_VERSION_DAYS.length - 1]!
      ? {
          environment: other.env.name,
          routingVersion: fakeVersion(seed, Object.values(versions)),
          days: UNKNOWN_VERSION_DAYS.map((d) => days[d]!),
        }
      : undefined;

  const streams: Stream[] = [];
  for (const { env, table } of tables) {
    for (const route of table.routes) {
      const profile = env.spec.traffic[route.taskClass];
      const served = drift && env.name === drift.environment && route.taskClass === drift.taskClass ? reweighted(route, drift) : route;
      streams.push({
        env,
        table,
        version: versions[env.name]!,
        route,
        served,
        inputTokens: profile?.inputTokens ?? 1000,
        outputTokens: profile?.outputTokens ?? 200,
        consumers: consumersOf(route.taskClass),
        sessionsPerDay: 0,
        attempts: attemptsByTarget(route),
        onThrottled: route.fallbackOn.includes("throttled"),
        onServerError: route.fallbackOn.includes("server-error"),
      });
    }
  }
  const weights = streams.map((s) => volume(s.env, s.route));
  const cumulative = cumulate(weights);
  const weightSum = cumulative[cumulative.length - 1] ?? 0;
  const perDay = total / Math.max(1, nDays);
  const sized = streams.map((s, i) => ({ ...s, sessionsPerDay: Math.max(5, Math.round((perDay * weights[i]!) / weightSum / 20)) }));

  const slotWeights: number[] = [];
  for (let d = 0; d < nDays; d++) {
    const dow = new Date(startMs + d * DAY_MS).getUTCDay();
    const dayFactor = dow === 0 || dow === 6 ? WEEKEND_FACTOR : 1;
    for (const h of HOUR_CURVE) slotWeights.push(dayFactor * h);
  }
  const slotCounts = apportion(total, slotWeights);
  const unknownDays = new Set(unknownVersion?.days ?? []);

  function* records(): Generator<UsageRecord> {
    if (sized.length === 0) return;
    const rng = prng(seed);
    for (let slot = 0; slot < slotCounts.length; slot++) {
      const count = slotCounts[slot]!;
      const d = Math.floor(slot / HOUR_CURVE.length);
      const slotStart = startMs + d * DAY_MS + (slot % HOUR_CURVE.length) * HOUR_MS;
      const offsets = Array.from({ length: count }, () => rng.int(HOUR_MS)).sort((x, y) => x - y);
      for (const offset of offsets) {
        const stream = sized[pick(cumulative, rng.next())]!;
        const day = days[d]!;
        const version =
          unknownVersion && stream.env.name === unknownVersion.environment && unknownDays.has(day)
            ? unknownVersion.routingVersion
            : stream.version;
        yield request(stream, rng, new Date(slotStart + offset).toISOString(), d, version);
      }
    }
  }

  return { count: total, seed, days, versions, planted: { drift, unknownVersion }, records };
}

function request(s: Stream, rng: Prng, time: string, day: number, version: string): UsageRecord {
  const consumer = s.consumers[pick(CONSUMER_CUMULATIVE, rng.next())]!;
  if (rng.next() < UNKNOWN_CLASS_RATE) {
    return record(time, s.env.name, consumer, UNKNOWN_CLASS, "", "", version, false, 400, 0, 0, 3 + rng.int(10));
  }
  // The gateway's choice: for a sticky route the resolver itself (FNV bucket of the key); otherwise the bucket owner,
  // exactly as resolve() picks it for a random bucket (table.ts targetForBucket, resolve.ts defaultTarget).
  let chosen: TableTarget;
  const sticky = s.route.sticky;
  if (sticky) {
    const headers: Record<string, string> = { [TASK_CLASS_HEADER]: s.route.taskClass };
    if ("header" in sticky) headers[sticky.header] = `sess-${s.env.name}-${day}-${rng.int(s.sessionsPerDay)}`;
    const decision = resolve(s.table, { headers, subscriptionId: consumer, randomBucket: 0 });
    if (decision.status !== "routed") throw new Error(`sample: ${s.route.taskClass} is not routed in ${s.env.name}`);
    chosen = s.served === s.route ? decision.chosen : (targetForBucket(s.served, decision.bucket) ?? decision.chosen);
  } else {
    chosen = targetForBucket(s.served, rng.int(BUCKETS)) ?? defaultTarget(s.served);
  }
  const attempts = s.attempts.get(chosen.deployment)!;
  let status = 200;
  let i = 0;
  for (; ; i++) {
    status = rng.next() < ATTEMPT_FAILURE_RATE ? (rng.next() < THROTTLED_SHARE ? 429 : 503) : 200;
    if (status === 200 || i + 1 >= attempts.length || !(status === 429 ? s.onThrottled : s.onServerError)) break;
  }
  const served = attempts[i]!;
  const ok = status === 200;
  const promptTokens = ok ? around(rng, s.inputTokens, 0.5) : 0;
  const completionTokens = ok ? around(rng, s.outputTokens, 0.6) : 0;
  const durationMs = ok
    ? Math.round((120 + completionTokens * served.msPerToken + promptTokens * 0.02) * Math.exp(0.25 * rng.normal()))
    : 20 + rng.int(200);
  const model =
    served.router.length === 0 ? served.label : `${served.label} -> ${served.router[rng.next() < 0.8 ? 0 : rng.int(served.router.length)]}`;
  return record(
    time,
    s.env.name,
    consumer,
    s.route.taskClass,
    served.deployment,
    model,
    version,
    i > 0,
    status,
    promptTokens,
    completionTokens,
    durationMs + i * 150,
  );
}

function record(
  time: string,
  environment: string,
  consumer: string,
  taskClass: string,
  deployment: string,
  model: string,
  routingVersion: string,
  fallback: boolean,
  status: number,
  promptTokens: number,
  completionTokens: number,
  durationMs: number,
): UsageRecord {
  return {
    time,
    environment,
    consumer,
    taskClass,
    deployment,
    model,
    routingVersion,
    fallback,
    status,
    promptTokens,
    completionTokens,
    durationMs,
  };
}

/** What the generator needs of a deployment it may serve from, computed once. */
interface Serving {
  readonly deployment: string;
  /** x-routed-model: `<id>@<version>`; a router adds ` -> <chosen>` (mostly its first, cheapest, model). */
  readonly label: string;
  readonly router: readonly string[];
  /** Generation speed of the model: 4 to 25 ms per output token, from its id's hash. */
  readonly msPerToken: number;
}

function serving(d: TableDeployment): Serving {
  return { deployment: d.deployment, label: modelLabel(d), router: d.router?.models ?? [], msPerToken: 4 + (fnv1a32(d.model) % 22) };
}

/** Attempts (chosen target, then fallbacks without repeats) per target deployment of a route. */
function attemptsByTarget(route: TableRoute): Map<string, Serving[]> {
  return new Map(route.targets.map((t) => [t.deployment, attemptsFor(t, route.fallbacks).map(serving)]));
}

/** A positive whole number around `mean` (log-normal with the given spread, mean preserved). */
function around(rng: Prng, mean: number, sigma: number): number {
  return Math.max(1, Math.round(mean * Math.exp(sigma * rng.normal() - (sigma * sigma) / 2)));
}

/** Each class is called by three consumers, chosen by the class id's hash: 70%, 20%, 10%. */
const CONSUMER_CUMULATIVE = cumulate([70, 20, 10]);
function consumersOf(taskClass: string): string[] {
  const h = fnv1a32(taskClass);
  return [0, 1, 2].map((k) => CONSUMERS[(h + k * 4) % CONSUMERS.length]!);
}

/** The route with the drifted weights: buckets re-assigned in YAML order, as routing/table/table.ts does. */
function reweighted(route: TableRoute, drift: PlantedDrift): TableRoute {
  let next = 0;
  const targets = route.targets.map((t) => {
    const w = drift.generated[t.deployment] ?? t.weight;
    const start = Math.min(next, BUCKETS);
    next += w;
    return { ...t, weight: w, bucketStart: start, bucketEnd: Math.min(next, BUCKETS) };
  });
  return { ...route, targets };
}

/** Twelve hex digits from the seed that no environment's real routing version has. */
function fakeVersion(seed: number, real: readonly string[]): string {
  for (let salt = 0; ; salt++) {
    const v = (
      fnv1a32(canonicalJson({ seed, salt, purpose: "unknown-routing-version" }))
        .toString(16)
        .padStart(8, "0") + "beef"
    ).slice(0, 12);
    if (!real.includes(v)) return v;
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
