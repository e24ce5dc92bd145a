// A finding is anything a person must read about their config: a YAML/schema error or a policy rule result.
// It always carries the file and the YAML path, and the line where the parser knows it.

export type Level = "error" | "warning";
export type YamlPath = readonly (string | number)[];

export interface Finding {
  /** Rule id (FR-…), or FR-YAML / FR-SCHEMA for parse and shape errors. */
  readonly rule: string;
  readonly level: Level;
  /** Repository-relative POSIX path, e.g. config/environments/prod.yaml. */
  readonly file: string;
  /** YAML path, e.g. routes[3].targets[0].deployment; "" for the whole file. */
  readonly path: string;
  /** 1-based line and column, where known. */
  readonly line?: number;
  readonly column?: number;
  /** What is wrong, naming what was found and what was expected. */
  readonly message: string;
  /** Task class id or `<account>/<deployment>` the finding is about; suppressions match on it. */
  readonly subject?: string;
  /** Set when a YAML suppression silences this finding. */
  readonly suppressed?: { readonly reason: string };
}

/** `routes[3].targets[0].deployment` from ["routes", 3, "targets", 0, "deployment"]. */
export function formatPath(path: YamlPath): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

export function location(f: Pick<Finding, "file" | "line" | "column">): string {
  if (f.line === undefined) return f.file;
  return f.column === undefined ? `${f.file}:${f.line}` : `${f.file}:${f.line}:${f.column}`;
}

/** One line per finding: `error FR-REF-2 config/x.yaml:42:9 routes[3].deployment: unknown deployment "gpt-5" (…)`. */
export function formatFinding(f: Finding): string {
  const where = f.path ? `${location(f)} ${f.path}` : location(f);
  const tag = f.suppressed ? `suppressed ${f.rule}` : `${f.level} ${f.rule}`;
  const tail = f.suppressed ? ` [reason: ${f.suppressed.reason}]` : "";
  return oneLine(`${tag} ${where}: ${f.message}${tail}`);
}

/**
 * Characters that would let a quoted value change how a line reads: control characters (newlines, tabs, NUL, escape
 * sequences, C1), the line and paragraph separators, bidirectional controls (U+202A–U+202E, U+2066–U+2069, marks),
 * invisible format characters (zero-width space and joiners, word joiner, byte-order mark) and unpaired surrogates.
 */
export const UNSAFE_IN_LINE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Every character of UNSAFE_IN_LINE shown as `\n`, `\r`, `\t` or `\uXXXX`, so a value quoted from config (or a file
 * name, or a command-line argument) can neither split a finding over lines, move the terminal's cursor, nor reorder
 * what a reviewer sees.
 */
export function oneLine(s: string): string {
  return s.replace(UNSAFE_IN_LINE, (c) => {
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "\t") return "\\t";
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

/** Each line of `s` made safe as oneLine makes it: the line breaks a message is written with stay, nothing else does. */
export function safeLines(s: string): string {
  return s.split("\n").map(oneLine).join("\n");
}

/** A value for a message: double-quoted (JSON style) and one line, shortened to `max` characters. */
export function quoted(s: string, max = 80): string {
  const shown = s.length > max ? `${s.slice(0, max)}…` : s;
  return oneLine(JSON.stringify(shown));
}

/** Stable order: file, line, path, rule, message. Output must not depend on rule evaluation order. */
export function sortFindings<T extends Finding>(findings: readonly T[]): T[] {
  return [...findings].sort(
    (a, b) =>
      cmp(a.file, b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      cmp(a.path, b.path) ||
      cmp(a.rule, b.rule) ||
      cmp(a.message, b.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
