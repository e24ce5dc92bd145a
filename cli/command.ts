// The contract every subcommand implements. A command is one file in cli/commands/ plus one line in its index.
import type { OptionSpecs, ParsedArgs, PositionalSpec } from "./args";
import type { Io } from "./io";
import { UserError } from "../routing/errors";

/** The bin name, for messages such as `run "foundry-routes schema"`. */
export const PROGRAM = "foundry-routes";

/** Exit codes: one definition for the whole code base. */
export { EXIT } from "../routing/errors";

interface CommandArgs<O extends OptionSpecs = OptionSpecs> extends ParsedArgs<O> {
  /** Absolute directory that contains config/ (global --config-root, default the working directory). */
  readonly configRoot: string;
}

export interface Command<O extends OptionSpecs = OptionSpecs> {
  /** Subcommand name, kebab-case, e.g. which-commit. */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Synopsis after the program name, e.g. `validate [--env NAME] [--format text|json]`; must mention every option. */
  readonly usage: string;
  /**
   * Longer help text, shown by `<command> --help` under the summary.
   * @default none
   */
  readonly description?: string;
  /** Declared options; anything else on the command line is a usage error. */
  readonly options: O;
  /**
   * Declared positional arguments, in order.
   * @default none
   */
  readonly positionals?: readonly PositionalSpec[];
  /** Runs the command and returns its exit code. Throw `UsageError` or `CliError` for user errors. */
  run(args: CommandArgs<O>, io: Io): Promise<number> | number;
}

/** Identity function that keeps the option types, so `args.options.env` is typed inside `run`. */
export function defineCommand<const O extends OptionSpecs>(command: Command<O>): Command<O> {
  return command;
}

/** A user error that is not about the command line (missing directory, unreadable file): one line, no usage, no stack. */
export class CliError extends UserError {}
