#!/usr/bin/env node
// The foundry-routes bin. Everything testable lives in run.ts; this file only binds it to the process.
import { processIo } from "./io";
import { runCli } from "./run";

// A closed pipe (`foundry-routes validate | head`) is not an error worth a stack trace.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  process.stderr.write(`internal error: cannot write output: ${e.message}\n`);
  process.exit(70);
});

void runCli(process.argv.slice(2), processIo()).then((code) => {
  // exitCode, not exit(): let buffered output reach a pipe before the process ends.
  process.exitCode = code;
});
