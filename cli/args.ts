// A small argument parser: `--flag value`, `--flag=value`, boolean `--flag`, positionals, `--` ends options.
import { EXIT, UserError } from "../routing/errors";
// Every option is declared by the command, so a typo is a usage error instead of a silently ignored flag.

export interface OptionSpec {
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
export type OptionValues<O extends OptionSpecs> = {
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

/**
 * Parses `argv` against declared options and positionals.
 * With `stopAtPositional`, parsing ends at the first positional and the rest is returned untouched
 * (used to read global options that precede the command name).
 */
export function parseArgs<O extends OptionSpecs>(
  argv: readonly string[],
  options: O,
  positionals: readonly PositionalSpec[] = [],
  stopAtPositional = false,
): ParsedArgs<O> & { readonly rest: readonly string[] } {
  const values: Record<string, string | boolean | string[] | undefined> = {};
  for (const [name, spec] of Object.entries(options)) {
    values[name] = spec.type === "boolean" ? false : spec.multiple ? [] : spec.default;
  }
  const given = new Set<string>();
  const shortNames = new Map(Object.entries(options).flatMap(([name, spec]) => (spec.short ? [[spec.short, name] as const] : [])));
  const found: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      found.push(...argv.slice(i + 1));
      i = argv.length;
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      if (stopAtPositional) break;
      found.push(arg);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq === -1 ? undefined : arg.slice(eq + 1);
    } else {
      const long = arg.length === 2 ? shortNames.get(arg.slice(1)) : undefined;
      if (long === undefined) throw new UsageError(`unknown option ${arg}`);
      name = long;
    }
    const spec = Object.prototype.hasOwnProperty.call(options, name) ? options[name] : undefined;
    if (!spec) throw new UsageError(`unknown option --${name}${suggest(name, Object.keys(options))}`);
    if (spec.type === "boolean") {
      if (inline !== undefined) throw new UsageError(`option --${name} takes no value, but found "${inline}"`);
      values[name] = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      // A following option is not a value: `--env --format json` means the value was forgotten.
      if (next === undefined || (next.startsWith("-") && next !== "-")) {
        throw new UsageError(`option --${name} needs a value (expected --${name} ${spec.valueName ?? "VALUE"})`);
      }
      value = next;
      i++;
    }
    if (spec.choices && !spec.choices.includes(value)) {
      throw new UsageError(`option --${name} expected one of ${spec.choices.join(", ")}, but found "${value}"`);
    }
    if (spec.multiple) (values[name] as string[]).push(value);
    else {
      if (given.has(name)) throw new UsageError(`option --${name} given more than once`);
      values[name] = value;
    }
    given.add(name);
  }
  const rest = argv.slice(i);
  if (!stopAtPositional) {
    const absent = Object.entries(options).find(([name, spec]) => spec.required && spec.type === "string" && !given.has(name));
    if (absent) throw new UsageError(`missing option --${absent[0]} (expected --${absent[0]} ${absent[1].valueName ?? "VALUE"})`);
    if (found.length > positionals.length) {
      throw new UsageError(`unexpected argument "${found[positionals.length]}"`);
    }
    const missing = positionals.slice(found.length).find((p) => p.required);
    if (missing) throw new UsageError(`missing argument ${missing.name}`);
  }
  return { options: values as OptionValues<O>, positionals: found, rest };
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

export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

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
