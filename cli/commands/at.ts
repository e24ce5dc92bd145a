// foundry-routes at: the routing table in effect at a moment, as git recorded it.
import { atJson, parsePointInTime, renderAtCsv, renderAtText, routingAt } from "../../routing/audit";
import { UsageError } from "../args";
import { EXIT, defineCommand } from "../command";
import { oneLine } from "../../routing/findings";
import { REF_OPTION, auditStep, openHistory } from "./history";

export const at = defineCommand({
  name: "at",
  summary: "The routing table in effect at a date, with since-when and the models' provenance",
  usage: "at --date DATE [--env NAME] [--task-class ID] [--format table|json|csv] [--ref REF]",
  description: [
    "Shows the table of the last first-parent commit of REF that landed (committer date) at or before DATE:",
    "per route its targets, fallbacks and since when it has been unchanged (commit and author), and, as of then,",
    "each model's catalog version, availability, provenance and claims with their evidence, and per target the eval",
    "evidence file in that commit (pass rate, Promptfoo version, when it ran, the commit that added it).",
    "DATE is an ISO date (meaning the END of that day, UTC) or date-time (UTC unless it has an offset).",
    "Exit status: 0 found, 1 no routing configuration at that date (or no such environment/route), 2 usage or git error.",
  ].join("\n"),
  options: {
    date: { type: "string", valueName: "DATE", description: "ISO date (end of that day, UTC) or date-time; required" },
    env: { type: "string", valueName: "NAME", description: "only this environment" },
    "task-class": { type: "string", valueName: "ID", description: "only this task class's route" },
    format: { type: "string", choices: ["table", "json", "csv"], default: "table", description: "output format" },
    ref: REF_OPTION,
  },
  run(args, io) {
    const o = args.options;
    if (o.date === undefined) throw new UsageError("missing option --date (expected --date 2026-07-14 or --date 2026-07-14T09:30:00Z)");
    const when = auditStep(() => parsePointInTime(o.date!, "end-of-day"));
    const h = openHistory(args.configRoot, o.ref);
    const result = routingAt(h, when, { environment: o.env, taskClass: o["task-class"] });
    if (!result.found) {
      io.stderr(`${oneLine(result.message)}\n`);
      return EXIT.findings;
    }
    if (o.format === "json") io.stdout(`${JSON.stringify(atJson(h, result), null, 2)}\n`);
    else if (o.format === "csv") io.stdout(renderAtCsv(result));
    else io.stdout(renderAtText(h, result));
    return EXIT.ok;
  },
});
