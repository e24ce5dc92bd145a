// Runs the audit commands in-process, as the bin would, and captures what they print.
import { at } from "../../cli/commands/at";
import { history } from "../../cli/commands/history";
import { whichCommit } from "../../cli/commands/which-commit";
import { captureIo } from "../../cli/io";
import { runCli } from "../../cli/run";
import { configFilesAt } from "../../io/git";
import { routingVersion } from "../../routing/table/hash";
import { loadConfig } from "../../routing/config/loader";
import type { atJson, historyJson, whichCommitJson } from "../../routing/audit";
import { type RoutingTable, routingTable } from "../../routing/table/table";

export interface Ran {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** `foundry-routes <argv>` with the working directory `cwd`. */
export async function cli(cwd: string, ...argv: string[]): Promise<Ran> {
  const io = captureIo(cwd);
  const code = await runCli(argv, io, [history, at, whichCommit]);
  return { code, out: io.out(), err: io.err() };
}

/** What `history`, `at` and `which-commit` print with `--format json`. */
export type HistoryJson = ReturnType<typeof historyJson>;
export type AtJson = ReturnType<typeof atJson>;
export type WhichCommitJson = ReturnType<typeof whichCommitJson>;

/** `--format json` output, parsed; fails the test on a non-zero exit. */
export async function cliJson<T = unknown>(cwd: string, ...argv: string[]): Promise<T> {
  const r = await cli(cwd, ...argv, "--format", "json");
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.err}`);
  return JSON.parse(r.out) as T;
}

/**
 * Tables of a commit computed straight from git with the shared modules, independently of the audit walk:
 * the oracle the tests compare against. Undefined when the commit does not load.
 */
export function tablesAt(dir: string, sha: string): Map<string, RoutingTable> | undefined {
  const loaded = loadConfig(configFilesAt(dir, sha));
  if (!loaded.config) return undefined;
  return new Map(loaded.config.environments.map((e) => [e.name, routingTable(loaded.config!, e)]));
}

/** The routing version of `env` at `sha` (what the gateway would send), or undefined. */
export function versionAt(dir: string, sha: string, env: string): string | undefined {
  const t = tablesAt(dir, sha)?.get(env);
  return t && routingVersion(t);
}
