// Running the CLI in-process against throw-away config directories built in code.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asRecord, smallestConfig, toFiles, writeFiles } from "../../fixtures/builder";
import type { Command } from "../../cli/command";
import { captureIo } from "../../cli/io";
import { runCli } from "../../cli/run";

const temps: string[] = [];

/** A fresh directory holding `files` (relative path → text). Removed by `removeTemps`. */
export function tempRoot(files: Readonly<Record<string, string>> = {}): string {
  const root = mkdtempSync(join(tmpdir(), "foundry-routes-cli-"));
  temps.push(root);
  writeFiles(root, files);
  return root;
}

export function removeTemps(): void {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
}

export interface RunResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `foundry-routes <argv>` in-process. */
export async function run(
  argv: readonly string[],
  opts: { cwd: string; env?: Record<string, string>; commands?: readonly Command[] },
): Promise<RunResult> {
  const io = captureIo(opts.cwd, opts.env ?? {});
  const code = await runCli(argv, io, opts.commands);
  return { code, out: io.out(), err: io.err() };
}

/** A stack frame as node prints it ("    at fn (file.js:1:2)"); user errors must never contain one. */
export const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

/** The smallest valid config (fixtures/presets.ts), as files to pass to `tempRoot`. */
export function validConfig(): Record<string, string> {
  return asRecord(toFiles(smallestConfig()));
}
