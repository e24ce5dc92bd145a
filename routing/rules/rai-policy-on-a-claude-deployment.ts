// FR-RAI-2: Foundry applies no content filter to Claude deployments, so a raiPolicy there is not sent and has no effect.
import type { Rule, RuleFinding } from "./rule";
import { deploymentViews } from "./util";

/** The raiPolicy every deployment gets when the YAML names none. */
const DEFAULT_RAI_POLICY = "Microsoft.DefaultV2";

export const raiPolicyOnAClaudeDeployment: Rule = {
  id: "FR-RAI-2",
  level: "warning",
  title: "RAI policy on a Claude deployment",
  explanation:
    "Foundry's Claude deployments take no content filter at deployment time, so the deployment is created without raiPolicyName; a raiPolicy set on one suggests a filter that does not run.",
  fix: "Remove raiPolicy from the Claude deployment, and filter its traffic elsewhere (for example a content-safety step in the gateway or the caller).",
  check(config) {
    const out: RuleFinding[] = [];
    for (const d of deploymentViews(config)) {
      if (d.model?.vendor !== "anthropic" || d.deployment.raiPolicy === DEFAULT_RAI_POLICY) continue;
      out.push({
        file: d.env.file,
        path: [...d.path, "raiPolicy"],
        subject: d.ref,
        message: `raiPolicy "${d.deployment.raiPolicy}" has no effect on ${d.model.id}: Claude deployments are created without a content filter`,
      });
    }
    return out;
  },
};
