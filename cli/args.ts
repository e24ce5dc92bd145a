// The argument parser: node:util's parseArgs splits the words (`--flag value`, `--flag=value`, `-h`, `--`), and the
// specs here decide what they mean, with one-line errors that say what was typed and what would be right.
import { parseArgs as parseTokens } from "node:util";
import { EXIT, UserError } from "../routing/errors";
import { editDistance } from "../routing/naming/edit-distance";
// Every option is declared by the command, so a typo is a usage error instead of a silently ignored flag.

interface OptionSpec {
  /** `string` takes a value; `boolean` is a switch that takes none. */
  readonly type: "string" | "boolean";
  /** One line for the help text. */
  readonly description: string;
  /**
   * Placeholder for the value in usage text, e.g. NAME.
   * @default "VALUE"
   */
  readonly valueName?: string;
  /**
   * Allowed values; anything else is a usage error.
   * @default any value
   */
  readonly choices?: readonly string[];
  /**
   * Value when the option is not given (shown in help).
   * @default undefined
   */
  readonly default?: string;
  /**
   * May be given more than once; the value is then a list.
   * @default false
   */
  readonly multiple?: boolean;
  /**
   * Must be given (string options only); its absence is a usage error.
   * @default false
   */
  readonly required?: boolean;
  /**
   * One-letter alias, e.g. "h" for -h.
   * @default none
   */
  readonly short?: string;
}

export interface PositionalSpec {
  /** Placeholder in usage text, e.g. TASK_CLASS. */
  readonly name: string;
  /** One line for the help text. */
  readonly description: string;
  /**
   * Whether it must be given.
   * @default false
   */
  readonly required?: boolean;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** Parsed values, typed from the specs: booleans are always set, strings may be undefined unless defaulted. */
type OptionValues<O extends OptionSpecs> = {
  readonly [K in keyof O]: O[K]["type"] extends "boolean"
    ? boolean
    : O[K]["multiple"] extends true
      ? readonly string[]
      : O[K]["default"] extends string
        ? string
        : O[K]["required"] extends true
          ? string
          : string | undefined;
};

export interface ParsedArgs<O extends OptionSpecs = OptionSpecs> {
  readonly options: OptionValues<O>;
  readonly positionals: readonly string[];
}

/** A mistake in the command line: exit 2, one line, then the usage. */
export class UsageError extends UserError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

/** `--env NAME` naming no environment of config/: one message for every command. */
export function unknownEnvironment(name: string, known: readonly string[]): UsageError {
  return new UsageError(`unknown environment "${name}" (known environments: ${known.length > 0 ? known.join(", ") : "none"})`);
}

/**
 * Parses `argv` against declared options and positionals.
 * With `stopAtPositional`, parsing ends at the first positional (or just after `--`) and the rest is returned
 * untouched (used to read global options that precede the command name).
 */
export function parseArgs<O extends OptionSpecs>(
  argv: readonly string[],
  options: O,
  positionals: readonly PositionalSpec[] = [],
  stopAtPositional = false,
): ParsedArgs<O> & { readonly rest: readonly string[] } {
  // node:util splits the words; strict mode is off so that every mistake gets our message instead of node's.
  const { tokens } = parseTokens({
    args: [...argv],
    options: Object.fromEntries(
      Object.entries(options).map(([name, spec]) => [name, spec.short ? { type: spec.type, short: spec.short } : { type: spec.type }]),
    ),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Record<string, string | boolean | string[] | undefined> = {};
  for (const [name, spec] of Object.entries(options)) {
    values[name] = spec.type === "boolean" ? false : spec.multiple ? [] : spec.default;
  }
  const given = new Set<string>();
  const found: string[] = [];
  let restAt = argv.length;
  for (const token of tokens) {
    if (token.kind !== "option") {
      if (stopAtPositional) {
        // The rest starts at the command name, or just after `--`.
        restAt = token.index + (token.kind === "option-terminator" ? 1 : 0);
        break;
      }
      if (token.kind === "positional") found.push(token.value);
      continue;
    }
    const { name, spec } = declared(token, argv[token.index]!, options);
    if (spec.type === "boolean") {
      if (token.value !== undefined)
        throw new UsageError(`option --${name} takes no value, but found "${token.value}" (expected --${name} alone)`);
      values[name] = true;
      continue;
    }
    const value = token.value;
    // node takes the next word as the value whatever it is; `--env --format json` means the value was forgotten.
    if (value === undefined || (!token.inlineValue && value.startsWith("-") && value !== "-")) {
      throw new UsageError(`option --${name} needs a value (expected --${name} ${spec.valueName ?? "VALUE"})`);
    }
    if (spec.choices && !spec.choices.includes(value)) {
      throw new UsageError(`option --${name} expected one of ${spec.choices.join(", ")}, but found "${value}"`);
    }
    if (spec.multiple) (values[name] as string[]).push(value);
    else {
      if (given.has(name)) throw new UsageError(`option --${name} given more than once (expected it once)`);
      values[name] = value;
    }
    given.add(name);
  }
  if (!stopAtPositional) {
    const absent = Object.entries(options).find(([name, spec]) => spec.required && spec.type === "string" && !given.has(name));
    if (absent) throw new UsageError(`missing option --${absent[0]} (expected --${absent[0]} ${absent[1].valueName ?? "VALUE"})`);
    if (found.length > positionals.length) {
      throw new UsageError(`unexpected argument "${found[positionals.length]}"`);
    }
    const missing = positionals.slice(found.length).find((p) => p.required);
    if (missing) throw new UsageError(`missing argument ${missing.name}`);
  }
  return { options: values as OptionValues<O>, positionals: found, rest: stopAtPositional ? argv.slice(restAt) : [] };
}

/** The declared option an option token names, or a usage error naming what was typed. */
function declared(token: { readonly name: string; readonly rawName: string }, word: string, options: OptionSpecs) {
  const spec = Object.prototype.hasOwnProperty.call(options, token.name) ? options[token.name] : undefined;
  if (token.rawName.startsWith("--")) {
    if (spec) return { name: token.name, spec };
    throw new UsageError(`unknown option --${token.name}${suggest(token.name, Object.keys(options))}`);
  }
  // node maps a declared short alias to its long name; any other letter stays as typed.
  if (spec?.short !== undefined && `-${spec.short}` === token.rawName) return { name: token.name, spec };
  // `-help` is split into -h -e -l -p: name the whole word, which is most likely a long option with one dash.
  if (word.length > 2) throw new UsageError(`unknown option ${word}${suggest(word.slice(1), Object.keys(options))}`);
  throw new UsageError(`unknown option ${token.rawName}`);
}

/** ` (did you mean --env?)` when a known option is one or two edits away. */
function suggest(name: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of [...known].sort()) {
    const d = editDistance(name, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best === undefined ? "" : ` (did you mean --${best}?)`;
}

/** Re-exported for the CLI: the implementation lives in routing/naming/edit-distance.ts. */
export { editDistance } from "../routing/naming/edit-distance";

/** Help lines for options: `  --env NAME          only this environment (default: …)`. */
export function describeOptions(options: OptionSpecs): string[] {
  const rows = Object.entries(options).map(([name, spec]) => {
    const value = spec.type === "string" ? ` ${spec.choices ? spec.choices.join("|") : (spec.valueName ?? "VALUE")}` : "";
    const flag = `${spec.short ? `-${spec.short}, ` : ""}--${name}${value}`;
    const extra = [
      spec.required ? "required" : "",
      spec.default !== undefined ? `default: ${spec.default}` : "",
      spec.multiple ? "repeatable" : "",
    ]
      .filter(Boolean)
      .join("; ");
    return [flag, extra ? `${spec.description} (${extra})` : spec.description] as const;
  });
  const width = Math.max(0, ...rows.map(([flag]) => flag.length));
  return rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`);
}
