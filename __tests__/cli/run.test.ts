// The dispatcher: help, unknown commands, global options, and how failures become exit codes.
import { resolve } from "node:path";
import { UsageError } from "../../cli/args";
import { CliError, type Command, EXIT, defineCommand } from "../../cli/command";
import { COMMANDS } from "../../cli/commands";
import { GLOBAL_OPTIONS } from "../../cli/run";
import { STACK_FRAME, run } from "./helpers";

const CWD = resolve("/tmp/foundry-routes-cwd");

/** A command that records what it was given and then does `then`. */
function probe(then: () => number | Promise<number> = () => 0) {
  const seen: { configRoot?: string; options?: unknown; positionals?: readonly string[] } = {};
  const command = defineCommand({
    name: "probe",
    summary: "Record arguments",
    usage: "probe [--level N] [--dry-run] [ITEM]",
    options: {
      level: { type: "string", valueName: "N", description: "a level" },
      "dry-run": { type: "boolean", description: "do nothing" },
    },
    positionals: [{ name: "ITEM", description: "an item" }],
    run(args) {
      seen.configRoot = args.configRoot;
      seen.options = args.options;
      seen.positionals = args.positionals;
      return then();
    },
  });
  return { command, seen, commands: [command] as readonly Command[] };
}

describe("foundry-routes help", () => {
  test("help, --help and -h list every registered command with its summary on stdout, exit 0", async () => {
    for (const argv of [["help"], ["--help"], ["-h"]]) {
      // WHEN asked for help
      const r = await run(argv, { cwd: CWD });
      // THEN every command and its summary is listed, and nothing goes to stderr
      expect(r.code).toBe(0);
      expect(r.err).toBe("");
      for (const c of COMMANDS) expect(r.out).toMatch(new RegExp(`^  ${c.name} +${escape(c.summary)}$`, "m"));
      expect(r.out).toContain("--config-root DIR");
    }
  });

  test("no arguments prints the same list on stderr and exits 2 (a script that forgot the command must not pass)", async () => {
    const help = await run(["help"], { cwd: CWD });
    const bare = await run([], { cwd: CWD });
    expect(bare.code).toBe(2);
    expect(bare.out).toBe("");
    expect(bare.err).toBe(help.out);
  });

  test("`help <command>`, `<command> --help` and `<command> -h` print that command's usage and options", async () => {
    const { commands } = probe();
    for (const argv of [
      ["help", "probe"],
      ["probe", "--help"],
      ["probe", "-h"],
      ["--help", "probe"],
      ["probe", "--level", "3", "--help"],
    ]) {
      const r = await run(argv, { cwd: CWD, commands });
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^usage: foundry-routes probe \[--level N\] \[--dry-run\] \[ITEM\]\n/);
      expect(r.out).toMatch(/--level N\s+a level/);
      expect(r.out).toMatch(/--dry-run\s+do nothing/);
      expect(r.out).toMatch(/ITEM\s+an item \(optional\)/);
      expect(r.out).toMatch(/--config-root DIR/);
    }
  });

  test("--help wins over other mistakes on the same line", async () => {
    const { commands, seen } = probe();
    const r = await run(["probe", "--bogus", "--help"], { cwd: CWD, commands });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage: foundry-routes probe/);
    expect(seen.options).toBeUndefined();
  });

  test("--help after `--` is an argument, not a request for help", async () => {
    const { commands, seen } = probe();
    const r = await run(["probe", "--", "--help"], { cwd: CWD, commands });
    expect(r.code).toBe(0);
    expect(seen.positionals).toEqual(["--help"]);
  });
});

describe("foundry-routes usage errors", () => {
  test("an unknown command exits 2 with a suggestion and the command list", async () => {
    const r = await run(["valdate"], { cwd: CWD });
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err.split("\n")[0]).toBe(
      `foundry-routes: unknown command "valdate" (did you mean validate?); commands: ${COMMANDS.map((c) => c.name)
        .sort()
        .join(", ")}`,
    );
    expect(r.err).toMatch(/^usage: foundry-routes \[--config-root DIR\] <command> \[options\]$/m);
    expect(await run(["help", "nope"], { cwd: CWD }).then((x) => x.code)).toBe(2);
  });

  test("an unknown option exits 2 with one message line, the command's usage, and a pointer to --help", async () => {
    const { commands, seen } = probe();
    const r = await run(["probe", "--levle", "3"], { cwd: CWD, commands });
    expect(r.code).toBe(2);
    expect(r.err.split("\n")).toEqual([
      "foundry-routes probe: unknown option --levle (did you mean --level?)",
      "usage: foundry-routes probe [--level N] [--dry-run] [ITEM]",
      'Run "foundry-routes probe --help" for more.',
      "",
    ]);
    expect(seen.options).toBeUndefined();
  });

  test("a missing option value and a surplus argument exit 2", async () => {
    const { commands } = probe();
    expect((await run(["probe", "--level"], { cwd: CWD, commands })).err).toMatch(/^foundry-routes probe: option --level needs a value/);
    expect((await run(["probe", "a", "b"], { cwd: CWD, commands })).err).toMatch(/^foundry-routes probe: unexpected argument "b"/);
    expect((await run(["--config-root"], { cwd: CWD, commands })).code).toBe(2);
  });

  test.each([
    ["an unknown flag, with a suggestion", ["probe", "--dry-rn"], "unknown option --dry-rn (did you mean --dry-run?)"],
    ["a string option without its value", ["probe", "ITEM", "--level"], "option --level needs a value (expected --level N)"],
    ["a switch given a value", ["probe", "--dry-run=yes"], 'option --dry-run takes no value, but found "yes" (expected --dry-run alone)'],
    ["a single-value option given twice", ["probe", "--level", "1", "--level=2"], "option --level given more than once (expected it once)"],
    ["a value outside the choices", ["validate", "--format", "yaml"], 'option --format expected one of text, json, but found "yaml"'],
    [
      "an unknown global option before the command",
      ["--config-rot", "x", "probe"],
      "unknown option --config-rot (did you mean --config-root?)",
    ],
  ])("%s exits with EXIT.usage, the message first", async (_, argv, message) => {
    // GIVEN a command line with that mistake
    const { commands, seen } = probe();
    // WHEN it runs
    const r = await run(argv, { cwd: CWD, commands: [...commands, ...COMMANDS] });
    // THEN it exits 2 before the command runs, and the first line names the mistake
    expect(r.code).toBe(EXIT.usage);
    expect(r.code).toBe(2);
    expect(r.err.split("\n")[0]).toMatch(new RegExp(`^foundry-routes(?: [a-z-]+)?: ${escape(message)}$`));
    expect(seen.options).toBeUndefined();
  });

  test("`--flag=value` and `--flag value` give the command the same value", async () => {
    for (const argv of [
      ["probe", "--level=3"],
      ["probe", "--level", "3"],
    ]) {
      // GIVEN either spelling WHEN it runs THEN the command sees level 3
      const { commands, seen } = probe();
      expect((await run(argv, { cwd: CWD, commands })).code).toBe(EXIT.ok);
      expect(seen.options).toEqual({ level: "3", "dry-run": false });
    }
  });

  test("`--` before the command name ends the global options; after it, it ends the command's", async () => {
    // GIVEN `--` before the command name
    const before = probe();
    expect((await run(["--config-root", "repo", "--", "probe", "--dry-run"], { cwd: CWD, commands: before.commands })).code).toBe(0);
    // THEN the command runs with its own options
    expect(before.seen).toMatchObject({ configRoot: resolve(CWD, "repo"), options: { "dry-run": true }, positionals: [] });
    // GIVEN `--` after the command name THEN what follows is a positional, even if it looks like an option
    const after = probe();
    expect((await run(["probe", "--", "--level"], { cwd: CWD, commands: after.commands })).code).toBe(0);
    expect(after.seen).toMatchObject({ options: { level: undefined, "dry-run": false }, positionals: ["--level"] });
  });

  test("a UsageError thrown by a command gets the same treatment", async () => {
    const { commands } = probe(() => {
      throw new UsageError('unknown environment "qa" (known environments: dev)');
    });
    const r = await run(["probe"], { cwd: CWD, commands });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^foundry-routes probe: unknown environment "qa" \(known environments: dev\)\nusage: foundry-routes probe/);
  });

  test("a CliError prints one line with no usage and no stack, and exits with its code", async () => {
    const { commands } = probe(() => {
      throw new CliError("cannot read config/models.yaml: permission denied", 2);
    });
    const r = await run(["probe"], { cwd: CWD, commands });
    expect(r.code).toBe(2);
    expect(r.err).toBe("foundry-routes probe: cannot read config/models.yaml: permission denied\n");
  });
});

describe("foundry-routes internal errors", () => {
  const boom = () =>
    probe(() => {
      throw new TypeError("cannot read properties of undefined (reading 'accounts')");
    }).commands;

  test("an unexpected exception exits 70 with `internal error: <message>` and no stack", async () => {
    const r = await run(["probe"], { cwd: CWD, commands: boom() });
    expect(r.code).toBe(70);
    expect(r.err.split("\n")[0]).toBe("internal error: cannot read properties of undefined (reading 'accounts')");
    expect(r.err).toMatch(/FOUNDRY_ROUTES_DEBUG=1/);
    expect(r.err).not.toMatch(STACK_FRAME);
  });

  test("FOUNDRY_ROUTES_DEBUG=1 adds the stack", async () => {
    const r = await run(["probe"], { cwd: CWD, commands: boom(), env: { FOUNDRY_ROUTES_DEBUG: "1" } });
    expect(r.code).toBe(70);
    expect(r.err.split("\n")[0]).toBe("internal error: cannot read properties of undefined (reading 'accounts')");
    expect(r.err).toMatch(STACK_FRAME);
  });

  test("a rejected promise and a thrown non-Error are internal errors too", async () => {
    const rejected = probe(() => Promise.reject(new Error("async boom"))).commands;
    expect(await run(["probe"], { cwd: CWD, commands: rejected })).toMatchObject({
      code: 70,
      err: expect.stringMatching(/^internal error: async boom\n/),
    });
    const odd = probe(() => {
      throw "a string";
    }).commands;
    expect(await run(["probe"], { cwd: CWD, commands: odd })).toMatchObject({
      code: 70,
      err: expect.stringMatching(/^internal error: a string\n/),
    });
  });
});

describe("foundry-routes global options", () => {
  test("--config-root is resolved against the working directory, before or after the command name", async () => {
    for (const argv of [
      ["--config-root", "repo", "probe"],
      ["probe", "--config-root=repo"],
      ["--config-root=elsewhere", "probe", "--config-root", "repo"],
    ]) {
      const { commands, seen } = probe();
      expect((await run(argv, { cwd: CWD, commands })).code).toBe(0);
      expect(seen.configRoot).toBe(resolve(CWD, "repo"));
    }
  });

  test("without --config-root the working directory is the root, and the command sees only its own options", async () => {
    const { commands, seen } = probe();
    await run(["probe", "--level", "3", "--dry-run", "thing"], { cwd: CWD, commands });
    expect(seen.configRoot).toBe(CWD);
    expect(seen.options).toEqual({ level: "3", "dry-run": true });
    expect(seen.positionals).toEqual(["thing"]);
  });

  test("the exit code of the command is passed through", async () => {
    const { commands } = probe(() => 1);
    expect((await run(["probe"], { cwd: CWD, commands })).code).toBe(1);
  });
});

describe("the command registry", () => {
  test.each(COMMANDS.map((c) => [c.name, c] as const))("`help %s` lists every one of its options and the global ones", async (name, c) => {
    // GIVEN the command's declared options WHEN its help is asked for
    const r = await run(["help", name], { cwd: CWD });
    // THEN each option has its own line, generated from its spec
    expect(r.code).toBe(EXIT.ok);
    for (const option of [...Object.keys(c.options), ...Object.keys(GLOBAL_OPTIONS)])
      expect({ option, listed: new RegExp(`^  (?:-[a-z], )?--${option}\\b`, "m").test(r.out) }).toEqual({ option, listed: true });
  });

  test.each(COMMANDS.map((c) => [c.name, c] as const))(
    "%s is well-formed: kebab-case name, summary, usage naming every option, no clash with global options",
    (_, c) => {
      // One kebab-case word, or two for a command group (`eval init`).
      expect(c.name).toMatch(/^[a-z]+(?:-[a-z]+)*(?: [a-z]+(?:-[a-z]+)*)?$/);
      expect(c.summary.length).toBeGreaterThan(0);
      expect(c.usage.startsWith(`${c.name}`)).toBe(true);
      for (const option of Object.keys(c.options)) expect(c.usage).toContain(`--${option}`);
      for (const global of Object.keys(GLOBAL_OPTIONS)) expect(Object.keys(c.options)).not.toContain(global);
      expect(c.name).not.toBe("help");
    },
  );

  test("command names are unique", () => {
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
