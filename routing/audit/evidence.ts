// Eval evidence in the audit: which evidence file backed each share increase of a commit (`history`), and which
// evidence was in effect for each target at a moment (`at`). The evidence is read from the same commit as the
// config (Revision.evidence), and share increases are the eval gate's own checks (routing/evals/gate.ts), so the
// audit and `review` cannot disagree about what needed evidence or whether a file verifies.
import type { RoutingConfig } from "../config/loader";
import { type EvidenceCheck, evalGate, percent } from "../evals/gate";
import { evidencePath, readEvidence } from "../evals/evidence";
import type { TableRoute } from "../table/table";
import { dayUtc, isoUtc } from "./dates";
import { short } from "./format";
import type { LoggedCommit } from "./log";
import type { AuditHistory, Revision } from "./walk";

/** Whether the evidence file verifies: `ok`, `tampered` (it does not verify: edited, moved, not evidence, oversized), `missing`. */
export type EvidenceHash = "ok" | "tampered" | "missing";

/** One share increase of a commit and the evidence that backed it at that commit (ages measured at its committer date). */
export interface BackingEvidence extends EvidenceCheck {
  readonly hash: EvidenceHash;
  /** The commit that gave the evidence file the content it had then; undefined when missing. */
  readonly since?: LoggedCommit;
}

/** Kinds of change that can give a deployment more share of a class; only these commits run the gate. */
const SHARE_KINDS: ReadonlySet<string> = new Set(["targets-changed", "route-added", "route-renamed", "environment-added"]);

export function mayGrowShares(kinds: readonly string[]): boolean {
  return kinds.some((k) => SHARE_KINDS.has(k));
}

/** The evidence files of a revision, path → text (the oversized stand-in for a file over the limit). */
export function evidenceTextsAt(history: AuditHistory, revision: Revision): Map<string, string> {
  return new Map([...revision.evidence].map(([path, e]) => [path, history.evidenceTexts.get(e.blob) ?? ""]));
}

/**
 * The eval gate's checks for the change from `before` (the config in effect before the commit) to `after` (the
 * commit's own), with the evidence files of the commit and the commit's date as "now". None without `before`: the
 * first routing state is not a share increase, as in the gate.
 */
export function backingEvidence(
  history: AuditHistory,
  revision: Revision,
  before: RoutingConfig | undefined,
  after: RoutingConfig,
): BackingEvidence[] {
  const checks = evalGate({
    base: before,
    head: after,
    evidence: evidenceTextsAt(history, revision),
    now: new Date(revision.commit.committerDate * 1000),
  });
  return checks.map((c) => {
    const hash: EvidenceHash = c.status === "missing" ? "missing" : c.status === "tampered" ? "tampered" : "ok";
    const since = hash === "missing" ? undefined : revision.evidence.get(c.evidenceFile)?.since;
    return { ...c, hash, ...(since ? { since } : {}) };
  });
}

/** The one-line account of a check, without the deployment's share (the caller puts it in context). */
export function backingText(e: BackingEvidence): string {
  const share = `${e.deployment} ${e.before}% → ${e.after}%`;
  if (e.status === "missing")
    return `${share}: no evidence (${e.evidenceFile} is not in this commit${e.required ? "; the class requires evidence" : ""})`;
  if (e.status === "tampered") return `${share}: evidence tampered: ${e.problem}`;
  const verdict = e.status === "ok" ? "evidence ok" : e.status === "stale" ? "evidence stale" : "evidence below threshold";
  const age = e.ageDays === undefined ? "" : `, ${e.ageDays} day(s) old at the commit`;
  const rate = e.passRate === undefined ? "" : `, pass rate ${percent(e.passRate)} (min ${percent(e.minPassRate)})`;
  const why = e.status === "stale" && e.problem ? `; ${e.problem.slice(e.evidenceFile.length + 1)}` : "";
  return `${share}: ${verdict}: ${e.evidenceFile}${rate}${age}, hash ok${why}`;
}

export function backingJson(e: BackingEvidence) {
  return {
    environment: e.environment,
    taskClass: e.taskClass,
    deployment: e.deployment,
    before: e.before,
    after: e.after,
    file: e.evidenceFile,
    status: e.status,
    hash: e.hash,
    passRate: e.passRate,
    minPassRate: e.minPassRate,
    maxAgeDays: e.maxAgeDays,
    required: e.required,
    evaluatedAt: e.evaluatedAt,
    ageDays: e.ageDays,
    problem: e.problem,
    since: e.since ? sinceJson(e.since) : undefined,
    text: backingText(e),
  };
}

// ---- at: the evidence in effect per target ----

/** The evidence file of one target at the revision whose config was in effect. */
export interface TargetEvidence {
  readonly deployment: string;
  readonly file: string;
  readonly hash: EvidenceHash;
  /** What is wrong, when tampered. */
  readonly problem?: string;
  /** From a file that verifies. */
  readonly passRate?: number;
  readonly passed?: number;
  readonly tests?: number;
  readonly promptfooVersion?: string;
  /** Promptfoo's own timestamp of the run: when the evidence was generated. */
  readonly evaluatedAt?: string;
  /** The model and version the evidence measured. */
  readonly model?: string;
  readonly version?: string;
  /** The commit that gave the file this content; undefined when missing. */
  readonly since?: LoggedCommit;
}

/** Per target of `route` (bucket order, each deployment once): the evidence file at `revision`, verified. */
export function targetEvidence(history: AuditHistory, revision: Revision, environment: string, route: TableRoute): TargetEvidence[] {
  const seen = new Set<string>();
  const out: TargetEvidence[] = [];
  for (const t of route.targets) {
    if (seen.has(t.deployment)) continue;
    seen.add(t.deployment);
    const file = evidencePath(environment, route.taskClass, t.deployment);
    const at = revision.evidence.get(file);
    if (!at) {
      out.push({ deployment: t.deployment, file, hash: "missing" });
      continue;
    }
    const read = readEvidence(file, history.evidenceTexts.get(at.blob) ?? "");
    if (!read.ok) {
      out.push({ deployment: t.deployment, file, hash: "tampered", problem: `${file} ${read.problem}`, since: at.since });
      continue;
    }
    const e = read.evidence;
    const str = (v: unknown) => (typeof v === "string" ? v : undefined);
    const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
    const promptfoo = typeof e.promptfoo === "object" && e.promptfoo !== null ? e.promptfoo : undefined;
    out.push({
      deployment: t.deployment,
      file,
      hash: "ok",
      passRate: e.results.passRate,
      passed: num(e.results.passed),
      tests: num(e.results.tests),
      promptfooVersion: str(promptfoo?.version),
      evaluatedAt: e.evaluatedAt,
      model: str(e.model),
      version: str(e.version),
      since: at.since,
    });
  }
  return out;
}

export function targetEvidenceText(e: TargetEvidence): string {
  if (e.hash === "missing") return `${e.deployment}: no evidence (${e.file} is not in this commit)`;
  const added = e.since ? `, added in ${short(e.since.sha)} by ${e.since.author.name} on ${dayUtc(e.since.committerDate)}` : "";
  if (e.hash === "tampered") return `${e.deployment}: evidence tampered: ${e.problem}${added}`;
  const counts = e.passed !== undefined && e.tests !== undefined ? ` (${e.passed}/${e.tests})` : "";
  const measured = e.model ? `, measured ${e.model}${e.version ? `@${e.version}` : ""}` : "";
  return `${e.deployment}: ${e.file}, pass rate ${percent(e.passRate!)}${counts}, promptfoo ${e.promptfooVersion ?? "(unknown)"}, generated ${e.evaluatedAt}${measured}${added}`;
}

export function targetEvidenceJson(e: TargetEvidence) {
  return {
    deployment: e.deployment,
    file: e.file,
    hash: e.hash,
    problem: e.problem,
    passRate: e.passRate,
    passed: e.passed,
    tests: e.tests,
    promptfooVersion: e.promptfooVersion,
    evaluatedAt: e.evaluatedAt,
    model: e.model,
    version: e.version,
    since: e.since ? sinceJson(e.since) : undefined,
    text: targetEvidenceText(e),
  };
}

function sinceJson(c: LoggedCommit) {
  return { commit: c.sha, committerDate: isoUtc(c.committerDate), author: c.author, subject: c.subject };
}
