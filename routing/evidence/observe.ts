// `observe`: what the gateway did (usage records) against what the routing declared (the table of each record's
// routing version). Pure over the aggregated rows io/usage.ts returns; findings are data, rendered in render.ts.
//
// Per environment and task class, the records are grouped by the route their routing version declared (two versions
// whose entry for the class is the same are one group). In each group:
//   - the first-choice requests (fallback = false) are the weighted choice; each target's observed share of them is
//     compared with its declared share (its buckets, routing/table/table.ts) by a binomial tolerance:
//         |p̂ − p| > z·sqrt(p(1 − p)/n) + floor,   z = 3.29 (two-sided 99.9%), floor = 1 percentage point;
//   - a deployment the route names neither as a target nor as a fallback is an error however few requests it served.
// Per class: the fallback rate (fallback = true) is over the threshold when  rate > t + z·sqrt(t(1 − t)/n).
// docs/evidence.md explains the choice and the levels.
import { BUCKETS, type RoutingTable, type TableRoute } from "../table/table";
import { defaultTarget } from "../table/resolve";
import { canonicalJson } from "../table/hash";
import type { DeclaredRouting, DeclaredSource, VersionIndex } from "./declared";
import type { AggregatedRow, UsageData } from "./records";

/** Two-sided 99.9% normal quantile. */
const DEFAULT_Z = 3.29;
/** Absolute floor added to the tolerance: 1 percentage point. */
const DEFAULT_FLOOR = 0.01;
/** Fallback rate above which a class is flagged (share of its requests). */
export const DEFAULT_FALLBACK_THRESHOLD = 0.05;
/** Consumers listed per class. */
const TOP_CONSUMERS = 3;

type EvidenceLevel = "error" | "warning";

/** The drift rules. */
type EvidenceRule =
  /** A target's observed share of first-choice requests is outside the tolerance around its declared weight. */
  | "FR-OBS-SPLIT"
  /** A deployment served requests of a class whose routing names it neither as a target nor as a fallback. */
  | "FR-OBS-UNNAMED"
  /** Records carry a routing version that no commit and not the head config produced. */
  | "FR-OBS-VERSION"
  /** A class's fallback rate is significantly over the threshold. */
  | "FR-OBS-FALLBACK"
  /** Records name a task class that their routing version does not route. */
  | "FR-OBS-CLASS";

/** A drift finding: data until render.ts turns it into a line. */
export interface EvidenceFinding {
  readonly rule: EvidenceRule;
  readonly level: EvidenceLevel;
  readonly environment: string;
  readonly taskClass?: string;
  readonly deployment?: string;
  /** The routing versions the finding is about (the group's, for a split). */
  readonly routingVersions?: readonly string[];
  /** Requests the finding is about. */
  readonly requests: number;
  /** What was found and what was expected, in one line. */
  readonly message: string;
}

interface ObserveOptions {
  /** Only this environment. @default every environment in the data */
  readonly environment?: string;
  /** @default DEFAULT_Z */
  readonly z?: number;
  /** @default DEFAULT_FLOOR */
  readonly floor?: number;
  /** @default DEFAULT_FALLBACK_THRESHOLD */
  readonly fallbackThreshold?: number;
}

export interface Share {
  readonly deployment: string;
  /** What the route calls it: a weighted target, a fallback, or nothing. */
  readonly role: "target" | "fallback" | "unnamed";
  /** Declared share of first-choice requests (targets only), 0..1. */
  readonly declared?: number;
  /** First-choice requests it served (or failed). */
  readonly firstChoice: number;
  /** Requests it served as a fallback. */
  readonly fallback: number;
  /** Observed share of the group's first-choice requests at named deployments, 0..1 (undefined when none, or unnamed). */
  readonly observed?: number;
  /** Half-width of the accepted band around `declared` (targets with first-choice requests only). */
  readonly tolerance?: number;
  readonly drift: boolean;
}

export interface RouteGroup {
  /** Routing versions whose entry for the class is this route, sorted. */
  readonly routingVersions: readonly string[];
  readonly targets: readonly { readonly deployment: string; readonly weight: number }[];
  readonly fallbacks: readonly string[];
  readonly sticky: boolean;
  readonly requests: number;
  /** First-choice requests (fallback = false) served by a deployment the route names: the n of the split. */
  readonly firstChoice: number;
  /** Requests the gateway answered itself (no deployment, e.g. a 400 for a bad body): not part of the split. */
  readonly rejected: number;
  /** Targets in YAML order, then fallbacks, then unnamed deployments (by requests). */
  readonly shares: readonly Share[];
}

export interface ClassReport {
  readonly taskClass: string;
  readonly requests: number;
  /** Requests a fallback served (fallback = true). */
  readonly fallbackRequests: number;
  readonly fallbackRate: number;
  /** Requests per status, most first. */
  readonly statuses: readonly { readonly status: number; readonly requests: number }[];
  /** Undefined for aggregated input. */
  readonly p50Ms?: number;
  readonly p95Ms?: number;
  readonly meanMs: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly topConsumers: readonly { readonly consumer: string; readonly requests: number }[];
  /** Groups of known routing versions that route the class. */
  readonly routes: readonly RouteGroup[];
  /** Requests whose routing version is unknown (not checked against any routing). */
  readonly unknownVersionRequests: number;
  /** Requests whose (known) routing version does not route this class. */
  readonly unroutedRequests: number;
}

interface VersionReport {
  readonly routingVersion: string;
  readonly requests: number;
  readonly firstDay: string;
  readonly lastDay: string;
  /** Undefined when unknown. */
  readonly source?: DeclaredSource;
}

interface EnvironmentReport {
  readonly environment: string;
  readonly requests: number;
  /** By first day seen, then version. */
  readonly versions: readonly VersionReport[];
  /** By task class. */
  readonly classes: readonly ClassReport[];
}

export interface ObserveResult {
  readonly form: UsageData["form"];
  readonly requests: number;
  readonly firstDay?: string;
  readonly lastDay?: string;
  readonly z: number;
  readonly floor: number;
  readonly fallbackThreshold: number;
  /** Where routing versions were looked up. */
  readonly searched: string;
  readonly environments: readonly EnvironmentReport[];
  /** Errors first, then warnings; each by environment, class, rule, deployment. */
  readonly findings: readonly EvidenceFinding[];
}

/** The tolerance half-width for a declared share `p` over `n` first-choice requests. */
export function tolerance(p: number, n: number, z = DEFAULT_Z, floor = DEFAULT_FLOOR): number {
  return z * Math.sqrt((p * (1 - p)) / n) + floor;
}

/** Declared share of first-choice requests per target: its buckets, plus the unowned buckets for the default target. */
export function declaredShares(route: TableRoute): Map<string, number> {
  const out = new Map<string, number>();
  let owned = 0;
  for (const t of route.targets) {
    const b = Math.max(0, t.bucketEnd - t.bucketStart);
    owned += b;
    out.set(t.deployment, (out.get(t.deployment) ?? 0) + b / BUCKETS);
  }
  const d = defaultTarget(route).deployment;
  out.set(d, (out.get(d) ?? 0) + (BUCKETS - owned) / BUCKETS);
  return out;
}

export function observe(data: UsageData, index: VersionIndex, options: ObserveOptions = {}): ObserveResult {
  const z = options.z ?? DEFAULT_Z;
  const floor = options.floor ?? DEFAULT_FLOOR;
  const threshold = options.fallbackThreshold ?? DEFAULT_FALLBACK_THRESHOLD;
  const rows = options.environment === undefined ? data.rows : data.rows.filter((r) => r.environment === options.environment);
  const quantiles = new Map(data.quantiles.map((q) => [`${q.environment}\0${q.taskClass}`, q]));
  const findings: EvidenceFinding[] = [];

  const environments: EnvironmentReport[] = [];
  for (const [environment, envRows] of groupBy(rows, (r) => r.environment)) {
    const declared = new Map<string, DeclaredRouting | undefined>();
    const versions: VersionReport[] = [];
    for (const [version, vRows] of groupBy(envRows, (r) => r.routingVersion)) {
      const d = index.lookup(environment, version);
      declared.set(version, d);
      const days = vRows.map((r) => r.day).sort();
      const requests = sum(vRows, (r) => r.requests);
      versions.push({ routingVersion: version, requests, firstDay: days[0]!, lastDay: days[days.length - 1]!, source: d?.source });
      if (!d) {
        const envNote = index.environments.includes(environment) ? "" : `; environment "${environment}" is in no known config`;
        findings.push({
          rule: "FR-OBS-VERSION",
          level: "error",
          environment,
          routingVersions: [version],
          requests,
          message: `${fmtInt(requests)} request(s) from ${days[0]} to ${days[days.length - 1]} carry routing version ${version}, which no commit produced and the head config does not have (searched ${index.searched}${envNote}); their split is not checked`,
        });
      }
    }
    versions.sort((a, b) => cmp(a.firstDay, b.firstDay) || cmp(a.routingVersion, b.routingVersion));

    const classes: ClassReport[] = [];
    for (const [taskClass, cRows] of groupBy(envRows, (r) => r.taskClass)) {
      const requests = sum(cRows, (r) => r.requests);
      const fallbackRequests = sum(
        cRows.filter((r) => r.fallback),
        (r) => r.requests,
      );
      let unknownVersionRequests = 0;
      let unroutedRequests = 0;
      const unroutedVersions = new Set<string>();
      const groups = new Map<string, { route: TableRoute; versions: Set<string>; rows: AggregatedRow[] }>();
      for (const r of cRows) {
        const d = declared.get(r.routingVersion);
        if (!d) {
          unknownVersionRequests += r.requests;
          continue;
        }
        const route = routeOf(d.table, taskClass);
        if (!route) {
          unroutedRequests += r.requests;
          unroutedVersions.add(r.routingVersion);
          continue;
        }
        const key = routeKey(route);
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { route, versions: new Set(), rows: [] }));
        g.versions.add(r.routingVersion);
        g.rows.push(r);
      }
      if (unroutedRequests > 0) {
        const statuses = [...new Set(cRows.filter((r) => unroutedVersions.has(r.routingVersion)).map((r) => r.status))].sort(
          (a, b) => a - b,
        );
        findings.push({
          rule: "FR-OBS-CLASS",
          level: "warning",
          environment,
          taskClass,
          routingVersions: [...unroutedVersions].sort(),
          requests: unroutedRequests,
          message: `${fmtInt(unroutedRequests)} request(s) name task class "${taskClass}", which routing version ${[...unroutedVersions].sort().join(", ")} does not route (status ${statuses.join(", ")})`,
        });
      }
      const routes = [...groups.values()].map((g) =>
        checkGroup(environment, taskClass, g.route, [...g.versions].sort(), g.rows, z, floor, findings),
      );
      routes.sort((a, b) => cmp(a.routingVersions[0]!, b.routingVersions[0]!));

      const checked = requests - unknownVersionRequests - unroutedRequests;
      const checkedFallbacks = sum(
        routes.flatMap((g) => g.shares),
        (s) => s.fallback,
      );
      const rate = checked > 0 ? checkedFallbacks / checked : 0;
      if (checked > 0 && rate > threshold + z * Math.sqrt((threshold * (1 - threshold)) / checked)) {
        findings.push({
          rule: "FR-OBS-FALLBACK",
          level: "warning",
          environment,
          taskClass,
          requests: checkedFallbacks,
          message: `fallbacks served ${pct(rate)} of ${fmtInt(checked)} request(s), over the ${pct(threshold)} threshold (beyond ${pct(z * Math.sqrt((threshold * (1 - threshold)) / checked))} of sampling noise)`,
        });
      }
      const q = quantiles.get(`${environment}\0${taskClass}`);
      const byStatus = [...groupBy(cRows, (r) => String(r.status))].map(([s, rs]) => ({
        status: Number(s),
        requests: sum(rs, (r) => r.requests),
      }));
      byStatus.sort((a, b) => b.requests - a.requests || a.status - b.status);
      const consumers = [...groupBy(cRows, (r) => r.consumer)].map(([consumer, rs]) => ({
        consumer,
        requests: sum(rs, (r) => r.requests),
      }));
      consumers.sort((a, b) => b.requests - a.requests || cmp(a.consumer, b.consumer));
      classes.push({
        taskClass,
        requests,
        fallbackRequests,
        fallbackRate: requests > 0 ? fallbackRequests / requests : 0,
        statuses: byStatus,
        p50Ms: q?.p50,
        p95Ms: q?.p95,
        meanMs: requests > 0 ? sum(cRows, (r) => r.durationMs) / requests : 0,
        promptTokens: sum(cRows, (r) => r.promptTokens),
        completionTokens: sum(cRows, (r) => r.completionTokens),
        topConsumers: consumers.slice(0, TOP_CONSUMERS),
        routes,
        unknownVersionRequests,
        unroutedRequests,
      });
    }
    classes.sort((a, b) => cmp(a.taskClass, b.taskClass));
    environments.push({ environment, requests: sum(envRows, (r) => r.requests), versions, classes });
  }
  environments.sort((a, b) => cmp(a.environment, b.environment));
  const days = rows.map((r) => r.day).sort();
  const rank = (f: EvidenceFinding) => (f.level === "error" ? 0 : 1);
  findings.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      cmp(a.environment, b.environment) ||
      cmp(a.taskClass ?? "", b.taskClass ?? "") ||
      cmp(a.rule, b.rule) ||
      cmp(a.deployment ?? "", b.deployment ?? "") ||
      cmp((a.routingVersions ?? []).join(), (b.routingVersions ?? []).join()),
  );
  return {
    form: data.form,
    requests: sum(rows, (r) => r.requests),
    firstDay: days[0],
    lastDay: days[days.length - 1],
    z,
    floor,
    fallbackThreshold: threshold,
    searched: index.searched,
    environments,
    findings,
  };
}

function checkGroup(
  environment: string,
  taskClass: string,
  route: TableRoute,
  versions: readonly string[],
  rows: readonly AggregatedRow[],
  z: number,
  floor: number,
  findings: EvidenceFinding[],
): RouteGroup {
  const declared = declaredShares(route);
  const fallbacks = route.fallbacks.map((f) => f.deployment);
  const first = new Map<string, number>();
  const viaFallback = new Map<string, number>();
  let rejected = 0;
  for (const r of rows) {
    if (r.deployment === "") {
      rejected += r.requests;
      continue;
    }
    const m = r.fallback ? viaFallback : first;
    m.set(r.deployment, (m.get(r.deployment) ?? 0) + r.requests);
  }
  const order: string[] = [];
  for (const d of [...route.targets.map((t) => t.deployment), ...fallbacks]) if (!order.includes(d)) order.push(d);
  // The split is among the deployments the route names; a deployment it never names is its own finding.
  const n = order.reduce((a, d) => a + (first.get(d) ?? 0), 0);
  const unnamed = [...new Set([...first.keys(), ...viaFallback.keys()])].filter((d) => !order.includes(d));
  unnamed.sort((a, b) => (first.get(b) ?? 0) + (viaFallback.get(b) ?? 0) - ((first.get(a) ?? 0) + (viaFallback.get(a) ?? 0)) || cmp(a, b));
  const sticky = route.sticky !== undefined;
  const shares: Share[] = [];
  for (const deployment of [...order, ...unnamed]) {
    const role = declared.has(deployment) ? "target" : fallbacks.includes(deployment) ? "fallback" : "unnamed";
    const f = first.get(deployment) ?? 0;
    const fb = viaFallback.get(deployment) ?? 0;
    const observed = n > 0 && role !== "unnamed" ? f / n : undefined;
    const p = declared.get(deployment);
    const tol = p !== undefined && n > 0 ? tolerance(p, n, z, floor) : undefined;
    const drift = p !== undefined && observed !== undefined && tol !== undefined && Math.abs(observed - p) > tol;
    shares.push({ deployment, role, declared: p, firstChoice: f, fallback: fb, observed, tolerance: tol, drift });
    if (drift) {
      findings.push({
        rule: "FR-OBS-SPLIT",
        level: sticky ? "warning" : "error",
        environment,
        taskClass,
        deployment,
        routingVersions: versions,
        requests: f,
        message: `${deployment} took ${pct(observed!)} of ${fmtInt(n)} first-choice request(s), declared ${pct(p!)} (tolerance ±${points(tol!)})${sticky ? "; the route is sticky, so requests of one key are not independent and this is a warning" : ""}`,
      });
    }
    if (role === "unnamed" && f + fb > 0) {
      findings.push({
        rule: "FR-OBS-UNNAMED",
        level: "error",
        environment,
        taskClass,
        deployment,
        routingVersions: versions,
        requests: f + fb,
        message: `${deployment} served ${fmtInt(f + fb)} request(s), but routing version ${versions.join(", ")} names it neither as a target (${route.targets.map((t) => t.deployment).join(", ")}) nor as a fallback (${fallbacks.join(", ") || "none"})`,
      });
    }
  }
  return {
    routingVersions: versions,
    targets: route.targets.map((t) => ({ deployment: t.deployment, weight: t.weight })),
    fallbacks,
    sticky,
    requests: sum(rows, (r) => r.requests),
    firstChoice: n,
    rejected,
    shares,
  };
}

function routeOf(table: RoutingTable, taskClass: string): TableRoute | undefined {
  return table.routes.find((r) => r.taskClass === taskClass);
}

/** What decides the split and the named deployments: two versions with the same key are one group. */
function routeKey(route: TableRoute): string {
  return canonicalJson({
    targets: route.targets.map((t) => [t.deployment, t.bucketStart, t.bucketEnd]),
    fallbacks: route.fallbacks.map((f) => f.deployment),
    sticky: route.sticky ?? null,
  });
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}

function sum<T>(xs: readonly T[], f: (x: T) => number): number {
  let s = 0;
  for (const x of xs) s += f(x);
  return s;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "12.3%". */
export function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
/** "2.7 points". */
function points(x: number): string {
  return `${(x * 100).toFixed(1)} points`;
}
/** "12,345". */
export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}
