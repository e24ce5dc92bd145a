// `history`: what each first-parent commit did to routing, in the same words as `review` (routing/changes/diff.ts).
import { diffConfigs, describeChange, type RoutingChange } from "../changes/diff";
import type { Finding } from "../findings";
import { ENVIRONMENTS_DIR, type Environment, MODELS_FILE, type RoutingConfig, TASK_CLASSES_FILE } from "../config/loader";
import { isoUtc } from "./dates";
import { type BackingEvidence, backingEvidence, backingJson, backingText, mayGrowShares } from "./evidence";
import { commitJson, csv, findingJson, findingLines, person, short } from "./format";
import { type AuditHistory, type Revision, type RevisionStatus, effectiveState } from "./walk";

interface HistoryFilter {
  /**
   * Only changes to this environment, and catalog changes to models it deploys.
   * @default every environment
   */
  readonly environment?: string;
  /**
   * Only changes to this task class's route, the deployments it uses and their models.
   * @default every task class
   */
  readonly taskClass?: string;
  /**
   * Only commits that landed at or after this second (epoch).
   * @default the beginning
   */
  readonly since?: number;
  /**
   * Only commits that landed at or before this second (epoch).
   * @default now
   */
  readonly until?: number;
  /**
   * Also run the current policy rules on every shown valid revision (costs about a third more time).
   * @default false
   */
  readonly rules?: boolean;
}

interface VersionChange {
  readonly environment: string;
  /** Undefined when the environment did not exist (or no config was in effect) before. */
  readonly before?: string;
  /** Undefined when the environment no longer exists. */
  readonly after?: string;
}

interface HistoryEntry {
  readonly revision: Revision;
  readonly status: RevisionStatus;
  /** Why an invalid or unparseable revision is not a routing state. */
  readonly errors: readonly Finding[];
  /** Invalid and unparseable revisions only: the commit whose config stays in effect (undefined when none yet). */
  readonly inEffect?: string;
  /** With `rules`: the current policy rules' errors for a valid revision; undefined when not checked. */
  readonly policyErrors?: readonly Finding[];
  /** Against the config in effect before this commit (for a merge: its first parent). */
  readonly changes: readonly RoutingChange[];
  /** Environments whose routing version changed, sorted by name. */
  readonly versions: readonly VersionChange[];
  /**
   * Every deployment the commit gives more share of a task class (the eval gate's notion), with the evidence file
   * of the commit that backed it; in environment, class, deployment order. Empty for invalid revisions.
   */
  readonly evidence: readonly BackingEvidence[];
}

/** The entries of `history`, oldest first. */
export function historyEntries(history: AuditHistory, filter: HistoryFilter = {}): HistoryEntry[] {
  const filtered = filter.environment !== undefined || filter.taskClass !== undefined;
  const entries: HistoryEntry[] = [];
  for (const revision of history.revisions) {
    const date = revision.commit.committerDate;
    if (filter.since !== undefined && date < filter.since) continue;
    if (filter.until !== undefined && date > filter.until) continue;
    const before = effectiveState(history, revision.index - 1);
    const { state } = revision;
    if (state.status !== "valid") {
      // Not a routing state: nothing changes, but the auditor must see why. With --env, shown when an error is in
      // that environment's file or in a shared one (catalog, task classes).
      if (
        filter.environment !== undefined &&
        !state.errors.some((f) => !f.file.startsWith(`${ENVIRONMENTS_DIR}/`) || f.file === `${ENVIRONMENTS_DIR}/${filter.environment}.yaml`)
      )
        continue;
      const e = revision.effective;
      entries.push({
        revision,
        status: state.status,
        errors: state.errors,
        inEffect: e >= 0 ? history.revisions[e]!.commit.sha : undefined,
        changes: [],
        versions: [],
        evidence: [],
      });
      continue;
    }
    const scope = { environment: filter.environment, taskClass: filter.taskClass, before: before?.config, after: state.config };
    const beforeTree = revision.index > 0 && revision.effective >= 0 ? treeOf(history, revision.index - 1) : undefined;
    const compared = changedScope(before?.config, state.config!, beforeTree, revision.tree);
    const changes = diffConfigs(compared.before, compared.after).filter((c) => relevant(c, scope));
    const envs = [...new Set([...(before?.environments.keys() ?? []), ...state.environments.keys()])].sort();
    const versions: VersionChange[] = [];
    for (const environment of envs) {
      if (filter.environment !== undefined && environment !== filter.environment) continue;
      if (filter.taskClass !== undefined && !changes.some((c) => "environment" in c && c.environment === environment)) continue;
      const b = before?.environments.get(environment)?.version;
      const a = state.environments.get(environment)?.version;
      if (a !== b) versions.push({ environment, before: b, after: a });
    }
    if (filtered && changes.length === 0 && versions.length === 0) continue;
    const evidence = mayGrowShares(changes.map((c) => c.kind))
      ? backingEvidence(history, revision, compared.before, compared.after).filter(
          (e) =>
            (filter.environment === undefined || e.environment === filter.environment) &&
            (filter.taskClass === undefined || e.taskClass === filter.taskClass),
        )
      : [];
    entries.push({
      revision,
      status: state.status,
      errors: state.errors,
      changes,
      versions,
      evidence,
      ...(filter.rules ? { policyErrors: state.policyErrors } : {}),
    });
  }
  return entries;
}

function treeOf(history: AuditHistory, index: number): ReadonlyMap<string, string> | undefined {
  const e = history.revisions[index]!.effective;
  return e < 0 ? undefined : history.revisions[e]!.tree;
}

/**
 * The two configs to compare, limited to the environments whose inputs changed. An environment whose file, catalog
 * and task classes are byte-identical on both sides has no changes and no share increase, so leaving it out gives
 * the same diff and eval-gate checks in a fraction of the time (and both read the same tables).
 */
function changedScope(
  before: RoutingConfig | undefined,
  after: RoutingConfig,
  beforeTree: ReadonlyMap<string, string> | undefined,
  afterTree: ReadonlyMap<string, string>,
): { before: RoutingConfig | undefined; after: RoutingConfig } {
  if (!before || !beforeTree) return { before, after };
  const shared = [MODELS_FILE, TASK_CLASSES_FILE].every((f) => beforeTree.get(f) === afterTree.get(f));
  if (!shared) return { before, after };
  const changed = (e: Environment) => beforeTree.get(e.file) !== afterTree.get(e.file);
  return {
    before: { ...before, environments: before.environments.filter(changed) },
    after: { ...after, environments: after.environments.filter(changed) },
  };
}

interface Scope {
  readonly environment?: string;
  readonly taskClass?: string;
  readonly before?: RoutingConfig;
  readonly after?: RoutingConfig;
}

/** Whether a change concerns the environment / task class asked about, in either the old or the new config. */
function relevant(c: RoutingChange, s: Scope): boolean {
  const envOk = (e: string) => s.environment === undefined || e === s.environment;
  const tc = s.taskClass;
  const configs = [s.before, s.after].filter((x): x is RoutingConfig => x !== undefined);
  const routeOf = (cfg: RoutingConfig, env: string, taskClass: string) =>
    cfg.environments.find((e) => e.name === env)?.spec.routes.find((r) => r.taskClass === taskClass);
  const routed = (env: string, taskClass: string) => configs.some((cfg) => routeOf(cfg, env, taskClass) !== undefined);
  const usesDeployment = (env: string, ref: string) =>
    tc === undefined ||
    configs.some((cfg) => {
      const r = routeOf(cfg, env, tc);
      return r !== undefined && (r.targets.some((t) => t.deployment === ref) || r.fallbacks.includes(ref));
    });
  const usesModel = (model: string) =>
    configs.some((cfg) =>
      cfg.environments.some(
        (e) =>
          envOk(e.name) &&
          e.spec.accounts.some((a) => a.deployments.some((d) => d.model === model && usesDeployment(e.name, `${a.id}/${d.name}`))),
      ),
    );
  switch (c.kind) {
    case "environment-added":
    case "environment-removed":
      return envOk(c.environment) && (tc === undefined || routed(c.environment, tc));
    case "route-added":
    case "route-removed":
    case "targets-changed":
    case "fallbacks-changed":
    case "sticky-changed":
    case "token-limit-changed":
    case "content-safety-changed":
      return envOk(c.environment) && (tc === undefined || c.taskClass === tc);
    case "route-renamed":
      return envOk(c.environment) && (tc === undefined || c.taskClass === tc || c.from === tc);
    case "consumer-changed":
      return envOk(c.environment) && (tc === undefined || [...(c.before?.taskClasses ?? []), ...(c.after?.taskClasses ?? [])].includes(tc));
    case "default-route-changed":
      return envOk(c.environment) && (tc === undefined || c.before === tc || c.after === tc);
    case "deployment-added":
    case "deployment-removed":
    case "deployment-changed":
    case "router-changed":
    case "acknowledgement-added":
    case "acknowledgement-removed":
      return envOk(c.environment) && usesDeployment(c.environment, c.deployment);
    case "provenance-changed":
    case "availability-changed":
    case "model-added":
    case "model-removed":
      return (s.environment === undefined && tc === undefined) || usesModel(c.model);
    case "task-class-added":
    case "task-class-removed":
    case "task-class-changed":
      if (tc !== undefined && c.taskClass !== tc) return false;
      return s.environment === undefined || routed(s.environment, c.taskClass);
  }
}

// ---- rendering ----

export function renderHistoryText(entries: readonly HistoryEntry[]): string {
  const lines: string[] = [];
  for (const e of entries) {
    const c = e.revision.commit;
    lines.push(`${isoUtc(c.committerDate)}  ${short(c.sha)}  ${person(c.author)}  ${c.subject}`);
    if (e.revision.merged) {
      lines.push(`  merge of ${e.revision.merged.length} commit(s), shown as one change against the first parent:`);
      for (const m of e.revision.merged) lines.push(`    ${short(m.sha)}  ${m.author.name}  ${m.subject}`);
    }
    if (e.status !== "valid") {
      const why = e.status === "unparseable" ? "unparseable YAML" : "refused by the current schema";
      lines.push(e.inEffect ? `  ${why}; routing stays as of ${short(e.inEffect)}:` : `  ${why}; no routing configuration in effect yet:`);
      for (const l of findingLines(e.errors)) lines.push(`    ${l}`);
    } else {
      const shown = new Set<BackingEvidence>();
      for (const ch of e.changes) {
        lines.push(`  ${describeChange(ch)}`);
        if (ch.kind !== "targets-changed" && ch.kind !== "route-added" && ch.kind !== "route-renamed") continue;
        for (const b of e.evidence)
          if (b.environment === ch.environment && b.taskClass === ch.taskClass && !shown.has(b)) {
            shown.add(b);
            lines.push(`    ${backingText(b)}`);
          }
      }
      for (const b of e.evidence) if (!shown.has(b)) lines.push(`  ${b.environment} ${b.taskClass}: ${backingText(b)}`);
      if (e.changes.length === 0 && e.versions.length === 0) lines.push("  no routing change");
      for (const v of e.versions) lines.push(`  routing version ${v.environment}: ${v.before ?? "(none)"} → ${v.after ?? "(none)"}`);
      if (e.policyErrors && e.policyErrors.length > 0) {
        lines.push(`  fails the current policy rules (${e.policyErrors.length} error(s)); routing shown as committed:`);
        for (const l of findingLines(e.policyErrors)) lines.push(`    ${l}`);
      }
    }
    lines.push("");
  }
  return lines.join("\n");
}

export function historyJson(history: AuditHistory, entries: readonly HistoryEntry[]) {
  return {
    ref: history.ref,
    head: history.sha,
    entries: entries.map((e) => ({
      ...commitJson(e.revision.commit),
      merge: e.revision.merged !== undefined,
      mergedCommits: e.revision.merged?.map((m) => ({
        commit: m.sha,
        author: m.author,
        authorDate: isoUtc(m.authorDate),
        subject: m.subject,
      })),
      files: e.revision.commit.files.map((f) => ({ path: f.path, status: f.status })),
      status: e.status,
      errors: e.errors.map(findingJson),
      inEffect: e.inEffect,
      policyErrors: e.policyErrors?.map(findingJson),
      changes: e.changes.map((c) => ({ ...c, text: describeChange(c) })),
      routingVersions: e.versions,
      evidence: e.evidence.map(backingJson),
    })),
  };
}

/** Stable column names; documented in docs/audit.md. */
export const HISTORY_CSV_COLUMNS = [
  "commit",
  "committer_date",
  "author",
  "author_email",
  "subject",
  "status",
  "merge",
  "kind",
  "environment",
  "task_class",
  "change",
  "routing_version_before",
  "routing_version_after",
  "deployment",
  "evidence_file",
  "evidence_status",
  "evidence_hash",
  "evidence_pass_rate",
  "evidence_min_pass_rate",
  "evidence_age_days",
  "evidence_commit",
] as const;

/**
 * One row per routing change; a commit without one gets a single row of kind `none`; why a revision is invalid or
 * unparseable gets rows of kind `error`, policy rule errors (with --rules) rows of kind `policy-error`; a routing
 * version that changed with no change naming its environment gets a row of kind `routing-version-changed`; each
 * share increase gets a row of kind `evidence` with the evidence file that backed it (the last eight columns).
 */
export function renderHistoryCsv(entries: readonly HistoryEntry[]): string {
  const rows: (string | number | boolean | undefined)[][] = [];
  for (const e of entries) {
    const c = e.revision.commit;
    const base = [c.sha, isoUtc(c.committerDate), c.author.name, c.author.email, c.subject, e.status, e.revision.merged !== undefined];
    const version = new Map(e.versions.map((v) => [v.environment, v]));
    const named = new Set<string>();
    for (const ch of e.changes) {
      const env = "environment" in ch ? ch.environment : undefined;
      if (env) named.add(env);
      const tc = "taskClass" in ch ? ch.taskClass : undefined;
      const v = env ? version.get(env) : undefined;
      rows.push([...base, ch.kind, env, tc, describeChange(ch), v?.before, v?.after]);
    }
    for (const v of e.versions) {
      if (!named.has(v.environment))
        rows.push([
          ...base,
          "routing-version-changed",
          v.environment,
          undefined,
          `routing version ${v.environment}: ${v.before ?? "(none)"} → ${v.after ?? "(none)"}`,
          v.before,
          v.after,
        ]);
    }
    for (const b of e.evidence) {
      const v = version.get(b.environment);
      rows.push([
        ...base,
        "evidence",
        b.environment,
        b.taskClass,
        backingText(b),
        v?.before,
        v?.after,
        b.deployment,
        b.evidenceFile,
        b.status,
        b.hash,
        b.passRate,
        b.minPassRate,
        b.ageDays,
        b.since?.sha,
      ]);
    }
    for (const f of e.errors) rows.push([...base, "error", undefined, undefined, findingJson(f).text, undefined, undefined]);
    for (const f of e.policyErrors ?? [])
      rows.push([...base, "policy-error", undefined, undefined, findingJson(f).text, undefined, undefined]);
    if (e.changes.length === 0 && e.versions.length === 0 && e.errors.length === 0)
      rows.push([...base, "none", undefined, undefined, "no routing change", undefined, undefined]);
  }
  return csv(HISTORY_CSV_COLUMNS, rows);
}
