// The argument parser: declared options only, values by space or "=", clear one-line errors.
import { UsageError, describeOptions, editDistance, parseArgs } from "../../cli/args";

const OPTIONS = {
  env: { type: "string", valueName: "NAME", description: "environment" },
  format: { type: "string", choices: ["text", "json"], default: "text", description: "output format" },
  check: { type: "boolean", description: "only compare" },
  tag: { type: "string", multiple: true, description: "a tag" },
  help: { type: "boolean", short: "h", description: "help" },
} as const;

const POSITIONALS = [
  { name: "TASK_CLASS", description: "task class", required: true },
  { name: "DATE", description: "date" },
];

function usageError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error("expected a UsageError");
}

describe("parseArgs", () => {
  test("reads --flag value, --flag=value, booleans, positionals, and applies defaults", () => {
    // GIVEN a mix of forms
    // WHEN parsed
    const a = parseArgs(["chat", "--env", "prod", "--check", "2025-01-01"], OPTIONS, POSITIONALS);
    const b = parseArgs(["--env=prod", "--format=json", "chat"], OPTIONS, POSITIONALS);
    // THEN values land under their names, unset booleans are false, unset strings take their default
    expect(a.options).toMatchObject({ env: "prod", check: true, format: "text", help: false });
    expect(a.positionals).toEqual(["chat", "2025-01-01"]);
    expect(b.options).toMatchObject({ env: "prod", format: "json", check: false });
    expect(b.options.env).toBe("prod");
  });

  test("--flag= gives an empty value, and a value may contain '='", () => {
    const r = parseArgs(["--env=", "chat"], OPTIONS, POSITIONALS);
    expect(r.options.env).toBe("");
    expect(parseArgs(["--env=a=b", "chat"], OPTIONS, POSITIONALS).options.env).toBe("a=b");
  });

  test("a repeatable option collects values in order; a single one given twice is an error", () => {
    expect(parseArgs(["--tag", "a", "--tag=b", "x"], OPTIONS, POSITIONALS).options.tag).toEqual(["a", "b"]);
    expect(usageError(() => parseArgs(["--env", "a", "--env", "b", "x"], OPTIONS, POSITIONALS))).toBe(
      "option --env given more than once (expected it once)",
    );
  });

  test("`--` ends options: what follows is positional even if it starts with a dash", () => {
    const r = parseArgs(["--", "--env", "-x"], OPTIONS, [
      { name: "A", description: "a" },
      { name: "B", description: "b" },
    ]);
    expect(r.positionals).toEqual(["--env", "-x"]);
    expect(r.options.env).toBeUndefined();
  });

  test("short aliases work", () => {
    expect(parseArgs(["-h", "x"], OPTIONS, POSITIONALS).options.help).toBe(true);
  });

  test("an unknown option is a usage error, with a suggestion when one is close", () => {
    expect(usageError(() => parseArgs(["--evn", "prod"], OPTIONS))).toBe("unknown option --evn (did you mean --env?)");
    expect(usageError(() => parseArgs(["--frobnicate"], OPTIONS))).toBe("unknown option --frobnicate");
    expect(usageError(() => parseArgs(["-x"], OPTIONS))).toBe("unknown option -x");
  });

  test("a missing value is a usage error, including when the next word is another option", () => {
    expect(usageError(() => parseArgs(["--env"], OPTIONS))).toBe("option --env needs a value (expected --env NAME)");
    expect(usageError(() => parseArgs(["--env", "--check"], OPTIONS))).toBe("option --env needs a value (expected --env NAME)");
  });

  test("a boolean given a value and a value outside the choices are usage errors", () => {
    expect(usageError(() => parseArgs(["--check=yes"], OPTIONS))).toBe(
      'option --check takes no value, but found "yes" (expected --check alone)',
    );
    expect(usageError(() => parseArgs(["--format", "xml"], OPTIONS))).toBe('option --format expected one of text, json, but found "xml"');
  });

  test("a required option must be given; its type is then a plain string", () => {
    // GIVEN an option declared required
    const specs = { date: { type: "string", valueName: "DATE", required: true, description: "when" } } as const;
    // WHEN it is absent, THEN a usage error says how to give it
    expect(usageError(() => parseArgs([], specs))).toBe("missing option --date (expected --date DATE)");
    // WHEN it is present, THEN its value is returned and help marks it required
    const date: string = parseArgs(["--date", "2026-01-01"], specs).options.date;
    expect(date).toBe("2026-01-01");
    expect(describeOptions(specs)[0]).toMatch(/when \(required\)$/);
  });

  test("positionals are checked against the declaration", () => {
    expect(usageError(() => parseArgs([], OPTIONS, POSITIONALS))).toBe("missing argument TASK_CLASS");
    expect(usageError(() => parseArgs(["a", "b", "c"], OPTIONS, POSITIONALS))).toBe('unexpected argument "c"');
    expect(usageError(() => parseArgs(["stray"], OPTIONS))).toBe('unexpected argument "stray"');
  });

  test("stopAtPositional reads leading options only and returns the rest untouched", () => {
    // GIVEN global options before a command name, and command options after it
    const r = parseArgs(["--env", "x", "validate", "--bogus", "y"], OPTIONS, [], true);
    // THEN only the leading part is parsed
    expect(r.options.env).toBe("x");
    expect(r.rest).toEqual(["validate", "--bogus", "y"]);
  });

  test("a switch given a value with `=` is a usage error, whatever the value", () => {
    // GIVEN a boolean option --json
    const specs = { json: { type: "boolean", description: "json output" } } as const;
    // WHEN it is given a value, THEN the error names the option and the value
    expect(usageError(() => parseArgs(["--json=yes"], specs))).toBe(
      'option --json takes no value, but found "yes" (expected --json alone)',
    );
    expect(usageError(() => parseArgs(["--json="], specs))).toBe('option --json takes no value, but found "" (expected --json alone)');
    // AND a switch given twice is still just on
    expect(parseArgs(["--json", "--json"], specs).options.json).toBe(true);
  });

  test("a value may start with a dash only when it is attached with `=`, or is `-` itself", () => {
    // GIVEN a string option WHEN its value is attached, or is the conventional `-`
    // THEN it is taken as written
    expect(parseArgs(["--env=-x", "chat"], OPTIONS, POSITIONALS).options.env).toBe("-x");
    expect(parseArgs(["--env", "-", "chat"], OPTIONS, POSITIONALS).options.env).toBe("-");
    // WHEN the next word is `--`, THEN the value was forgotten
    expect(usageError(() => parseArgs(["--env", "--", "chat"], OPTIONS, POSITIONALS))).toBe(
      "option --env needs a value (expected --env NAME)",
    );
  });

  test("each value of a repeatable option is checked against its choices", () => {
    // GIVEN a repeatable option with choices
    const specs = { level: { type: "string", multiple: true, choices: ["low", "high"], description: "level" } } as const;
    // WHEN one value of several is not allowed, THEN that value is named with the allowed ones
    expect(parseArgs(["--level", "low", "--level=high"], specs).options.level).toEqual(["low", "high"]);
    expect(usageError(() => parseArgs(["--level", "low", "--level", "mid"], specs))).toBe(
      'option --level expected one of low, high, but found "mid"',
    );
  });

  test("a single-dash word is read as a mistyped long option, with a suggestion", () => {
    // GIVEN `-help` and `-envv` (one dash), which node splits into letters
    // WHEN parsed THEN the error names the whole word and the long option it is close to
    expect(usageError(() => parseArgs(["-help"], OPTIONS))).toBe("unknown option -help (did you mean --help?)");
    expect(usageError(() => parseArgs(["-envv", "prod"], OPTIONS))).toBe("unknown option -envv (did you mean --env?)");
    // AND a letter that is a long option's name but not a declared alias is unknown
    expect(usageError(() => parseArgs(["-e"], { e: { type: "boolean", description: "e" } }))).toBe("unknown option -e");
  });

  test("stopAtPositional: `--` ends the leading options and what follows is the rest", () => {
    // GIVEN global options, `--`, then a command name and its own options
    const r = parseArgs(["--env", "x", "--", "validate", "--check"], OPTIONS, [], true);
    // THEN the rest starts after `--`, untouched
    expect(r.options.env).toBe("x");
    expect(r.rest).toEqual(["validate", "--check"]);
    expect(r.positionals).toEqual([]);
  });

  test("an option after `--` is a positional, and a later `--` is a positional too", () => {
    // GIVEN `--` followed by words that look like options
    const r = parseArgs(["--check", "--", "--format", "--"], OPTIONS, POSITIONALS);
    // THEN they are the positionals, and only the option before `--` is set
    expect(r.positionals).toEqual(["--format", "--"]);
    expect(r.options).toMatchObject({ check: true, format: "text" });
    // AND they still count against the declared positionals
    expect(usageError(() => parseArgs(["a", "--", "b", "-c"], OPTIONS, POSITIONALS))).toBe('unexpected argument "-c"');
  });

  test("an inherited property name is not mistaken for an option", () => {
    expect(usageError(() => parseArgs(["--constructor"], OPTIONS))).toMatch(/^unknown option --constructor/);
    expect(usageError(() => parseArgs(["--toString=1"], OPTIONS))).toMatch(/^unknown option --toString/);
  });
});

describe("describeOptions", () => {
  test("lists each option with its value form, default and repeatability, aligned", () => {
    const lines = describeOptions(OPTIONS);
    expect(lines).toHaveLength(Object.keys(OPTIONS).length);
    expect(lines.find((l) => l.includes("--format"))).toMatch(/--format text\|json\s+output format \(default: text\)$/);
    expect(lines.find((l) => l.includes("--tag"))).toMatch(/--tag VALUE\s+a tag \(repeatable\)$/);
    expect(lines.find((l) => l.includes("--help"))).toMatch(/-h, --help/);
    // Descriptions start in one column.
    const starts = lines.map((l, i) => l.lastIndexOf(`  ${Object.values(OPTIONS)[i]!.description}`));
    expect(starts.every((s) => s > 0)).toBe(true);
    expect(new Set(starts).size).toBe(1);
  });
});

describe("editDistance", () => {
  test("counts insertions, deletions and substitutions", () => {
    expect(editDistance("env", "env")).toBe(0);
    expect(editDistance("evn", "env")).toBe(2);
    expect(editDistance("form", "format")).toBe(2);
    expect(editDistance("", "abc")).toBe(3);
  });
});
