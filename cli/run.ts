// Dispatch: global options, command lookup, help, and turning every failure into an exit code.
// User errors print one line (plus usage for command-line mistakes); only bugs may show a stack, and only on request.
import { resolve } from "node:path";
import { type OptionSpecs, UsageError, describeOptions, editDistance, parseArgs } from "./args";
import { type Command, EXIT, PROGRAM } from "./command";
import { UserError } from "../routing/errors";
import { oneLine, safeLines } from "../routing/findings";
import { COMMANDS } from "./commands";
import type { Io } from "./io";

/** Options every command accepts, before or after the command name. */
export const GLOBAL_OPTIONS = {
  "config-root": { type: "string", valueName: "DIR", description: "directory that contains config/ (default: the working directory)" },
  help: { type: "boolean", short: "h", description: "show help and exit" },
} as const satisfies OptionSpecs;

/** Runs the CLI in-process and returns the exit code; never throws. */
export async function runCli(argv: readonly string[], io: Io, commands: readonly Command[] = COMMANDS): Promise<number> {
  let current: Command | undefined;
  try {
    const globals = parseArgs(argv, GLOBAL_OPTIONS, [], true);
    // A two-word command (`eval init`) is named by its first two words.
    const [first, ...afterFirst] = globals.rest;
    const twoWords = first !== undefined && commands.some((c) => c.name === `${first} ${afterFirst[0]}`);
    const name = twoWords ? `${first} ${afterFirst[0]}` : first;
    const rest = twoWords ? afterFirst.slice(1) : afterFirst;
    if (name === undefined) {
      if (globals.options.help) {
        io.stdout(generalHelp(commands));
        return EXIT.ok;
      }
      io.stderr(generalHelp(commands));
      return EXIT.usage;
    }
    if (name === "help") {
      const topic = rest.length > 1 && commands.some((c) => c.name === `${rest[0]} ${rest[1]}`) ? `${rest[0]} ${rest[1]}` : rest[0];
      if (topic === undefined) {
        io.stdout(generalHelp(commands));
        return EXIT.ok;
      }
      io.stdout(commandHelp(findCommand(commands, topic)));
      return EXIT.ok;
    }
    const command = findCommand(commands, name);
    current = command;
    const dashDash = rest.indexOf("--");
    const flags = dashDash === -1 ? rest : rest.slice(0, dashDash);
    // --help wins over any other mistake on the line: the user is asking how to write it.
    if (globals.options.help || flags.includes("--help") || flags.includes("-h")) {
      io.stdout(commandHelp(command));
      return EXIT.ok;
    }
    const parsed = parseArgs(rest, { ...command.options, ...GLOBAL_OPTIONS }, command.positionals ?? []);
    const configRoot = resolve(io.cwd, parsed.options["config-root"] ?? globals.options["config-root"] ?? ".");
    const values = parsed.options as Readonly<Record<string, unknown>>;
    const options = Object.fromEntries(Object.keys(command.options).map((k) => [k, values[k]])) as typeof parsed.options;
    return await command.run({ options, positionals: parsed.positionals, configRoot }, io);
  } catch (e) {
    if (e instanceof UsageError) {
      const who = current ? `${PROGRAM} ${current.name}` : PROGRAM;
      // One line whatever the user typed: an argument with a newline or an escape sequence is shown escaped.
      io.stderr(`${who}: ${oneLine(e.message)}\n`);
      io.stderr(current ? `usage: ${PROGRAM} ${current.usage}\n` : `usage: ${PROGRAM} [--config-root DIR] <command> [options]\n`);
      io.stderr(`Run "${current ? `${PROGRAM} ${current.name} --help` : `${PROGRAM} help`}" for more.\n`);
      return EXIT.usage;
    }
    if (e instanceof UserError) {
      // A user error may list several problems, one per line (bad rows of a usage file); every line is made safe.
      io.stderr(`${current ? `${PROGRAM} ${current.name}` : PROGRAM}: ${safeLines(e.message)}\n`);
      return e.exitCode;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    io.stderr(`internal error: ${oneLine(err.message)}\n`);
    if (io.env.FOUNDRY_ROUTES_DEBUG === "1") io.stderr(`${err.stack ?? ""}\n`);
    else io.stderr(`This is a bug in ${PROGRAM}; set FOUNDRY_ROUTES_DEBUG=1 to see the stack trace.\n`);
    return EXIT.internal;
  }
}

function findCommand(commands: readonly Command[], name: string): Command {
  const command = commands.find((c) => c.name === name);
  if (command) return command;
  const subcommands = commands.filter((c) => c.name.startsWith(`${name} `)).map((c) => c.name);
  if (subcommands.length > 0) throw new UsageError(`"${name}" needs a subcommand: ${subcommands.sort().join(", ")}`);
  const near = commands
    .map((c) => c.name)
    .filter((n) => editDistance(n, name) <= 2)
    .sort();
  const hint = near.length > 0 ? ` (did you mean ${near[0]}?)` : "";
  throw new UsageError(
    `unknown command "${name}"${hint}; commands: ${commands
      .map((c) => c.name)
      .sort()
      .join(", ")}`,
  );
}

function generalHelp(commands: readonly Command[]): string {
  const sorted = [...commands].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const width = Math.max(4, ...sorted.map((c) => c.name.length));
  return [
    `usage: ${PROGRAM} [--config-root DIR] <command> [options]`,
    "",
    "Routing-as-code for Azure AI Foundry: model deployments, task-class routes and their gateway.",
    "",
    "commands:",
    ...sorted.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${"help".padEnd(width)}  Show help for a command`,
    "",
    "global options:",
    ...describeOptions(GLOBAL_OPTIONS),
    "",
    `Run "${PROGRAM} <command> --help" for a command's options.`,
    "",
  ].join("\n");
}

function commandHelp(command: Command): string {
  const positionals = command.positionals ?? [];
  const width = Math.max(0, ...positionals.map((p) => p.name.length));
  return [
    `usage: ${PROGRAM} ${command.usage}`,
    "",
    command.summary,
    ...(command.description ? ["", command.description] : []),
    ...(positionals.length > 0
      ? ["", "arguments:", ...positionals.map((p) => `  ${p.name.padEnd(width)}  ${p.description}${p.required ? "" : " (optional)"}`)]
      : []),
    ...(Object.keys(command.options).length > 0 ? ["", "options:", ...describeOptions(command.options)] : []),
    "",
    "global options:",
    ...describeOptions(GLOBAL_OPTIONS),
    "",
  ].join("\n");
}
