// The command registry. Adding a command: one file in this directory, one import and one entry below.
import type { Command } from "../command";
import { schema } from "./schema";
import { validate } from "./validate";

export const COMMANDS: readonly Command[] = [
  validate,
  schema,
];
