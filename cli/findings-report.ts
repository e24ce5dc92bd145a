// Presenting findings: errors, then warnings, then suppressed ones (listed, never silent), then a summary per file.
// Shared by validate and any later command that reports findings.
import { type Finding, formatFinding } from "../routing/findings";
import { type ConfigFiles, MODELS_FILE, TASK_CLASSES_FILE, environmentNameOf } from "../routing/config/loader";

type ScopeKind = "catalog" | "task-classes" | "environment" | "file";

interface Counts {
  /** Unsuppressed errors. */
  readonly errors: number;
  /** Unsuppressed warnings. */
  readonly warnings: number;
  /** Findings silenced by a suppression (any level). */
  readonly suppressed: number;
}

/** Counts for one config file; environments are named by environment, other files by path. */
interface ScopeSummary extends Counts {
  readonly kind: ScopeKind;
  readonly name: string;
  readonly file: string;
}

interface Summary extends Counts {
  /** False when YAML or schema errors stopped validation before the policy rules ran. */
  readonly rulesRun: boolean;
  readonly scopes: readonly ScopeSummary[];
}

interface Report {
  /** Errors, then warnings, then suppressed findings; each group in the stable findings order. */
  readonly findings: readonly Finding[];
  readonly summary: Summary;
}

export function buildReport(findings: readonly Finding[], files: ConfigFiles, rulesRun: boolean): Report {
  const ordered = [
    ...findings.filter((f) => !f.suppressed && f.level === "error"),
    ...findings.filter((f) => !f.suppressed && f.level === "warning"),
    ...findings.filter((f) => f.suppressed),
  ];
  const scopes: { kind: ScopeKind; name: string; file: string }[] = [
    { kind: "catalog", name: MODELS_FILE, file: MODELS_FILE },
    { kind: "task-classes", name: TASK_CLASSES_FILE, file: TASK_CLASSES_FILE },
  ];
  for (const file of [...files.keys()].sort()) {
    const env = environmentNameOf(file);
    if (env !== undefined) scopes.push({ kind: "environment", name: env, file });
  }
  scopes.sort((a, b) => rank(a.kind) - rank(b.kind) || cmp(a.name, b.name));
  // Findings about files that are no environment (a misnamed file, a missing directory) get a line of their own.
  const strays = [...new Set(findings.map((f) => f.file))].filter((file) => !scopes.some((s) => s.file === file)).sort();
  for (const file of strays) scopes.push({ kind: "file", name: file, file });
  return {
    findings: ordered,
    summary: { rulesRun, ...count(findings), scopes: scopes.map((s) => ({ ...s, ...count(findings.filter((f) => f.file === s.file)) })) },
  };
}

export function renderText(report: Report): string {
  const lines: string[] = [];
  const active = report.findings.filter((f) => !f.suppressed);
  const suppressed = report.findings.filter((f) => f.suppressed);
  lines.push(...active.map(formatFinding));
  if (suppressed.length > 0) lines.push("suppressed:", ...suppressed.map((f) => `  ${formatFinding(f)}`));
  if (lines.length > 0) lines.push("");
  for (const s of report.summary.scopes) lines.push(`${s.name}: ${countText(s)}`);
  if (!report.summary.rulesRun) lines.push("policy rules not run: fix the errors above first");
  return `${lines.join("\n")}\n`;
}

/** JSON with a fixed key order and explicit nulls, so consumers (jq, CI annotations) see one shape. */
export function renderJson(report: Report): string {
  const findings = report.findings.map((f) => ({
    rule: f.rule,
    level: f.level,
    file: f.file,
    path: f.path,
    line: f.line ?? null,
    column: f.column ?? null,
    message: f.message,
    subject: f.subject ?? null,
    suppressed: f.suppressed ? { reason: f.suppressed.reason } : null,
  }));
  const s = report.summary;
  const summary = {
    rulesRun: s.rulesRun,
    errors: s.errors,
    warnings: s.warnings,
    suppressed: s.suppressed,
    scopes: s.scopes.map((x) => ({
      kind: x.kind,
      name: x.name,
      file: x.file,
      errors: x.errors,
      warnings: x.warnings,
      suppressed: x.suppressed,
    })),
  };
  return `${JSON.stringify({ findings, summary }, null, 2)}\n`;
}

function count(findings: readonly Finding[]): Counts {
  return {
    errors: findings.filter((f) => !f.suppressed && f.level === "error").length,
    warnings: findings.filter((f) => !f.suppressed && f.level === "warning").length,
    suppressed: findings.filter((f) => f.suppressed).length,
  };
}

function countText(c: Counts): string {
  const n = (k: number, word: string) => `${k} ${word}${k === 1 ? "" : "s"}`;
  return `${n(c.errors, "error")}, ${n(c.warnings, "warning")}, ${c.suppressed} suppressed`;
}

function rank(kind: ScopeKind): number {
  return ["catalog", "task-classes", "environment", "file"].indexOf(kind);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
