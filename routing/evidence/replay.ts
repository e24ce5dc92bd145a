// Replay of recorded usage through the base and the head routing: which requests the change sends to another
// deployment, what that costs, how many prompts exceed the new target's context window, and whether a deployment
// that gains traffic holds the observed peak. Pure: works on the aggregated rows io/usage.ts returns.
// Records carry no sticky key, so each row's requests are spread over the 100 buckets evenly (the weights), in an
// order fixed by the FNV hash of the row's key; each bucket is then resolved on both sides exactly as the gateway
// would, so a move is a change of routing, never the randomness of the recorded choice.
import type { Environment, RoutingConfig } from "../config/loader";
import { deploymentsByRef, modelsById } from "../config/model";
import { type Decision, resolve } from "../table/resolve";
import { fnv1a32 } from "../table/hash";
import { BUCKETS, type RoutingTable, routingTable } from "../table/table";
import type { AggregatedRow, PeakTokens } from "./records";

interface ReplayMove {
  readonly from: string;
  readonly to: string;
  readonly requests: number;
}

interface ReplayClass {
  readonly environment: string;
  readonly taskClass: string;
  /** Recorded requests the head routing serves (the class has a head route). */
  readonly requests: number;
  /** Requests whose head target differs from their base target (same bucket). */
  readonly moved: number;
  /** Sorted by from, to. */
  readonly moves: readonly ReplayMove[];
  /** USD over the recorded period: head target's prices minus base target's, for the moved requests with both. */
  readonly costDelta: number;
  /** Moved requests whose cost delta is unknown (a price is missing). */
  readonly unpricedMoves: number;
  /** Requests whose prompt exceeds the head target's context window (raw input only; else undefined). */
  readonly overContext?: number;
}

interface ReplayCapacity {
  readonly environment: string;
  readonly deployment: string;
  /** K tokens per minute. */
  readonly capacityKTpm: number;
  /** Peak tokens per minute the head routing would send it: the classes' peaks times their shares (an upper bound). */
  readonly projectedPeakTpm: number;
  readonly fits: boolean;
}

export interface ReplayReport {
  readonly form: "raw" | "aggregated";
  readonly classes: readonly ReplayClass[];
  /** Raw input only (aggregated rows have no minutes). */
  readonly capacity: readonly ReplayCapacity[];
  /** Recorded requests of classes the head routing does not serve. */
  readonly unrouted: number;
}

/** The context windows `readUsage` should count prompts against: every head target's. */
function replayWindows(head: RoutingConfig): number[] {
  const windows = new Set<number>();
  for (const env of head.environments)
    for (const r of routingTable(head, env).routes) for (const t of r.targets) windows.add(t.contextWindow);
  return [...windows].filter((w) => w > 0).sort((a, b) => a - b);
}

/** How many of a row's `n` requests fall in each bucket: n/100 each, the remainder in hash order of the row. */
export function bucketCounts(n: number, key: string): number[] {
  const base = Math.floor(n / BUCKETS);
  const counts = new Array<number>(BUCKETS).fill(base);
  const rest = n - base * BUCKETS;
  if (rest === 0) return counts;
  // Buckets in order of stickyBucket(`${key}#${b}`), ties by bucket: one hash per bucket, continuing the key's,
  // packed with the bucket (BUCKETS ≤ 128) into one number so a native numeric sort orders them.
  const prefix = fnv1a32(key);
  const order = new Uint16Array(BUCKETS);
  for (let b = 0; b < BUCKETS; b++) order[b] = (fnv1a32(`#${b}`, prefix) % BUCKETS) * 128 + b;
  order.sort();
  for (let i = 0; i < rest; i++) counts[order[i]! & 127]! += 1;
  return counts;
}

// A request of the replay names only its task class and its bucket, so each route's 100 decisions are computed once.
const decided = new WeakMap<RoutingTable, Map<string, Decision[]>>();
function decisionFor(table: RoutingTable, taskClass: string, bucket: number): Decision {
  let byClass = decided.get(table);
  if (!byClass) decided.set(table, (byClass = new Map()));
  let all = byClass.get(taskClass);
  if (!all) {
    const headers = { "x-task-class": taskClass };
    byClass.set(taskClass, (all = Array.from({ length: BUCKETS }, (_, randomBucket) => resolve(table, { headers, randomBucket }))));
  }
  return all[bucket]!;
}

export function replayUsage(
  rows: readonly AggregatedRow[],
  base: RoutingConfig | undefined,
  head: RoutingConfig,
  form: "raw" | "aggregated",
  peaks: readonly PeakTokens[] = [],
  windows: readonly number[] = replayWindows(head),
): ReplayReport {
  const models = modelsById(head);
  const envs = new Map(head.environments.map((e) => [e.name, e]));
  const baseEnvs = new Map((base?.environments ?? []).map((e) => [e.name, e]));
  const baseModels = base ? modelsById(base) : new Map();
  const acc = new Map<
    string,
    {
      requests: number;
      moves: Map<string, number>;
      cost: number;
      unpriced: number;
      over: number;
      shares: Map<string, number>;
      gaining: Set<string>;
    }
  >();
  let unrouted = 0;
  for (const row of rows) {
    const env = envs.get(row.environment);
    const table = env ? routingTable(head, env) : undefined;
    if (!table || !table.routes.some((r) => r.taskClass === row.taskClass) || row.requests <= 0) {
      unrouted += row.requests;
      continue;
    }
    const baseEnv = baseEnvs.get(row.environment);
    const baseTable = base && baseEnv ? routingTable(base, baseEnv) : undefined;
    const k = `${row.environment}\u0000${row.taskClass}`;
    let a = acc.get(k);
    if (!a) acc.set(k, (a = { requests: 0, moves: new Map(), cost: 0, unpriced: 0, over: 0, shares: new Map(), gaining: new Set() }));
    a.requests += row.requests;
    const perPrompt = row.promptTokens / row.requests;
    const perCompletion = row.completionTokens / row.requests;
    const counts = bucketCounts(
      row.requests,
      `${row.day}|${row.consumer}|${row.deployment}|${row.routingVersion}|${row.status}|${row.fallback}`,
    );
    counts.forEach((c, bucket) => {
      if (c === 0) return;
      const decision = decisionFor(table, row.taskClass, bucket);
      if (decision.status !== "routed") return;
      const target = decision.chosen;
      a.shares.set(target.deployment, (a.shares.get(target.deployment) ?? 0) + c);
      const w = windows.indexOf(target.contextWindow);
      if (row.promptOver && w >= 0) a.over += (row.promptOver[w]! * c) / row.requests;
      const before = baseTable ? decisionFor(baseTable, row.taskClass, bucket) : undefined;
      const from = before?.status === "routed" ? before.chosen : undefined;
      if (from?.deployment === target.deployment) return;
      const mk = `${from?.deployment ?? "(no route)"}\u0000${target.deployment}`;
      a.moves.set(mk, (a.moves.get(mk) ?? 0) + c);
      a.gaining.add(target.deployment);
      const was = from ? baseModels.get(from.model)?.pricing : undefined;
      const now = models.get(target.model)?.pricing;
      if (!was || !now) a.unpriced += c;
      else {
        const cost = (p: { inputPer1M: number; outputPer1M: number }) => (perPrompt * p.inputPer1M + perCompletion * p.outputPer1M) / 1e6;
        a.cost += c * (cost(now) - cost(was));
      }
    });
  }
  const classes: ReplayClass[] = [...acc.entries()]
    .map(([k, a]) => {
      const [environment, taskClass] = k.split("\u0000") as [string, string];
      const moves = [...a.moves.entries()]
        .map(([mk, requests]) => {
          const [from, to] = mk.split("\u0000") as [string, string];
          return { from, to, requests };
        })
        .sort((x, y) => (x.from < y.from ? -1 : x.from > y.from ? 1 : x.to < y.to ? -1 : x.to > y.to ? 1 : 0));
      return {
        environment,
        taskClass,
        requests: a.requests,
        moved: moves.reduce((s, m) => s + m.requests, 0),
        moves,
        costDelta: Math.round(a.cost * 100) / 100,
        unpricedMoves: a.unpriced,
        ...(form === "raw" && windows.length > 0 ? { overContext: Math.round(a.over) } : {}),
      };
    })
    .sort((x, y) => (x.environment < y.environment ? -1 : x.environment > y.environment ? 1 : x.taskClass < y.taskClass ? -1 : 1));
  return { form, classes, capacity: capacityOf(head, acc, peaks), unrouted };
}

function capacityOf(
  head: RoutingConfig,
  acc: ReadonlyMap<string, { requests: number; shares: ReadonlyMap<string, number>; gaining: ReadonlySet<string> }>,
  peaks: readonly PeakTokens[],
): ReplayCapacity[] {
  if (peaks.length === 0) return [];
  // Only deployments that gain traffic from the change are checked; the others carry what they carried.
  const gaining = new Set([...acc.entries()].flatMap(([k, a]) => [...a.gaining].map((d) => `${k.split("\u0000")[0]}\u0000${d}`)));
  const out = new Map<string, ReplayCapacity>();
  const byEnv = new Map<string, Environment>(head.environments.map((e) => [e.name, e]));
  for (const p of peaks) {
    const a = acc.get(`${p.environment}\u0000${p.taskClass}`);
    const env = byEnv.get(p.environment);
    if (!a || !env) continue;
    const deployments = deploymentsByRef(env, modelsById(head));
    for (const [dep, n] of a.shares) {
      const k = `${p.environment}\u0000${dep}`;
      const capacityKTpm = deployments.get(dep)?.deployment.capacity ?? 0;
      const prev = out.get(k)?.projectedPeakTpm ?? 0;
      const projectedPeakTpm = Math.round(prev + (p.tokensPerMinute * n) / a.requests);
      out.set(k, {
        environment: p.environment,
        deployment: dep,
        capacityKTpm,
        projectedPeakTpm,
        fits: projectedPeakTpm <= capacityKTpm * 1000,
      });
    }
  }
  return [...out.values()]
    .filter((c) => gaining.has(`${c.environment}\u0000${c.deployment}`))
    .sort((x, y) => (x.environment + x.deployment < y.environment + y.deployment ? -1 : 1));
}
