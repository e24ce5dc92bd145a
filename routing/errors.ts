// The one error model. A user's mistake is a UserError carrying its exit code; anything else that is thrown is a bug.
// The CLI's single catch prints a UserError's message (one line, no stack) and exits with its code; any other error
// is reported in one line with EXIT.internal.

/** Exit codes, named once for every command and the cdktf app. */
export const EXIT = {
  /** Nothing to report. */
  ok: 0,
  /** Findings: policy or schema errors, drift, out-of-date files. */
  findings: 1,
  /** Usage errors, unreadable or unsafe files, git errors. */
  usage: 2,
  /** A bug in foundry-routes (EX_SOFTWARE). Never used for a user's mistake. */
  internal: 70,
} as const;

/** An exit code a user's mistake may produce. */
type UserExitCode = typeof EXIT.findings | typeof EXIT.usage;

/** A user's mistake: shown as its message alone, with its exit code. */
export class UserError extends Error {
  constructor(
    message: string,
    /** @default EXIT.usage */
    readonly exitCode: UserExitCode = EXIT.usage,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
