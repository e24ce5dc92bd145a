// foundry-routes plan-summary: a reviewer's Markdown summary of `terraform show -json` output, secrets masked.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { planSummaryMarkdown } from "../../routing/plan-summary/plan-summary";
import { CliError, EXIT, defineCommand } from "../command";

export const planSummary = defineCommand({
  name: "plan-summary",
  summary: "Summarize a Terraform JSON plan for a pull-request comment (sensitive values masked)",
  usage: "plan-summary PLAN_JSON",
  description: [
    "PLAN_JSON is the output of `terraform show -json <planfile>`. Prints Markdown: counts of create, update,",
    "replace and delete; deletions and replacements first; routing-relevant resources (model deployments, APIM",
    "policies, backends, named values) called out. Values marked sensitive in the plan never appear.",
    "Exit status: 0 summary printed, 2 unreadable file or not a JSON plan.",
  ].join("\n"),
  options: {},
  positionals: [
    { name: "PLAN_JSON", description: "plan in Terraform's JSON format (terraform show -json plan.tfplan > plan.json)", required: true },
  ],
  run(args, io) {
    const name = args.positionals[0]!; // required: the parser rejects a missing PLAN_JSON

    const file = resolve(io.cwd, name);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      throw new CliError(
        `cannot read ${name}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`,
        EXIT.usage,
      );
    }
    // A malformed plan is a PlanSummaryError (a UserError): exit 2, one line.
    io.stdout(planSummaryMarkdown(text, name));
    return EXIT.ok;
  },
});
