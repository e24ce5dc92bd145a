// Compliance between two revisions: provenance of every provenance-required class at base and head, and the
// policy findings that appear or disappear. Pure.
import { provenanceClean, provenanceText } from "../changes/diff";
import type { Finding } from "../findings";
import type { RoutingConfig } from "../config/loader";
import { modelsById } from "../config/model";
import { routingTable } from "../table/table";

interface ProvenanceReach {
  /** `<account>/<deployment>`. */
  readonly deployment: string;
  readonly model: string;
  readonly role: "target" | "fallback";
  readonly clean: boolean;
  /** "training data: licensed (vendor-claim); distillation: none (vendor-claim)". */
  readonly provenance: string;
}

export interface ProvenanceSide {
  /** False when the class has no route in the environment on this side. */
  readonly routed: boolean;
  /** True when every reachable deployment's model is provenance-clean. */
  readonly clean: boolean;
  readonly reach: readonly ProvenanceReach[];
}

export interface ProvenanceStatus {
  readonly environment: string;
  readonly taskClass: string;
  /** Undefined when the environment or the class (as provenance-required) does not exist on that side. */
  readonly base?: ProvenanceSide;
  readonly head?: ProvenanceSide;
}

function sideOf(config: RoutingConfig | undefined, envName: string, taskClass: string): ProvenanceSide | undefined {
  if (!config) return undefined;
  const env = config.environments.find((e) => e.name === envName);
  const tc = config.taskClasses.classes.find((c) => c.id === taskClass);
  if (!env || !tc?.provenanceRequired) return undefined;
  const route = routingTable(config, env).routes.find((r) => r.taskClass === taskClass);
  if (!route) return { routed: false, clean: true, reach: [] };
  const models = modelsById(config);
  const seen = new Set<string>();
  const reach: ProvenanceReach[] = [];
  const add = (deployment: string, model: string, role: "target" | "fallback") => {
    if (seen.has(deployment)) return;
    seen.add(deployment);
    const m = models.get(model);
    reach.push({
      deployment,
      model,
      role,
      clean: m ? provenanceClean(m) : false,
      provenance: m ? provenanceText(m) : "model not in the catalog",
    });
  };
  for (const t of route.targets) add(t.deployment, t.model, "target");
  for (const f of route.fallbacks) add(f.deployment, f.model, "fallback");
  return { routed: true, clean: reach.every((r) => r.clean), reach };
}

/** Status of every provenance-required class (on either side) in every environment (on either side). */
export function provenanceStatuses(base: RoutingConfig | undefined, head: RoutingConfig | undefined): ProvenanceStatus[] {
  const envs = [...new Set([...(base?.environments ?? []), ...(head?.environments ?? [])].map((e) => e.name))].sort();
  const classes = [
    ...new Set(
      [...(base?.taskClasses.classes ?? []), ...(head?.taskClasses.classes ?? [])].filter((c) => c.provenanceRequired).map((c) => c.id),
    ),
  ].sort();
  const out: ProvenanceStatus[] = [];
  for (const environment of envs) {
    for (const taskClass of classes) {
      const b = sideOf(base, environment, taskClass);
      const h = sideOf(head, environment, taskClass);
      if (!b && !h) continue;
      out.push({ environment, taskClass, base: b, head: h });
    }
  }
  return out;
}

/** Findings compare by rule, file, YAML path and message: line numbers move between commits, meaning does not. */
function findingKey(f: Finding): string {
  return JSON.stringify([f.rule, f.file, f.path, f.message, f.suppressed ? "suppressed" : f.level]);
}

/** Findings at head that base does not have (`added`), and base findings head no longer has (`resolved`). */
export function compareFindings(base: readonly Finding[], head: readonly Finding[]): { added: Finding[]; resolved: Finding[] } {
  const bk = new Set(base.map(findingKey));
  const hk = new Set(head.map(findingKey));
  return { added: head.filter((f) => !bk.has(findingKey(f))), resolved: base.filter((f) => !hk.has(findingKey(f))) };
}
