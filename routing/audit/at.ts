// `at`: the routing table in effect at a moment, with since-when for every route and the models' facts then.
import { quoted } from "../findings";
import { canonicalJson } from "../table/hash";
import type { RoutingConfig } from "../config/loader";
import { modelsById } from "../config/model";
import { provenanceText } from "../changes/diff";
import { contentSafetyText } from "../changes/describe";
import type { CatalogModel } from "../config/schema";
import type { TableDeployment, TableRoute } from "../table/table";
import type { Finding } from "../findings";
import { type PointInTime, dayUtc, isoUtc } from "./dates";
import { type TargetEvidence, targetEvidence, targetEvidenceJson, targetEvidenceText } from "./evidence";
import { commitJson, csv, findingJson, findingLines, short } from "./format";
import type { LoggedCommit } from "./log";
import { type AuditHistory, type ConfigState, type Revision, effectiveState, revisionAt } from "./walk";

interface AtFilter {
  /**
   * Only this environment.
   * @default every environment
   */
  readonly environment?: string;
  /**
   * Only this task class's route.
   * @default every route
   */
  readonly taskClass?: string;
}

interface RouteSince {
  /** The earliest commit from which the route's table entry is unchanged up to the point in time. */
  readonly commit: LoggedCommit;
}

interface AtRoute {
  readonly route: TableRoute;
  readonly since: RouteSince;
  /** Per target (each deployment once, bucket order): the evidence file in the tree of the config revision. */
  readonly evidence: readonly TargetEvidence[];
}

interface AtEnvironment {
  readonly name: string;
  readonly routingVersion: string;
  readonly defaultRoute?: string;
  /** Sorted by task class. */
  readonly routes: readonly AtRoute[];
}

interface AtFound {
  readonly found: true;
  readonly when: PointInTime;
  /** The last first-parent commit touching config/ at or before the point in time. */
  readonly revision: Revision;
  /** The commit whose config was in effect: `revision` itself unless that one is invalid or unparseable. */
  readonly configRevision: Revision;
  /** Errors of the current policy rules for the config in effect (shown as committed all the same). */
  readonly policyErrors: readonly Finding[];
  readonly environments: readonly AtEnvironment[];
  /** Catalog entries (as of then) of every model the shown routes reach, sorted by id. */
  readonly models: readonly CatalogModel[];
}

interface AtNotFound {
  readonly found: false;
  readonly when: PointInTime;
  /** One line, e.g. "no routing configuration existed at …". */
  readonly message: string;
}

type AtResult = AtFound | AtNotFound;

export function routingAt(history: AuditHistory, when: PointInTime, filter: AtFilter = {}): AtResult {
  const i = revisionAt(history, when.epoch);
  const first = history.revisions[0];
  if (i < 0) {
    const message = first
      ? `no routing configuration existed at ${when.iso}: the first commit touching config/ on ${history.ref} is ${short(first.commit.sha)} of ${isoUtc(first.commit.committerDate)}`
      : `no routing configuration existed at ${when.iso}: no commit on ${history.ref} touches config/`;
    return { found: false, when, message };
  }
  const revision = history.revisions[i]!;
  const state = effectiveState(history, i);
  if (!state?.config) {
    return {
      found: false,
      when,
      message: `no valid routing configuration existed at ${when.iso}: every commit up to ${short(revision.commit.sha)} fails to load with the current schema`,
    };
  }
  // A valid state is in effect, so `effective` is the index of a revision.
  const configRevision = history.revisions[revision.effective]!;
  const names = [...state.environments.keys()];
  if (filter.environment !== undefined && !state.environments.has(filter.environment)) {
    return {
      found: false,
      when,
      message: `environment ${quoted(filter.environment)} did not exist at ${when.iso} (environments then: ${names.join(", ") || "none"})`,
    };
  }
  const environments: AtEnvironment[] = [];
  for (const [name, env] of state.environments) {
    if (filter.environment !== undefined && name !== filter.environment) continue;
    const routes = env.table.routes
      .filter((r) => filter.taskClass === undefined || r.taskClass === filter.taskClass)
      .map((route) => ({
        route,
        since: { commit: history.revisions[sinceIndex(history, configRevision.index, name, route)]!.commit },
        evidence: targetEvidence(history, configRevision, name, route),
      }));
    if (filter.taskClass !== undefined && routes.length === 0) continue;
    environments.push({ name, routingVersion: env.version, defaultRoute: env.table.defaultRoute, routes });
  }
  if (environments.length === 0) {
    const where = filter.environment !== undefined ? `in ${filter.environment}` : "in any environment";
    return { found: false, when, message: `task class ${quoted(filter.taskClass ?? "")} had no route ${where} at ${when.iso}` };
  }
  return {
    found: true,
    when,
    revision,
    configRevision,
    policyErrors: state.policyErrors,
    environments,
    models: modelsOf(state.config, environments),
  };
}

// Canonical route text per state, so walking back compares strings, not structures.
const routeKeys = new WeakMap<ConfigState, Map<string, string>>();
function routeKey(state: ConfigState | undefined, env: string, taskClass: string): string | undefined {
  if (!state) return undefined;
  let m = routeKeys.get(state);
  if (!m) {
    m = new Map();
    for (const [name, e] of state.environments) for (const r of e.table.routes) m.set(`${name}\0${r.taskClass}`, canonicalJson(r));
    routeKeys.set(state, m);
  }
  return m.get(`${env}\0${taskClass}`);
}

/** Earliest revision from which the route's table entry is unchanged up to revision `index` (a valid one). */
function sinceIndex(history: AuditHistory, index: number, env: string, route: TableRoute): number {
  const key = routeKey(history.revisions[index]!.state, env, route.taskClass);
  let since = index;
  for (let j = index - 1; j >= 0; j--) {
    if (routeKey(effectiveState(history, j), env, route.taskClass) !== key) break;
    since = history.revisions[j]!.effective;
  }
  return since;
}

function modelsOf(config: RoutingConfig, environments: readonly AtEnvironment[]): CatalogModel[] {
  const ids = new Set<string>();
  for (const e of environments) for (const { route } of e.routes) for (const d of [...route.targets, ...route.fallbacks]) ids.add(d.model);
  const byId = modelsById(config);
  return [...ids].sort().flatMap((id) => byId.get(id) ?? []);
}

// ---- rendering ----

const who = (c: LoggedCommit) => `since ${dayUtc(c.committerDate)} by ${c.author.name} in ${short(c.sha)}`;
const dep = (d: TableDeployment) => `${d.deployment} (${d.model}${d.version ? `@${d.version}` : ""})`;

export function renderAtText(history: AuditHistory, r: AtFound): string {
  const c = r.configRevision.commit;
  const lines = [
    `Routing in effect at ${r.when.iso}${r.when.dateOnly ? ` (end of ${r.when.input} UTC)` : ""} on ${history.ref}`,
    `Config of ${short(c.sha)}, ${isoUtc(c.committerDate)}, ${c.author.name}: ${c.subject}`,
  ];
  if (r.revision !== r.configRevision) {
    const why = r.revision.state.status === "unparseable" ? "is unparseable YAML" : "is refused by the current schema";
    lines.push(
      `Note: ${short(r.revision.commit.sha)}, the last commit at or before then, ${why}; the config of ${short(c.sha)} stayed in effect.`,
    );
  }
  if (r.policyErrors.length > 0) {
    lines.push(`Note: this config fails the current policy rules (${r.policyErrors.length} error(s)); it is shown as committed:`);
    for (const l of findingLines(r.policyErrors)) lines.push(`  ${l}`);
  }
  for (const e of r.environments) {
    lines.push("", `${e.name}  routing version ${e.routingVersion}${e.defaultRoute ? `  default route ${e.defaultRoute}` : ""}`);
    for (const { route, since, evidence } of e.routes) {
      lines.push(`  ${route.taskClass}`);
      lines.push(`    targets:   ${route.targets.map((t) => `${dep(t)} ${t.weight}%`).join(" / ")}`);
      if (route.fallbacks.length > 0) lines.push(`    fallbacks: ${route.fallbacks.map(dep).join(" → ")}`);
      if (route.sticky) lines.push(`    sticky:    ${"header" in route.sticky ? `header ${route.sticky.header}` : "subscription"}`);
      if (route.tokenLimit) lines.push(`    limit:     ${route.tokenLimit.tokensPerMinute} tokens/min per ${route.tokenLimit.counterKey}`);
      if (route.contentSafety) lines.push(`    safety:    ${contentSafetyText(route.contentSafety)}`);
      if (route.provenanceRequired) lines.push("    provenance required");
      for (const ev of evidence) lines.push(`    evidence:  ${targetEvidenceText(ev)}`);
      lines.push(`    ${who(since.commit)}`);
    }
  }
  if (r.models.length > 0) {
    lines.push("", `Models (catalog as of ${short(c.sha)})`);
    for (const m of r.models) {
      const note = m.foundry.note ? ` (${m.foundry.note})` : "";
      lines.push(
        `  ${m.id}  ${m.displayName}, ${m.vendor}, catalog version ${m.foundry.version ?? "(none)"}, availability ${m.foundry.availability}${note}`,
      );
      lines.push(`    ${provenanceText(m)}; license: ${fact(m.provenance.license)}`);
      for (const claim of m.claims) lines.push(`    claim: ${claim.text} (${claim.evidence}${claim.source ? `, ${claim.source}` : ""})`);
    }
  }
  return lines.join("\n") + "\n";
}

function fact(f: { value?: unknown; evidence: string; source?: string }): string {
  const v = f.value === undefined ? f.evidence : `${String(f.value)} (${f.evidence})`;
  return f.source ? `${v} [${f.source}]` : v;
}

export function atJson(history: AuditHistory, r: AtFound) {
  const sinceJson = (c: LoggedCommit) => ({ commit: c.sha, committerDate: isoUtc(c.committerDate), author: c.author });
  return {
    asOf: { input: r.when.input, time: r.when.iso, dateOnly: r.when.dateOnly },
    ref: history.ref,
    head: history.sha,
    lastCommit: commitJson(r.revision.commit),
    config: { ...commitJson(r.configRevision.commit), policyErrors: r.policyErrors.map(findingJson) },
    environments: r.environments.map((e) => ({
      environment: e.name,
      routingVersion: e.routingVersion,
      defaultRoute: e.defaultRoute,
      routes: e.routes.map(({ route, since, evidence }) => ({
        ...route,
        since: sinceJson(since.commit),
        evidence: evidence.map(targetEvidenceJson),
      })),
    })),
    models: r.models.map((m) => ({
      id: m.id,
      displayName: m.displayName,
      vendor: m.vendor,
      family: m.family,
      catalogVersion: m.foundry.version,
      availability: m.foundry.availability,
      availabilityNote: m.foundry.note,
      provenance: m.provenance,
      claims: m.claims,
    })),
  };
}

/** Stable column names; documented in docs/audit.md. */
export const AT_CSV_COLUMNS = [
  "as_of",
  "config_commit",
  "environment",
  "routing_version",
  "task_class",
  "role",
  "position",
  "deployment",
  "weight",
  "model",
  "model_version",
  "vendor",
  "catalog_version",
  "availability",
  "training_data",
  "training_data_evidence",
  "distillation",
  "distillation_evidence",
  "license",
  "license_evidence",
  "since_date",
  "since_commit",
  "since_author",
  "evidence_file",
  "evidence_hash",
  "evidence_pass_rate",
  "evidence_promptfoo_version",
  "evidence_evaluated_at",
  "evidence_commit",
] as const;

/** One row per target and per fallback of every shown route; a target's row carries its evidence (the last six columns). */
export function renderAtCsv(r: AtFound): string {
  const models = new Map(r.models.map((m) => [m.id, m]));
  const rows: (string | number | undefined)[][] = [];
  for (const e of r.environments) {
    for (const { route, since, evidence } of e.routes) {
      const row = (role: string, position: number, d: TableDeployment, weight?: number) => {
        const ev = role === "target" ? evidence.find((x) => x.deployment === d.deployment) : undefined;
        const m = models.get(d.model);
        const p = m?.provenance;
        rows.push([
          r.when.iso,
          r.configRevision.commit.sha,
          e.name,
          e.routingVersion,
          route.taskClass,
          role,
          position,
          d.deployment,
          weight,
          d.model,
          d.version,
          d.vendor,
          m?.foundry.version,
          m?.foundry.availability,
          p?.trainingData.value,
          p?.trainingData.evidence,
          p?.distillation.value,
          p?.distillation.evidence,
          p?.license.value,
          p?.license.evidence,
          isoUtc(since.commit.committerDate),
          since.commit.sha,
          since.commit.author.name,
          ev?.file,
          ev?.hash,
          ev?.passRate,
          ev?.promptfooVersion,
          ev?.evaluatedAt,
          ev?.since?.sha,
        ]);
      };
      route.targets.forEach((t, k) => row("target", k + 1, t, t.weight));
      route.fallbacks.forEach((f, k) => row("fallback", k + 1, f));
    }
  }
  return csv(AT_CSV_COLUMNS, rows);
}
