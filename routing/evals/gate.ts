// The eval gate: every deployment whose share of a task class grows from base to head, and the evidence that backs
// it (or not). The FR-EVAL rules (routing/rules/*evidence*.ts) turn these checks into findings; review shows them
// next to the route change. Pure.
import type { RoutingConfig } from "../config/loader";
import { taskClassesById } from "../config/model";
import { evalGateOf } from "../config/schema";
import type { YamlPath } from "../findings";
import type { EvidenceInput } from "../rules/rule";
import { routingTable } from "../table/table";
import { EVALS_DIR, type Evidence, evidencePath, readEvidence } from "./evidence";

const DAY_MS = 24 * 60 * 60 * 1000;

type EvidenceStatus = "ok" | "missing" | "below-threshold" | "stale" | "tampered";

/** One deployment that gets more of a class's traffic at head than at base, and what backs it. */
export interface EvidenceCheck {
  readonly environment: string;
  /** The environment file at head, and the YAML path of the target. */
  readonly file: string;
  readonly path: YamlPath;
  readonly taskClass: string;
  readonly deployment: string;
  /** Percent of the class's traffic at base (0 when it was no target) and at head. */
  readonly before: number;
  readonly after: number;
  /** Where the evidence is (or would be). */
  readonly evidenceFile: string;
  readonly minPassRate: number;
  readonly maxAgeDays: number;
  readonly required: boolean;
  readonly status: EvidenceStatus;
  /** Set when the file exists and verifies. */
  readonly passRate?: number;
  readonly evaluatedAt?: string;
  /** Age in whole days at `now`, when now is given. */
  readonly ageDays?: number;
  /** What is wrong, for every status but ok. */
  readonly problem?: string;
}

/** Each weighted target's share per `<env>\0<class>\0<deployment>`. */
function shares(config: RoutingConfig | undefined): Map<string, number> {
  const m = new Map<string, number>();
  for (const env of config?.environments ?? [])
    for (const r of routingTable(config!, env).routes)
      for (const t of r.targets)
        m.set(`${env.name}\0${r.taskClass}\0${t.deployment}`, (m.get(`${env.name}\0${r.taskClass}\0${t.deployment}`) ?? 0) + t.weight);
  return m;
}

/** Evidence files that verify, by path; and the problems of those that do not. */
export function verifiedEvidence(files: ReadonlyMap<string, string>): { ok: Map<string, Evidence>; bad: Map<string, string> } {
  const ok = new Map<string, Evidence>();
  const bad = new Map<string, string>();
  for (const [path, text] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!path.startsWith(`${EVALS_DIR}/`) || !path.endsWith(".json")) continue;
    const read = readEvidence(path, text);
    if (read.ok) ok.set(path, read.evidence);
    else bad.set(path, read.problem);
  }
  return { ok, bad };
}

/** The gate's view of a change: one check per share increase, in environment, class, deployment order. */
export function evalGate(input: EvidenceInput): EvidenceCheck[] {
  if (!input.base) return [];
  const before = shares(input.base);
  const classes = taskClassesById(input.head);
  const { ok, bad } = verifiedEvidence(input.evidence);
  const out: EvidenceCheck[] = [];
  for (const env of input.head.environments) {
    env.spec.routes.forEach((route, routeIndex) => {
      const tc = classes.get(route.taskClass);
      if (!tc) return;
      const gate = evalGateOf(tc);
      const table = routingTable(input.head, env).routes.find((r) => r.taskClass === route.taskClass);
      const seen = new Set<string>();
      route.targets.forEach((t, i) => {
        if (seen.has(t.deployment)) return;
        seen.add(t.deployment);
        const after = table?.targets.filter((x) => x.deployment === t.deployment).reduce((s, x) => s + x.weight, 0) ?? 0;
        const was = before.get(`${env.name}\0${route.taskClass}\0${t.deployment}`) ?? 0;
        if (after <= was) return;
        const evidenceFile = evidencePath(env.name, route.taskClass, t.deployment);
        const common = {
          environment: env.name,
          file: env.file,
          path: ["routes", routeIndex, "targets", i, "deployment"],
          taskClass: route.taskClass,
          deployment: t.deployment,
          before: was,
          after,
          evidenceFile,
          ...gate,
        };
        const problem = bad.get(evidenceFile);
        if (problem !== undefined) {
          out.push({ ...common, status: "tampered", problem: `${evidenceFile} ${problem}` });
          return;
        }
        const e = ok.get(evidenceFile);
        if (!e) {
          out.push({ ...common, status: "missing", problem: `no evidence file ${evidenceFile}` });
          return;
        }
        const ageDays = input.now ? Math.floor((input.now.getTime() - Date.parse(e.evaluatedAt)) / DAY_MS) : undefined;
        const found = { passRate: e.results.passRate, evaluatedAt: e.evaluatedAt, ...(ageDays !== undefined ? { ageDays } : {}) };
        const deployed = table?.targets.find((x) => x.deployment === t.deployment);
        if (deployed && (deployed.model !== e.model || deployed.version !== e.version)) {
          out.push({
            ...common,
            ...found,
            status: "stale",
            problem: `${evidenceFile} measured ${e.model}@${e.version}, but ${t.deployment} now runs ${deployed.model}@${deployed.version}`,
          });
        } else if (ageDays !== undefined && ageDays > gate.maxAgeDays) {
          out.push({
            ...common,
            ...found,
            status: "stale",
            problem: `${evidenceFile} is ${ageDays} days old (evaluated ${e.evaluatedAt}); the class accepts at most ${gate.maxAgeDays}`,
          });
        } else if (e.results.passRate < gate.minPassRate) {
          out.push({
            ...common,
            ...found,
            status: "below-threshold",
            problem: `${evidenceFile} shows a pass rate of ${percent(e.results.passRate)} (${e.results.passed}/${e.results.tests}), below the class's minimum ${percent(gate.minPassRate)}`,
          });
        } else {
          out.push({ ...common, ...found, status: "ok" });
        }
      });
    });
  }
  return out;
}

/** 0.9 → "90%", 0.8333 → "83.3%". */
export function percent(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}

/** `share 0% → 50%` prefix of every gate message. */
export function shareText(c: Pick<EvidenceCheck, "deployment" | "taskClass" | "before" | "after">): string {
  return `${c.deployment} gets ${c.before}% → ${c.after}% of ${c.taskClass}`;
}
