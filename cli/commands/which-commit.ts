// foundry-routes which-commit: from an x-routing-version response header to the commit that produced it.
import { findRoutingVersion, normalizeRoutingVersion, renderWhichCommitText, whichCommitJson } from "../../routing/audit";
import { EXIT, defineCommand } from "../command";
import { oneLine } from "../../routing/findings";
import { REF_OPTION, auditStep, openHistory } from "./history";

export const whichCommit = defineCommand({
  name: "which-commit",
  summary: "The commit that produced a routing version (x-routing-version) and when it was live",
  usage: "which-commit <ROUTING_VERSION> [--env NAME] [--format table|json] [--ref REF]",
  description: [
    "Hashes every environment's routing table along the first-parent history of REF exactly as the gateway does,",
    "and prints the first commit that produced the version and each span it was live: until the next commit that",
    'changed that environment\'s version, or "still live". A unique prefix of at least 4 hex digits is accepted.',
    "Exit status: 0 found, 1 unknown routing version, 2 usage or git error.",
  ].join("\n"),
  positionals: [{ name: "ROUTING_VERSION", description: "value of the x-routing-version header (or a unique prefix)", required: true }],
  options: {
    env: { type: "string", valueName: "NAME", description: "only this environment" },
    format: { type: "string", choices: ["table", "json"], default: "table", description: "output format" },
    ref: REF_OPTION,
  },
  run(args, io) {
    const o = args.options;
    // required: the parser rejects a missing ROUTING_VERSION
    const version = auditStep(() => normalizeRoutingVersion(args.positionals[0]!));

    const h = openHistory(args.configRoot, o.ref);
    const spans = auditStep(() => findRoutingVersion(h, version, o.env));
    if (spans.length === 0) {
      io.stderr(oneLine(`unknown routing version "${version}": no commit on ${o.ref} produced it${o.env ? ` for ${o.env}` : ""}`) + "\n");
      return EXIT.findings;
    }
    io.stdout(o.format === "json" ? `${JSON.stringify(whichCommitJson(h, spans), null, 2)}\n` : renderWhichCommitText(spans));
    return EXIT.ok;
  },
});
