// The command registry. Adding a command: one file in this directory, one import and one entry below.
import type { Command } from "../command";
import { planSummary } from "./plan-summary";
import { recommend } from "./recommend";
import { review } from "./review";
import { schema } from "./schema";
import { validate } from "./validate";
import { history } from "./history";
import { at } from "./at";
import { whichCommit } from "./which-commit";
import { synth } from "./synth";
import { telemetry } from "./telemetry";
import { evalInit } from "./eval-init";
import { evalImport } from "./eval-import";
import { observe } from "./observe";
import { usage } from "./usage";

export const COMMANDS: readonly Command[] = [
  validate,
  synth,
  schema,
  review,
  planSummary,
  recommend,
  history,
  at,
  whichCommit,
  evalInit,
  evalImport,
  telemetry,
  observe,
  usage,
];
