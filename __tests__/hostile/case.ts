// The shape of one broken or hostile config in the corpus (__tests__/hostile/cases/*.ts).
// Each case starts from the repository's sample config/, applies its edits, runs `foundry-routes synth` on it and
// checks the refusal: exit code, one message naming file:line and YAML path with expected/found words, nothing written.

/** A change to the sample project before the run. Paths are relative to the project root, POSIX style. */
export type CaseEdit =
  /** Replace (or create) a file with this text or these bytes. */
  | { readonly write: string; readonly content: string | Uint8Array }
  /** Rewrite an existing file's text. */
  | { readonly edit: string; readonly change: (text: string) => string }
  /** Delete a file or directory. */
  | { readonly remove: string }
  /** Create a directory. */
  | { readonly mkdir: string }
  /** Create a named pipe (FIFO): a reader that opened it would wait forever. */
  | { readonly fifo: string }
  /** Create a symbolic link at `link` pointing to `target` (absolute, or relative to the link's directory). */
  | { readonly link: string; readonly target: string };

export interface CaseExpectation {
  /** 1 for findings, 2 for usage or unreadable/unsafe input. Never 0 or 70. */
  readonly exit: 1 | 2;
  /** The file the message must name, relative to the project root (e.g. config/environments/prod.yaml). */
  readonly file: string;
  /** The line the message must name, where the input has one. */
  readonly line?: number;
  /** The YAML path the message must name, where there is one (e.g. accounts[0].deployments[1].version). */
  readonly path?: string;
  /** Words the message must contain: what was expected and what was found. Case-sensitive substrings. */
  readonly words: readonly string[];
  /** The rule id, when a policy rule (not the schema or the loader) refuses the input. */
  readonly rule?: string;
  /**
   * How many problem lines (`error …`) the refusal prints: one root cause is one finding. More only where one edit
   * really breaks several things (a name collision is reported in both files).
   * @default 1
   */
  readonly findings?: number;
}

export interface HostileCase {
  /** What the case tries, in a few words; unique within the corpus. */
  readonly name: string;
  /** yaml | types | keys | references | files | azure-limits | collisions | routing | injection | size */
  readonly category: string;
  readonly edits: readonly CaseEdit[];
  readonly expect: CaseExpectation;
}

/**
 * An edit that replaces `from` once; when `from` is not there it leaves a marker comment, so the case fails (the
 * refusal it expects does not happen) instead of passing vacuously on an unchanged sample.
 */
export function once(from: string, to: string): (text: string) => string {
  return (text) => (text.includes(from) ? text.replace(from, to) : `${text}\n# edit did not apply: ${from}`);
}
