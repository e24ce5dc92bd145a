// The words for a routing change. diff.ts computes changes as data; `review` (Markdown) and `history` (text, csv,
// json `text`) render them here, so a change reads the same in a pull request and in the audit trail.
import type { TableContentSafety, TableDeployment, TableRoute } from "../table/table";
import type { FieldChange, RoutingChange } from "./diff";

/** 90 → "90%", 12.5 → "12.5%". */
const pct = (w: number): string => `${Number.isInteger(w) ? w : w.toFixed(1)}%`;

/** Weighted targets as "eus2/gpt-4o 90% / eus2/mai-code-1-flash 10%"; `none` when there are none. */
export function split(ts: readonly { deployment: string; weight: number }[], none = "(none)"): string {
  return ts.length === 0 ? none : ts.map((t) => `${t.deployment} ${pct(t.weight)}`).join(" / ");
}

function chain(fs: readonly (string | TableDeployment)[]): string {
  return fs.length === 0 ? "(none)" : fs.map((f) => (typeof f === "string" ? f : f.deployment)).join(" → ");
}

function targetsOf(r: TableRoute): { deployment: string; weight: number }[] {
  return r.targets.map((t) => ({ deployment: t.deployment, weight: t.weight }));
}

const orNone = (v: string | undefined) => v ?? "(none)";

/** `sku: GlobalStandard → Standard`. */
export function describeField(f: FieldChange<string>): string {
  return `${f.field}: ${orNone(f.before)} → ${orNone(f.after)}`;
}

/**
 * A change in three parts: the environment it belongs to, what it is about (a task class, deployment, model) and
 * what happened. describeChange joins them; the review, already grouped by environment, leaves the environment out.
 */
interface Parts {
  readonly environment?: string;
  readonly subject?: string;
  readonly text: string;
}

function parts(c: RoutingChange): Parts {
  switch (c.kind) {
    case "environment-added":
      return { environment: c.environment, text: "environment added" };
    case "environment-removed":
      return { environment: c.environment, text: "environment removed" };
    case "route-added":
      return {
        environment: c.environment,
        subject: c.taskClass,
        text: `route added → ${split(targetsOf(c.route))}; fallbacks ${chain(c.route.fallbacks)}`,
      };
    case "route-removed":
      return { environment: c.environment, subject: c.taskClass, text: `route removed (was ${split(targetsOf(c.route))})` };
    case "route-renamed":
      return { environment: c.environment, subject: c.taskClass, text: `task class renamed from ${c.from} (routing unchanged)` };
    case "targets-changed":
      return {
        environment: c.environment,
        subject: c.taskClass,
        text: `${split(c.before)} → ${split(c.after)} (${pct(c.movedPercent)} of traffic moves)`,
      };
    case "fallbacks-changed":
      return { environment: c.environment, subject: c.taskClass, text: `fallbacks ${chain(c.before)} → ${chain(c.after)}` };
    case "sticky-changed":
      return { environment: c.environment, subject: c.taskClass, text: `sticky key ${orNone(c.before)} → ${orNone(c.after)}` };
    case "token-limit-changed":
      return { environment: c.environment, subject: c.taskClass, text: `token limit ${orNone(c.before)} → ${orNone(c.after)}` };
    case "content-safety-changed":
      return {
        environment: c.environment,
        subject: c.taskClass,
        text: `content safety ${contentSafetyText(c.before)} → ${contentSafetyText(c.after)}`,
      };
    case "default-route-changed":
      return { environment: c.environment, text: `default route ${orNone(c.before)} → ${orNone(c.after)}` };
    case "deployment-added":
      return {
        environment: c.environment,
        subject: c.deployment,
        text: `deployment added (${c.model}${c.version ? `@${c.version}` : ""})`,
      };
    case "deployment-removed":
      return {
        environment: c.environment,
        subject: c.deployment,
        text: `deployment removed (${c.model}${c.version ? `@${c.version}` : ""})`,
      };
    case "deployment-changed":
      return { environment: c.environment, subject: c.deployment, text: c.fields.map(describeField).join("; ") };
    case "consumer-changed":
      return { environment: c.environment, subject: `consumer ${c.consumer}`, text: consumerText(c.before, c.after) };
    case "router-changed":
      return { environment: c.environment, subject: c.deployment, text: `model router ${routerText(c.before)} → ${routerText(c.after)}` };
    case "acknowledgement-added":
      return { environment: c.environment, subject: c.deployment, text: `availability acknowledgement added: "${c.text}"` };
    case "acknowledgement-removed":
      return { environment: c.environment, subject: c.deployment, text: "availability acknowledgement removed" };
    case "provenance-changed":
      return { subject: `catalog ${c.model}`, text: `provenance ${c.before} → ${c.after}` };
    case "availability-changed":
      return { subject: `catalog ${c.model}`, text: `availability ${c.before} → ${c.after}` };
    case "model-added":
      return { subject: `catalog ${c.model}`, text: "model added" };
    case "model-removed":
      return { subject: `catalog ${c.model}`, text: "model removed" };
    case "task-class-added":
      return { subject: `task class ${c.taskClass}`, text: "added" };
    case "task-class-removed":
      return { subject: `task class ${c.taskClass}`, text: "removed" };
    case "task-class-changed":
      return { subject: `task class ${c.taskClass}`, text: c.fields.map(describeField).join("; ") };
  }
}

/** One line, e.g. `prod autocomplete: eus2/gpt-4o-mini 100% → eus2/mai-code-1-flash 90% / eus2/gpt-4o-mini 10% (90% of traffic moves)`. */
export function describeChange(c: RoutingChange): string {
  const p = parts(c);
  return `${[p.environment, p.subject].filter((x) => x !== undefined).join(" ")}: ${p.text}`;
}

/** The same line without its environment, for a list already headed by it: `autocomplete: … (90% of traffic moves)`. */
export function describeChangeInEnvironment(c: RoutingChange): string {
  const p = parts(c);
  return p.subject === undefined ? p.text : `${p.subject}: ${p.text}`;
}

/** "cost over gpt-4o-mini, o4-mini"; without settings, the router's default. */
export function routerText(r: { readonly mode: string; readonly models: readonly string[] } | undefined): string {
  return r ? `${r.mode} over ${r.models.join(", ")}` : "balanced over the full pool";
}

/**
 * "prompt shield, Hate ≥ 2, SelfHarm ≥ 2 (FourSeverityLevels), blocklists a, b, completions too, via account eus2";
 * `(none)` when the route has no check.
 */
export function contentSafetyText(cs: TableContentSafety | undefined): string {
  if (!cs) return "(none)";
  const parts: string[] = [];
  if (cs.promptShield) parts.push("prompt shield");
  if (cs.categories.length > 0) parts.push(`${cs.categories.map((c) => `${c.name} ≥ ${c.threshold}`).join(", ")} (${cs.outputType})`);
  if (cs.blocklists.length > 0) parts.push(`blocklists ${cs.blocklists.join(", ")}`);
  if (cs.enforceOnCompletions) parts.push("completions too");
  parts.push("account" in cs.service ? `via account ${cs.service.account}` : `via ${cs.service.resourceId}`);
  return parts.join(", ");
}

/** "quotas *: 50000000/Daily → *: 20000000/Daily"; one clause per changed part. */
function consumerText(
  before: { readonly taskClasses: readonly string[]; readonly identities: number; readonly quotas: readonly string[] } | undefined,
  after: { readonly taskClasses: readonly string[]; readonly identities: number; readonly quotas: readonly string[] } | undefined,
): string {
  if (!before) return `added: classes ${after!.taskClasses.join(", ")}; quotas ${after!.quotas.join(", ") || "none"}`;
  if (!after) return `removed (was: classes ${before.taskClasses.join(", ")})`;
  const parts: string[] = [];
  const list = (xs: readonly string[]) => xs.join(", ") || "none";
  if (list(before.taskClasses) !== list(after.taskClasses)) parts.push(`classes ${list(before.taskClasses)} → ${list(after.taskClasses)}`);
  if (before.identities !== after.identities) parts.push(`identities ${before.identities} → ${after.identities}`);
  if (list(before.quotas) !== list(after.quotas)) parts.push(`quotas ${list(before.quotas)} → ${list(after.quotas)}`);
  return parts.join("; ");
}
