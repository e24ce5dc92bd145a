// FR-AVAIL-1: the catalog records that Foundry does not offer this model; deploying it can only fail at apply time.
import type { Rule, RuleFinding } from "./rule";
import { deploymentViews } from "./util";

export const modelNotOffered: Rule = {
  id: "FR-AVAIL-1",
  level: "error",
  // Not suppressible: Azure would refuse the deployment at apply time.
  suppressible: false,
  title: "Model not offered",
  explanation:
    "The catalog marks the model's Foundry availability as not-offered: a deployment of it fails at apply time, after other resources have changed.",
  fix: "Deploy a model Foundry offers, or update foundry.availability in config/models.yaml once Foundry offers it (with its source).",
  check(config) {
    const out: RuleFinding[] = [];
    for (const d of deploymentViews(config)) {
      if (d.model?.foundry.availability !== "not-offered") continue;
      const note = d.model.foundry.note ? ` (catalog note: ${d.model.foundry.note})` : "";
      out.push({
        file: d.env.file,
        path: [...d.path, "model"],
        subject: d.ref,
        message: `model ${d.model.id} is not offered on Foundry${note}; expected availability ga, preview or unverified`,
      });
    }
    return out;
  },
};
