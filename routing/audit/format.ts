// Small output helpers shared by the audit reports.
import { type Finding, formatFinding } from "../findings";
import { isoUtc } from "./dates";
import type { LoggedCommit, Person } from "./log";

/** Abbreviated commit id in text output (json and csv carry the full id). */
export function short(sha: string): string {
  return sha.slice(0, 7);
}

export function person(p: Person): string {
  return p.email ? `${p.name} <${p.email}>` : p.name;
}

/** RFC 4180: quote a field when it holds a comma, quote, CR or LF; double embedded quotes. */
function csvField(v: string | number | boolean | undefined): string {
  const s = v === undefined ? "" : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A CSV document: the header row, then one row per record, CRLF-free (LF) and newline-terminated. A record shorter
 * than the header gets empty fields, so every row has one field per column.
 */
export function csv(columns: readonly string[], rows: readonly (readonly (string | number | boolean | undefined)[])[]): string {
  const pad = (r: readonly (string | number | boolean | undefined)[]) => [
    ...r,
    ...new Array<undefined>(Math.max(0, columns.length - r.length)),
  ];
  return [columns, ...rows].map((r) => pad(r).map(csvField).join(",")).join("\n") + "\n";
}

/** The commit fields every JSON report uses. */
export function commitJson(c: LoggedCommit) {
  return {
    commit: c.sha,
    parents: c.parents,
    author: c.author,
    authorDate: isoUtc(c.authorDate),
    committer: c.committer,
    committerDate: isoUtc(c.committerDate),
    subject: c.subject,
    body: c.body,
  };
}

export function findingJson(f: Finding) {
  return { rule: f.rule, file: f.file, path: f.path, line: f.line, column: f.column, message: f.message, text: formatFinding(f) };
}

/** `error ...` lines, at most `limit`, then "… and N more". */
export function findingLines(findings: readonly Finding[], limit = 3): string[] {
  const lines = findings.slice(0, limit).map(formatFinding);
  if (findings.length > limit) lines.push(`… and ${findings.length - limit} more (see --format json)`);
  return lines;
}
