// foundry-routes history: every first-parent commit that changed config/, with its semantic routing changes.
import {
  type AuditHistory,
  historyEntries,
  historyJson,
  parsePointInTime,
  renderHistoryCsv,
  renderHistoryText,
  walkHistory,
} from "../../routing/audit";
import { EXIT, defineCommand } from "../command";
import { oneLine } from "../../routing/findings";

/** Runs an audit step; git failures and bad values are UserErrors (exit 2, one line, no stack) as they are thrown. */
export function auditStep<T>(step: () => T): T {
  return step();
}

/** The history of `ref` for the project at `configRoot`. */
export function openHistory(configRoot: string, ref: string): AuditHistory {
  return auditStep(() => walkHistory(configRoot, ref));
}

export const REF_OPTION = {
  type: "string",
  valueName: "REF",
  default: "main",
  description: "branch, tag or commit whose first-parent history is the audit log",
} as const;

export const history = defineCommand({
  name: "history",
  summary: "Who changed routing, when it landed, and what changed (from git)",
  usage: "history [--env NAME] [--task-class ID] [--since DATE] [--until DATE] [--rules] [--format table|json|csv] [--ref REF]",
  description: [
    "Walks the first-parent history of REF and lists every commit that changed config/, dated when it landed",
    "(committer date), with its routing changes in the words of `review` and each affected environment's routing",
    "version. A merge is one entry (diffed against its first parent); --format json lists the merged commits and",
    "the message body. A date alone means the start of that day (--since) or its end (--until), UTC.",
    "Revisions the current schema refuses are listed with their errors; the last valid routing stays in effect.",
    "Each deployment a commit gives more share of a task class is shown with the eval evidence of that commit",
    "(evals/, read from git): file, pass rate against the class's minimum, age at the commit, hash ok/tampered/missing.",
    "Exit status: 0 commits listed, 1 no matching commit, 2 usage or git error. See docs/audit.md.",
  ].join("\n"),
  options: {
    env: { type: "string", valueName: "NAME", description: "only changes to this environment (and models it deploys)" },
    "task-class": { type: "string", valueName: "ID", description: "only changes to this task class's route, its deployments and models" },
    since: { type: "string", valueName: "DATE", description: "only commits that landed at or after this ISO date/date-time" },
    until: { type: "string", valueName: "DATE", description: "only commits that landed at or before this ISO date/date-time" },
    rules: { type: "boolean", description: "also check each revision against the current policy rules (slower)" },
    format: { type: "string", choices: ["table", "json", "csv"], default: "table", description: "output format" },
    ref: REF_OPTION,
  },
  run(args, io) {
    const o = args.options;
    const since = o.since === undefined ? undefined : auditStep(() => parsePointInTime(o.since!, "start-of-day")).epoch;
    const until = o.until === undefined ? undefined : auditStep(() => parsePointInTime(o.until!, "end-of-day")).epoch;
    const h = openHistory(args.configRoot, o.ref);
    const entries = historyEntries(h, { environment: o.env, taskClass: o["task-class"], since, until, rules: o.rules });
    if (o.format === "json") io.stdout(`${JSON.stringify(historyJson(h, entries), null, 2)}\n`);
    else if (o.format === "csv") io.stdout(renderHistoryCsv(entries));
    else if (entries.length > 0) io.stdout(renderHistoryText(entries));
    if (entries.length === 0) {
      io.stderr(
        `${oneLine(`no commit on ${o.ref} changed routing${o.env ? ` of ${o.env}` : ""}${o["task-class"] ? ` for ${o["task-class"]}` : ""}${since !== undefined || until !== undefined ? " in that period" : ""}`)}\n`,
      );
      return EXIT.findings;
    }
    return EXIT.ok;
  },
});
