// Semantic routing changes between two configs, in the terms reviewers and auditors use.
// Shared by `review` and `history`, so a change reads the same in a pull request and in the audit trail.
import type { Environment, RoutingConfig } from "../config/loader";
import { type DeploymentInfo, deploymentsByRef, modelsById, provenanceText } from "../config/model";
import { BUCKETS, type RoutingTable, type TableContentSafety, type TableRoute, routingTable, targetForBucket } from "../table/table";

export type RoutingChange =
  | { readonly kind: "environment-added" | "environment-removed"; readonly environment: string }
  | { readonly kind: "route-added" | "route-removed"; readonly environment: string; readonly taskClass: string; readonly route: TableRoute }
  | { readonly kind: "route-renamed"; readonly environment: string; readonly taskClass: string; readonly from: string }
  | {
      readonly kind: "targets-changed";
      readonly environment: string;
      readonly taskClass: string;
      readonly before: readonly { deployment: string; weight: number }[];
      readonly after: readonly { deployment: string; weight: number }[];
      /** Percent of the class's traffic that lands on a different deployment (bucket by bucket). */
      readonly movedPercent: number;
    }
  | {
      readonly kind: "fallbacks-changed";
      readonly environment: string;
      readonly taskClass: string;
      readonly before: readonly string[];
      readonly after: readonly string[];
    }
  | {
      readonly kind: "sticky-changed" | "token-limit-changed";
      readonly environment: string;
      readonly taskClass: string;
      readonly before?: string;
      readonly after?: string;
    }
  | {
      /** A route's content safety check (llm-content-safety at the gateway) was added, removed or changed. */
      readonly kind: "content-safety-changed";
      readonly environment: string;
      readonly taskClass: string;
      readonly before?: TableContentSafety;
      readonly after?: TableContentSafety;
    }
  | { readonly kind: "default-route-changed"; readonly environment: string; readonly before?: string; readonly after?: string }
  | {
      readonly kind: "deployment-added" | "deployment-removed";
      readonly environment: string;
      readonly deployment: string;
      readonly model: string;
      readonly version?: string;
    }
  | {
      readonly kind: "deployment-changed";
      readonly environment: string;
      readonly deployment: string;
      readonly fields: readonly FieldChange<DeploymentField>[];
    }
  | {
      /** A model router's mode or subset changed: which models may answer changes with no target change. */
      readonly kind: "router-changed";
      readonly environment: string;
      readonly deployment: string;
      /** Task classes whose routes reach the router at head (else at base), sorted. */
      readonly taskClasses: readonly string[];
      readonly before?: RouterSettings;
      readonly after?: RouterSettings;
    }
  | {
      /** Who may call changed: a consumer added, removed, or its classes, identities or quotas changed. */
      readonly kind: "consumer-changed";
      readonly environment: string;
      readonly consumer: string;
      readonly before?: ConsumerSettings;
      readonly after?: ConsumerSettings;
    }
  | {
      readonly kind: "acknowledgement-added" | "acknowledgement-removed";
      readonly environment: string;
      readonly deployment: string;
      readonly text: string;
    }
  | {
      readonly kind: "provenance-changed" | "availability-changed";
      readonly model: string;
      readonly before: string;
      readonly after: string;
    }
  | { readonly kind: "model-added" | "model-removed"; readonly model: string }
  | { readonly kind: "task-class-added" | "task-class-removed"; readonly taskClass: string }
  | {
      readonly kind: "task-class-changed";
      readonly taskClass: string;
      readonly fields: readonly FieldChange<TaskClassField>[];
    };

/** A consumer's access as data: sorted classes, identity count, quotas as `<class or *>: <tokens>/<period>`. */
interface ConsumerSettings {
  readonly taskClasses: readonly string[];
  readonly identities: number;
  readonly quotas: readonly string[];
}

function diffConsumers(environment: string, base: Environment | undefined, head: Environment | undefined): RoutingChange[] {
  const settings = (env: Environment | undefined) =>
    new Map(
      (env?.spec.consumers ?? []).map((c) => [
        c.id,
        {
          taskClasses: [...c.taskClasses].sort(),
          identities: new Set(c.identities.map((i) => i.toLowerCase())).size,
          quotas: c.quotas.map((q) => `${q.taskClass ?? "*"}: ${q.tokens}/${q.period}`).sort(),
        } satisfies ConsumerSettings,
      ]),
    );
  const b = settings(base);
  const h = settings(head);
  const out: RoutingChange[] = [];
  for (const id of [...new Set([...b.keys(), ...h.keys()])].sort()) {
    const [before, after] = [b.get(id), h.get(id)];
    if (JSON.stringify(before) === JSON.stringify(after)) continue;
    out.push({ kind: "consumer-changed", environment, consumer: id, ...(before ? { before } : {}), ...(after ? { after } : {}) });
  }
  return out;
}

/** A router's routing settings as data: mode and subset catalog ids, sorted. */
export interface RouterSettings {
  readonly mode: string;
  readonly models: readonly string[];
}

function routerSettings(d: DeploymentInfo): RouterSettings | undefined {
  const r = d.deployment.routing;
  return r ? { mode: r.mode, models: [...r.models].sort() } : undefined;
}

/** Task classes whose routes reach `ref` in an environment, sorted. */
function classesReaching(env: Environment, ref: string): string[] {
  const out = env.spec.routes
    .filter((r) => r.targets.some((t) => t.deployment === ref) || r.fallbacks.includes(ref))
    .map((r) => r.taskClass);
  return [...new Set(out)].sort();
}

/** Deployment attributes the diff compares. `model` and `sku` force replacement of an azurerm deployment. */
const DEPLOYMENT_FIELDS = ["model", "version", "sku", "capacity", "versionUpgradeOption", "raiPolicy"] as const;
export type DeploymentField = (typeof DEPLOYMENT_FIELDS)[number];

/** Task-class attributes the diff compares. */
const TASK_CLASS_FIELDS = ["provenanceRequired", "latency", "tokenVolume", "complexity"] as const;
type TaskClassField = (typeof TASK_CLASS_FIELDS)[number];

/** One attribute that differs; a side is absent when the attribute is unset there. Values as written in the config. */
export interface FieldChange<F extends string> {
  readonly field: F;
  readonly before?: string;
  readonly after?: string;
}

export function diffConfigs(base: RoutingConfig | undefined, head: RoutingConfig | undefined): RoutingChange[] {
  const changes: RoutingChange[] = [];
  changes.push(...diffCatalog(base, head));
  const baseEnvs = new Map((base?.environments ?? []).map((e) => [e.name, e]));
  const headEnvs = new Map((head?.environments ?? []).map((e) => [e.name, e]));
  const names = [...new Set([...baseEnvs.keys(), ...headEnvs.keys()])].sort();
  const baseClasses = new Set(base?.taskClasses.classes.map((c) => c.id) ?? []);
  const headClasses = new Set(head?.taskClasses.classes.map((c) => c.id) ?? []);
  for (const name of names) {
    const b = baseEnvs.get(name);
    const h = headEnvs.get(name);
    if (!b && h) changes.push({ kind: "environment-added", environment: name });
    if (b && !h) changes.push({ kind: "environment-removed", environment: name });
    changes.push(...diffDeployments(name, b && base ? [base, b] : undefined, h && head ? [head, h] : undefined));
    changes.push(...diffConsumers(name, b, h));
    const bt = b && base ? routingTable(base, b) : undefined;
    const ht = h && head ? routingTable(head, h) : undefined;
    changes.push(...diffTables(name, bt, ht, baseClasses, headClasses));
  }
  return changes;
}

function diffTables(
  environment: string,
  base: RoutingTable | undefined,
  head: RoutingTable | undefined,
  baseClasses: ReadonlySet<string> = new Set(),
  headClasses: ReadonlySet<string> = new Set(),
): RoutingChange[] {
  const out: RoutingChange[] = [];
  const br = new Map((base?.routes ?? []).map((r) => [r.taskClass, r]));
  const hr = new Map((head?.routes ?? []).map((r) => [r.taskClass, r]));
  if (base && head && base.defaultRoute !== head.defaultRoute) {
    out.push({ kind: "default-route-changed", environment, before: base.defaultRoute, after: head.defaultRoute });
  }
  const removed = [...br.keys()].filter((k) => !hr.has(k)).sort();
  const added = [...hr.keys()].filter((k) => !br.has(k)).sort();
  // A class that disappears from the catalog while another with the same routing appears is a rename.
  const renamedFrom = new Map<string, string>();
  for (const a of added) {
    const from = removed.find(
      (r) => !renamedFrom.has(r) && !headClasses.has(r) && !baseClasses.has(a) && sameRouting(br.get(r)!, hr.get(a)!),
    );
    if (from) renamedFrom.set(from, a);
  }
  for (const [from, to] of [...renamedFrom.entries()].sort((x, y) => (x[1] < y[1] ? -1 : 1))) {
    out.push({ kind: "route-renamed", environment, taskClass: to, from });
  }
  const renamedTo = new Set(renamedFrom.values());
  for (const r of removed) if (!renamedFrom.has(r)) out.push({ kind: "route-removed", environment, taskClass: r, route: br.get(r)! });
  for (const a of added) if (!renamedTo.has(a)) out.push({ kind: "route-added", environment, taskClass: a, route: hr.get(a)! });
  for (const [taskClass, h] of [...hr.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    const b = br.get(taskClass);
    if (!b) continue;
    const bw = b.targets.map((t) => ({ deployment: t.deployment, weight: t.weight }));
    const hw = h.targets.map((t) => ({ deployment: t.deployment, weight: t.weight }));
    if (JSON.stringify(bw) !== JSON.stringify(hw)) {
      out.push({ kind: "targets-changed", environment, taskClass, before: bw, after: hw, movedPercent: movedPercent(b, h) });
    }
    const bf = b.fallbacks.map((f) => f.deployment);
    const hf = h.fallbacks.map((f) => f.deployment);
    if (JSON.stringify(bf) !== JSON.stringify(hf)) out.push({ kind: "fallbacks-changed", environment, taskClass, before: bf, after: hf });
    const bs = stickyText(b);
    const hs = stickyText(h);
    if (bs !== hs) out.push({ kind: "sticky-changed", environment, taskClass, before: bs, after: hs });
    const bl = b.tokenLimit ? `${b.tokenLimit.tokensPerMinute} tokens/min per ${b.tokenLimit.counterKey}` : undefined;
    const hl = h.tokenLimit ? `${h.tokenLimit.tokensPerMinute} tokens/min per ${h.tokenLimit.counterKey}` : undefined;
    if (bl !== hl) out.push({ kind: "token-limit-changed", environment, taskClass, before: bl, after: hl });
    if (JSON.stringify(b.contentSafety) !== JSON.stringify(h.contentSafety)) {
      out.push({
        kind: "content-safety-changed",
        environment,
        taskClass,
        ...(b.contentSafety ? { before: b.contentSafety } : {}),
        ...(h.contentSafety ? { after: h.contentSafety } : {}),
      });
    }
  }
  return out;
}

/** Percent of buckets whose deployment differs between two versions of a route. */
function movedPercent(base: TableRoute, head: TableRoute): number {
  let moved = 0;
  for (let b = 0; b < BUCKETS; b++) {
    if (targetForBucket(base, b)?.deployment !== targetForBucket(head, b)?.deployment) moved++;
  }
  return (moved * 100) / BUCKETS;
}

function sameRouting(a: TableRoute, b: TableRoute): boolean {
  const strip = (r: TableRoute) => JSON.stringify({ ...r, taskClass: "" });
  return strip(a) === strip(b);
}

function stickyText(r: TableRoute): string | undefined {
  if (!r.sticky) return undefined;
  return "header" in r.sticky ? `header ${r.sticky.header}` : "subscription";
}

function diffDeployments(
  environment: string,
  base: [RoutingConfig, Environment] | undefined,
  head: [RoutingConfig, Environment] | undefined,
): RoutingChange[] {
  const out: RoutingChange[] = [];
  const bd = base ? deploymentsByRef(base[1], modelsById(base[0])) : new Map<string, DeploymentInfo>();
  const hd = head ? deploymentsByRef(head[1], modelsById(head[0])) : new Map<string, DeploymentInfo>();
  const refs = [...new Set([...bd.keys(), ...hd.keys()])].sort();
  for (const ref of refs) {
    const b = bd.get(ref);
    const h = hd.get(ref);
    if (!b && h) out.push({ kind: "deployment-added", environment, deployment: ref, model: h.deployment.model, version: h.version });
    else if (b && !h) out.push({ kind: "deployment-removed", environment, deployment: ref, model: b.deployment.model, version: b.version });
    else if (b && h) {
      const value = (x: DeploymentInfo, f: DeploymentField) => valueText(f === "version" ? x.version : x.deployment[f]);
      const fields = DEPLOYMENT_FIELDS.filter((f) => value(b, f) !== value(h, f)).map((field): FieldChange<DeploymentField> => ({
        field,
        before: value(b, field),
        after: value(h, field),
      }));
      if (fields.length > 0) out.push({ kind: "deployment-changed", environment, deployment: ref, fields });
      const [rb, rh] = [routerSettings(b), routerSettings(h)];
      if (JSON.stringify(rb) !== JSON.stringify(rh)) {
        const taskClasses = classesReaching(head![1], ref);
        out.push({
          kind: "router-changed",
          environment,
          deployment: ref,
          taskClasses: taskClasses.length > 0 ? taskClasses : classesReaching(base![1], ref),
          ...(rb ? { before: rb } : {}),
          ...(rh ? { after: rh } : {}),
        });
      }
    }
    const ba: string | undefined = b?.deployment.acknowledgement;
    const ha: string | undefined = h?.deployment.acknowledgement;
    if (ha && ha !== ba && h) out.push({ kind: "acknowledgement-added", environment, deployment: ref, text: ha });
    if (ba && !ha && b && h) out.push({ kind: "acknowledgement-removed", environment, deployment: ref, text: ba });
  }
  return out;
}

function diffCatalog(base: RoutingConfig | undefined, head: RoutingConfig | undefined): RoutingChange[] {
  if (!base || !head) return [];
  const out: RoutingChange[] = [];
  const bm = modelsById(base);
  const hm = modelsById(head);
  for (const id of [...new Set([...bm.keys(), ...hm.keys()])].sort()) {
    const b = bm.get(id);
    const h = hm.get(id);
    if (!b && h) out.push({ kind: "model-added", model: id });
    else if (b && !h) out.push({ kind: "model-removed", model: id });
    else if (b && h) {
      if (provenanceText(b) !== provenanceText(h))
        out.push({ kind: "provenance-changed", model: id, before: provenanceText(b), after: provenanceText(h) });
      if (b.foundry.availability !== h.foundry.availability) {
        out.push({ kind: "availability-changed", model: id, before: b.foundry.availability, after: h.foundry.availability });
      }
    }
  }
  const bc = new Set(base.taskClasses.classes.map((c) => c.id));
  const hc = new Set(head.taskClasses.classes.map((c) => c.id));
  for (const id of [...hc].filter((c) => !bc.has(c)).sort()) out.push({ kind: "task-class-added", taskClass: id });
  for (const id of [...bc].filter((c) => !hc.has(c)).sort()) out.push({ kind: "task-class-removed", taskClass: id });
  const bClasses = new Map(base.taskClasses.classes.map((c) => [c.id, c]));
  for (const h of [...head.taskClasses.classes].sort((x, y) => (x.id < y.id ? -1 : 1))) {
    const b = bClasses.get(h.id);
    if (!b) continue;
    const fields = TASK_CLASS_FIELDS.filter((k) => b[k] !== h[k]).map((field): FieldChange<TaskClassField> => ({
      field,
      before: valueText(b[field]),
      after: valueText(h[field]),
    }));
    if (fields.length > 0) out.push({ kind: "task-class-changed", taskClass: h.id, fields });
  }
  return out;
}

/** A config value as the change carries it: capacity 10 is "10"; unset is undefined. */
function valueText(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : String(v);
}

export { provenanceClean, provenanceText } from "../config/model";
// The words for a change live in describe.ts; re-exported for the callers that read a change as one line.
export { describeChange } from "./describe";
