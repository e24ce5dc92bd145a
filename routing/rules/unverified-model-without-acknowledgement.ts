// FR-AVAIL-2: nobody could confirm Foundry offers this model; deploying it must be a recorded, deliberate decision.
import type { Rule, RuleFinding } from "./rule";
import { deploymentViews } from "./util";

export const unverifiedModelWithoutAcknowledgement: Rule = {
  id: "FR-AVAIL-2",
  level: "error",
  title: "Unverified model without acknowledgement",
  explanation:
    "The catalog marks the model's Foundry availability as unverified: whether (and how) Foundry offers it could not be established. Deploying it anyway needs a written acknowledgement so reviewers see who checked what.",
  fix: "Add `acknowledgement:` to the deployment saying who checked availability, how, and why it is deployed anyway; or deploy a verified model.",
  check(config) {
    const out: RuleFinding[] = [];
    for (const d of deploymentViews(config)) {
      if (d.model?.foundry.availability !== "unverified" || d.deployment.acknowledgement !== undefined) continue;
      out.push({
        file: d.env.file,
        path: d.path,
        subject: d.ref,
        message: `model ${d.model.id} has unverified Foundry availability, but the deployment has no acknowledgement; expected acknowledgement: "<who checked what, and why>"`,
      });
    }
    return out;
  },
};
