// `review`: what a pull request changes in routing, compliance, infrastructure and cost.
// Validates the config files of both revisions, synthesizes the valid ones (through the given Synthesizer), and
// builds one report. Reading the revisions from git is io/review-from-git.ts; rendering is in markdown.ts; the CLI
// shell is cli/commands/review.ts.
import { logicalId } from "../naming/terraform-names";
import { type EnvironmentCost, environmentCost } from "./cost";
import { type DeploymentField, type RouterSettings, type RoutingChange, diffConfigs } from "../changes/diff";
import { describeField } from "../changes/describe";
import { type Finding, formatFinding } from "../findings";
import { type ConfigFiles, type RoutingConfig, loadConfig } from "../config/loader";
import { deploymentsByRef, modelsById } from "../config/model";
import { type RoutingTable, type TableRoute, routingTable } from "../table/table";
import { validateEvidence, validateLoaded } from "../validate";
import { type EvidenceCheck, evalGate } from "../evals/gate";
import { type ProvenanceStatus, compareFindings, provenanceStatuses } from "./compliance";
import { type StackDiff, type TerraformJson, describeReference, diffStacks, findDeploymentAddress } from "./infra";
import { routingFlowchart } from "./mermaid";
import type { UsageData } from "../evidence/records";
import { type ReplayReport, replayUsage } from "../evidence/replay";

/** Synthesizes a valid config: environment name → its Terraform JSON (`cdk.tf.json`). */
export type Synthesizer = (config: RoutingConfig) => ReadonlyMap<string, TerraformJson>;

export interface RevisionInput {
  /** How the report names the revision: a ref, or "working tree". */
  readonly label: string;
  /** Full commit sha, when the revision is a commit. */
  readonly sha?: string;
  readonly files: ConfigFiles;
  /**
   * Eval evidence files (`evals/**.json`) at this revision, by path; the head's back its share increases.
   * @default none
   */
  readonly evidence?: ReadonlyMap<string, string>;
}

export interface ReviewInput {
  readonly base: RevisionInput;
  readonly head: RevisionInput;
  /** Synthesis of a valid side; null skips synthesis (infrastructure section says so). */
  readonly synthesize: Synthesizer | null;
  /**
   * When evidence age is measured (the eval gate's maxAgeDays).
   * @default no age check
   */
  readonly now?: Date;
  /**
   * Recorded usage (`review --usage`): observed traffic replaces the `traffic:` blocks in the cost estimate, and the
   * records are replayed through the head routing.
   * @default none: the cost estimate uses `traffic:` and there is no replay
   */
  readonly usage?: { readonly file: string; readonly data: UsageData };
}

interface SideReport {
  readonly label: string;
  readonly sha?: string;
  /** False when YAML or schema errors kept the config from loading at all. */
  readonly loaded: boolean;
  /** Unsuppressed errors (schema or policy). */
  readonly errors: number;
  readonly warnings: number;
  /** The first few errors, one line each. */
  readonly firstErrors: readonly string[];
  readonly synthesized: boolean;
  /** Why the side was not synthesized, or how synthesis failed. */
  readonly synthNote?: string;
}

/** A weighted target of a route, as the routing table has it. */
interface RouteTarget {
  readonly deployment: string;
  readonly weight: number;
}

/** One task class whose targets change; `before`/`after` are absent where the class has no route. */
export type RouteChangeRow = {
  readonly taskClass: string;
  /** Percent of the class's traffic that lands on a different deployment. */
  readonly movedPercent: number;
  /** With a traffic profile: requests per day that move. */
  readonly requestsPerDayMoved?: number;
  /** The eval gate: one check per deployment whose share grows, when any does. */
  readonly evidence?: readonly EvidenceCheck[];
} & (
  | { readonly kind: "changed"; readonly before: readonly RouteTarget[]; readonly after: readonly RouteTarget[] }
  | { readonly kind: "added"; readonly after: readonly RouteTarget[] }
  | { readonly kind: "removed"; readonly before: readonly RouteTarget[] }
  /** Same routing under a new task-class name. */
  | { readonly kind: "renamed"; readonly from: string }
  /** Same targets, but a model router among them now chooses from other models. */
  | { readonly kind: "router"; readonly deployment: string; readonly before?: RouterSettings; readonly after?: RouterSettings }
);

/** A change that belongs to no environment: the catalog and the task classes. */
type CatalogChange = Exclude<RoutingChange, { readonly environment: string }>;
type AcknowledgementChange = Extract<RoutingChange, { kind: "acknowledgement-added" | "acknowledgement-removed" }>;
/** A change within one environment other than a target change (fallbacks, sticky keys, deployments, …). */
type EnvironmentChange = Extract<RoutingChange, { readonly environment: string }>;

interface EnvironmentRouting {
  readonly environment: string;
  readonly status: "added" | "removed" | "changed" | "unchanged";
  /** Target changes, one row per task class. */
  readonly rows: readonly RouteChangeRow[];
  /** Every other change (fallbacks, sticky keys, deployments, …). */
  readonly other: readonly EnvironmentChange[];
}

export interface TrafficUse {
  readonly taskClass: string;
  readonly role: "target" | "fallback";
  /** Weight in percent, for targets. */
  readonly weight?: number;
  /** 1-based position in the fallback chain, for fallbacks. */
  readonly position?: number;
}

/** A deployment that serves traffic at base and is deleted or replaced at head. */
export interface ServingAlert {
  readonly environment: string;
  /** `<account>/<deployment>`. */
  readonly deployment: string;
  readonly model: string;
  readonly action: "deleted" | "replaced";
  readonly reasons: readonly string[];
  readonly servesAtBase: readonly TrafficUse[];
  readonly servesAtHead: readonly TrafficUse[];
  /** `infrastructure`: from the synthesized diff; `config`: inferred from the YAML when a side was not synthesized. */
  readonly source: "infrastructure" | "config";
  readonly address?: string;
}

export interface ReviewReport {
  readonly base: SideReport;
  readonly head: SideReport;
  /** Serving deployments deleted or replaced: shown first. */
  readonly alerts: readonly ServingAlert[];
  readonly routing: { readonly environments: readonly EnvironmentRouting[]; readonly catalog: readonly CatalogChange[] };
  readonly compliance: {
    readonly provenance: readonly ProvenanceStatus[];
    /** `acknowledgement-added` changes only. */
    readonly acknowledgementsAdded: readonly AcknowledgementChange[];
    readonly newFindings: readonly Finding[];
    readonly resolvedFindings: readonly Finding[];
    /** Unsuppressed errors at head: they make the exit code 1. */
    readonly headErrors: readonly Finding[];
    /** The eval gate's findings (FR-EVAL-*): its errors make the exit code 1 too. */
    readonly evalFindings: readonly Finding[];
  };
  readonly infrastructure: { readonly available: boolean; readonly note?: string; readonly stacks: readonly StackDiff[] };
  readonly cost: {
    readonly environments: readonly { readonly environment: string; readonly base?: EnvironmentCost; readonly head?: EnvironmentCost }[];
  };
  /** Mermaid flowchart source of head routing, per environment. */
  readonly diagrams: readonly { readonly environment: string; readonly mermaid: string }[];
  /** With `--usage`: the recorded requests replayed through the head routing. */
  readonly replay?: { readonly file: string; readonly days: number; readonly report: ReplayReport };
  /** 0: no policy or eval-gate errors at head; 1: some. */
  readonly exitCode: 0 | 1;
}

interface Side {
  readonly input: RevisionInput;
  readonly config?: RoutingConfig;
  readonly findings: readonly Finding[];
  readonly errors: readonly Finding[];
  readonly stacks?: ReadonlyMap<string, TerraformJson>;
  readonly synthNote?: string;
}

function prepare(input: RevisionInput, synth: Synthesizer | null, which: "base" | "head"): Side {
  const result = validateLoaded(loadConfig(input.files));
  const side = { input, config: result.config, findings: result.findings, errors: result.errors };
  if (!result.config)
    return { ...side, synthNote: `${which} config could not be loaded (${result.errors.length} YAML/schema error(s)); not synthesized` };
  if (result.errors.length > 0)
    return { ...side, synthNote: `${which} has ${result.errors.length} policy error(s) under today's rules; not synthesized` };
  if (!synth) return { ...side, synthNote: "synthesis skipped" };
  try {
    return { ...side, stacks: synth(result.config) };
  } catch (e) {
    // A synthesis failure is a bug elsewhere; the review still reports everything it can.
    return { ...side, synthNote: `${which} synthesis failed: ${(e as Error).message.split("\n")[0]}` };
  }
}

function sideReport(s: Side): SideReport {
  return {
    label: s.input.label,
    sha: s.input.sha,
    loaded: s.config !== undefined,
    errors: s.errors.length,
    warnings: s.findings.filter((f) => f.level === "warning" && !f.suppressed).length,
    firstErrors: s.errors.slice(0, 5).map(formatFinding),
    synthesized: s.stacks !== undefined,
    synthNote: s.synthNote,
  };
}

function targetsOf(r: TableRoute): RouteTarget[] {
  return r.targets.map((t) => ({ deployment: t.deployment, weight: t.weight }));
}

function trafficOf(config: RoutingConfig | undefined, env: string, taskClass: string): number | undefined {
  return config?.environments.find((e) => e.name === env)?.spec.traffic[taskClass]?.requestsPerDay;
}

function routingSection(
  base: RoutingConfig | undefined,
  head: RoutingConfig | undefined,
  changes: readonly RoutingChange[],
): ReviewReport["routing"] {
  const envNames = [...new Set([...(base?.environments ?? []), ...(head?.environments ?? [])].map((e) => e.name))].sort();
  const catalog: CatalogChange[] = [];
  const byEnv = new Map<string, EnvironmentChange[]>(envNames.map((n) => [n, []]));
  for (const c of changes) {
    if ("environment" in c) byEnv.get(c.environment)?.push(c);
    else catalog.push(c);
  }
  const environments = envNames.map((environment): EnvironmentRouting => {
    const list = byEnv.get(environment) ?? [];
    const rows: RouteChangeRow[] = [];
    const other: EnvironmentChange[] = [];
    const moved = (taskClass: string, percent: number) => {
      const rpd = trafficOf(head, environment, taskClass) ?? trafficOf(base, environment, taskClass);
      return rpd === undefined ? undefined : (rpd * percent) / 100;
    };
    for (const c of list) {
      switch (c.kind) {
        case "targets-changed":
          rows.push({
            taskClass: c.taskClass,
            kind: "changed",
            before: c.before,
            after: c.after,
            movedPercent: c.movedPercent,
            requestsPerDayMoved: moved(c.taskClass, c.movedPercent),
          });
          break;
        case "route-added":
          rows.push({
            taskClass: c.taskClass,
            kind: "added",
            after: targetsOf(c.route),
            movedPercent: 100,
            requestsPerDayMoved: moved(c.taskClass, 100),
          });
          break;
        case "route-removed":
          rows.push({
            taskClass: c.taskClass,
            kind: "removed",
            before: targetsOf(c.route),
            movedPercent: 100,
            requestsPerDayMoved: moved(c.taskClass, 100),
          });
          break;
        case "route-renamed":
          rows.push({
            taskClass: c.taskClass,
            kind: "renamed",
            from: c.from,
            movedPercent: 0,
            requestsPerDayMoved: 0,
          });
          break;
        case "router-changed":
          // A routing change for every class it serves: the models that may answer differ.
          for (const taskClass of c.taskClasses) {
            rows.push({
              taskClass,
              kind: "router",
              deployment: c.deployment,
              ...(c.before ? { before: c.before } : {}),
              ...(c.after ? { after: c.after } : {}),
              movedPercent: 0,
              requestsPerDayMoved: 0,
            });
          }
          break;
        case "environment-added":
        case "environment-removed":
          break;
        default:
          other.push(c);
      }
    }
    rows.sort((a, b) => (a.taskClass < b.taskClass ? -1 : a.taskClass > b.taskClass ? 1 : 0));
    const status = list.some((c) => c.kind === "environment-added")
      ? "added"
      : list.some((c) => c.kind === "environment-removed")
        ? "removed"
        : rows.length + other.length > 0
          ? "changed"
          : "unchanged";
    return { environment, status, rows, other };
  });
  return { environments, catalog };
}

/** Where each deployment serves traffic in an environment's table: weighted targets and fallback positions. */
function usesOf(table: RoutingTable | undefined): Map<string, TrafficUse[]> {
  const m = new Map<string, TrafficUse[]>();
  const add = (d: string, u: TrafficUse) => m.set(d, [...(m.get(d) ?? []), u]);
  for (const r of table?.routes ?? []) {
    for (const t of r.targets) if (t.weight > 0) add(t.deployment, { taskClass: r.taskClass, role: "target", weight: t.weight });
    r.fallbacks.forEach((f, i) => add(f.deployment, { taskClass: r.taskClass, role: "fallback", position: i + 1 }));
  }
  return m;
}

function tableOf(config: RoutingConfig | undefined, env: string): RoutingTable | undefined {
  const e = config?.environments.find((x) => x.name === env);
  return config && e ? routingTable(config, e) : undefined;
}

/** Deployment fields that are ForceNew on azurerm_cognitive_deployment (model.name, sku.name). */
const FORCES_REPLACEMENT: ReadonlySet<DeploymentField> = new Set(["model", "sku"]);

function servingAlerts(
  base: Side,
  head: Side,
  stacks: readonly StackDiff[] | undefined,
  changes: readonly RoutingChange[],
): ServingAlert[] {
  const out: ServingAlert[] = [];
  if (!base.config) return out;
  for (const env of base.config.environments) {
    const baseUses = usesOf(tableOf(base.config, env.name));
    const headUses = usesOf(tableOf(head.config, env.name));
    const deployments = deploymentsByRef(env, modelsById(base.config));
    const stack = stacks?.find((s) => s.stack === env.name);
    for (const [ref, uses] of [...baseUses].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const info = deployments.get(ref);
      if (!info) continue;
      const common = {
        environment: env.name,
        deployment: ref,
        model: info.deployment.model,
        servesAtBase: uses,
        servesAtHead: headUses.get(ref) ?? [],
      };
      if (stacks) {
        if (!stack) continue;
        const address = findDeploymentAddress(
          base.stacks?.get(env.name),
          logicalId("deployment", info.account.id, info.deployment.name),
          info.deployment.name,
        );
        const diff = address ? stack.resources.find((r) => r.address === address) : undefined;
        if (stack.status === "removed")
          out.push({ ...common, action: "deleted", reasons: [`environment ${env.name} is removed`], source: "infrastructure", address });
        else if (diff?.action === "delete")
          out.push({ ...common, action: "deleted", reasons: ["removed from the configuration"], source: "infrastructure", address });
        else if (diff?.action === "replace")
          out.push({ ...common, action: "replaced", reasons: replacementReasons(diff), source: "infrastructure", address });
        continue;
      }
      // No synthesized diff: infer from the YAML diff (removed deployments; model or SKU changes on azurerm deployments).
      const removed = changes.find((c) => c.kind === "deployment-removed" && c.environment === env.name && c.deployment === ref);
      const envRemoved = changes.find((c) => c.kind === "environment-removed" && c.environment === env.name);
      if (removed || envRemoved) {
        out.push({
          ...common,
          action: "deleted",
          reasons: [envRemoved ? `environment ${env.name} is removed` : "removed from the configuration"],
          source: "config",
        });
        continue;
      }
      const changed = changes.find((c) => c.kind === "deployment-changed" && c.environment === env.name && c.deployment === ref);
      if (changed?.kind !== "deployment-changed") continue;
      const viaAzapi = info.model?.foundry.format === "Anthropic";
      const forcing = changed.fields.filter((f) => FORCES_REPLACEMENT.has(f.field));
      if (forcing.length > 0 && !viaAzapi)
        out.push({
          ...common,
          action: "replaced",
          reasons: forcing.map((f) => `${describeField(f)} (forces replacement of the deployment)`),
          source: "config",
        });
    }
  }
  return out;
}

/** `model.name: "a" → "b" forces replacement`, and references to replaced resources. */
function replacementReasons(diff: StackDiff["resources"][number]): string[] {
  const direct = diff.changes
    .filter((c) => c.forcesReplacement)
    .map((c) => `\`${c.path}\`: ${c.before ?? "(absent)"} → ${c.after ?? "(absent)"} forces replacement`);
  const cascaded = diff.replacedBecause.flatMap((r) => (r.kind === "reference" ? [describeReference(r)] : []));
  return [...direct, ...cascaded];
}

/** Days the usage covers (distinct days of its rows, at least 1). */
function observedDays(data: UsageData): number {
  return Math.max(1, new Set(data.rows.map((r) => r.day)).size);
}

/**
 * The side with observed traffic in place of each environment's `traffic:` block: requests per day over the
 * recorded days and the mean tokens per request, per class the records have. Classes without records keep theirs.
 */
function withObservedTraffic(side: Side, data: UsageData | undefined): Side {
  if (!data || !side.config) return side;
  const days = observedDays(data);
  const sums = new Map<string, { requests: number; pt: number; ct: number }>();
  for (const r of data.rows) {
    const k = `${r.environment}\u0000${r.taskClass}`;
    const a = sums.get(k) ?? { requests: 0, pt: 0, ct: 0 };
    sums.set(k, { requests: a.requests + r.requests, pt: a.pt + r.promptTokens, ct: a.ct + r.completionTokens });
  }
  const config: RoutingConfig = {
    ...side.config,
    environments: side.config.environments.map((e) => {
      const traffic = { ...e.spec.traffic };
      for (const [k, a] of sums) {
        const [env, cls] = k.split("\u0000") as [string, string];
        if (env !== e.name || a.requests === 0) continue;
        traffic[cls] = { requestsPerDay: a.requests / days, inputTokens: a.pt / a.requests, outputTokens: a.ct / a.requests };
      }
      return { ...e, spec: { ...e.spec, traffic } };
    }),
  };
  return { ...side, config };
}

/** Builds the report from two sets of config files. Does no git, no disk and prints nothing. */
export function buildReview(input: ReviewInput): ReviewReport {
  const base = withObservedTraffic(prepare(input.base, input.synthesize, "base"), input.usage?.data);
  const head = withObservedTraffic(prepare(input.head, input.synthesize, "head"), input.usage?.data);
  const changes = diffConfigs(base.config, head.config);

  const infraAvailable = base.stacks !== undefined && head.stacks !== undefined;
  const stacks = infraAvailable ? diffStacks(base.stacks, head.stacks) : undefined;
  const infraNote = infraAvailable ? undefined : [base.synthNote, head.synthNote].filter((n) => n !== undefined).join("; ");

  const { added, resolved } = compareFindings(base.findings, head.findings);
  const acknowledgementsAdded = changes.filter((c): c is AcknowledgementChange => c.kind === "acknowledgement-added");

  const envNames = [...new Set([...(base.config?.environments ?? []), ...(head.config?.environments ?? [])].map((e) => e.name))].sort();
  const cost = envNames.map((environment) => {
    const be = base.config?.environments.find((e) => e.name === environment);
    const he = head.config?.environments.find((e) => e.name === environment);
    return {
      environment,
      base: be && base.config ? environmentCost(base.config, be) : undefined,
      head: he && head.config ? environmentCost(head.config, he) : undefined,
    };
  });

  const provenance = provenanceStatuses(base.config, head.config);
  const evidenceInput = head.config
    ? { base: base.config, head: head.config, evidence: input.head.evidence ?? new Map<string, string>(), now: input.now }
    : undefined;
  const checks = evidenceInput ? evalGate(evidenceInput) : [];
  const evalFindings = evidenceInput ? validateEvidence(evidenceInput) : [];
  const routing = routingSection(base.config, head.config, changes);
  const withEvidence = {
    ...routing,
    environments: routing.environments.map((e) => ({
      ...e,
      rows: e.rows.map((r) => {
        const mine = checks.filter((c) => c.environment === e.environment && c.taskClass === r.taskClass);
        return mine.length > 0 && (r.kind === "changed" || r.kind === "added") ? { ...r, evidence: mine } : r;
      }),
    })),
  };
  const alerts = servingAlerts(base, head, stacks, changes);
  const diagrams = (head.config?.environments ?? []).map((env) => {
    const violations = new Set(
      provenance
        .filter((p) => p.environment === env.name)
        .flatMap((p) => (p.head?.reach ?? []).filter((r) => !r.clean).map((r) => r.deployment)),
    );
    const changedDeployments = new Set([
      ...alerts.filter((a) => a.environment === env.name).map((a) => a.deployment),
      ...changes.flatMap((c) => (c.kind === "deployment-changed" && c.environment === env.name ? [c.deployment] : [])),
    ]);
    return {
      environment: env.name,
      mermaid: routingFlowchart(routingTable(head.config!, env), { base: tableOf(base.config, env.name), violations, changedDeployments }),
    };
  });

  return {
    base: sideReport(base),
    head: sideReport(head),
    alerts,
    routing: withEvidence,
    compliance: {
      provenance,
      acknowledgementsAdded,
      newFindings: added,
      resolvedFindings: resolved,
      headErrors: head.errors,
      evalFindings,
    },
    infrastructure: { available: infraAvailable, note: infraNote || undefined, stacks: stacks ?? [] },
    cost: { environments: cost },
    diagrams,
    ...(input.usage && head.config
      ? {
          replay: {
            file: input.usage.file,
            days: observedDays(input.usage.data),
            report: replayUsage(
              input.usage.data.rows,
              base.config,
              head.config,
              input.usage.data.form,
              input.usage.data.peaks ?? [],
              input.usage.data.promptWindows ?? [],
            ),
          },
        }
      : {}),
    exitCode: head.errors.length > 0 || evalFindings.some((f) => f.level === "error") ? 1 : 0,
  };
}
