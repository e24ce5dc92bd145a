// foundry-routes validate: schema and policy findings for config/, with a summary per file.
import { loadConfig } from "../../routing/config/loader";
import { RULES } from "../../routing/rules";
import type { Rule } from "../../routing/rules/rule";
import { validateEvidence, validateLoaded } from "../../routing/validate";
import { readEvidenceFiles } from "../../io/evals";
import { unknownEnvironment } from "../args";
import { EXIT, defineCommand } from "../command";
import { environmentNames, onlyEnvironment, readConfigFiles } from "../../io/config-files";
import { buildReport, renderJson, renderText } from "../findings-report";

/** The command over a rule set; tests pass their own rules so they do not depend on the live catalogue. */
export function validateCommand(rules: readonly Rule[] = RULES) {
  return defineCommand({
    name: "validate",
    summary: "Check config/ against the schema and the policy rules",
    usage: "validate [--env NAME] [--format text|json]",
    description: [
      "Prints errors, then warnings, then suppressed findings (with their reasons), then a summary per file.",
      "Eval evidence files under evals/ are checked too: a hand-edited one is an error (FR-EVAL-5).",
      "Exit status: 0 no errors, 1 schema or policy errors, 2 usage error or unreadable config.",
    ].join("\n"),
    options: {
      env: { type: "string", valueName: "NAME", description: "validate only this environment (with the catalog and task classes)" },
      format: { type: "string", choices: ["text", "json"], default: "text", description: "output format" },
    },
    run(args, io) {
      let files = readConfigFiles(args.configRoot);
      const env = args.options.env;
      if (env !== undefined) {
        const known = environmentNames(files);
        if (!known.includes(env)) {
          throw unknownEnvironment(env, known);
        }
        files = onlyEnvironment(files, env);
      }
      const result = validateLoaded(loadConfig(files), rules);
      // Eval evidence files must verify (FR-EVAL-5); route changes are checked by review, which has a base.
      const evidence = result.config ? validateEvidence({ head: result.config, evidence: readEvidenceFiles(args.configRoot) }) : [];
      const report = buildReport([...result.findings, ...evidence], files, result.config !== undefined);
      io.stdout(args.options.format === "json" ? renderJson(report) : renderText(report));
      return report.summary.errors > 0 ? EXIT.findings : EXIT.ok;
    },
  });
}

export const validate = validateCommand();
