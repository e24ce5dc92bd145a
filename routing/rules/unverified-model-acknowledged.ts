// FR-AVAIL-3: an acknowledged unverified model stays visible in every report, quoting the acknowledgement.
import type { Rule, RuleFinding } from "./rule";
import { deploymentViews } from "./util";

export const unverifiedModelAcknowledged: Rule = {
  id: "FR-AVAIL-3",
  level: "warning",
  title: "Unverified model acknowledged",
  explanation:
    "The deployment uses a model whose Foundry availability is unverified and carries an acknowledgement; the warning keeps that decision visible in reviews until the catalog is verified.",
  fix: "Verify availability and set foundry.availability to ga or preview in config/models.yaml (with a source); the warning then disappears.",
  check(config) {
    const out: RuleFinding[] = [];
    for (const d of deploymentViews(config)) {
      const ack = d.deployment.acknowledgement;
      if (d.model?.foundry.availability !== "unverified" || ack === undefined) continue;
      out.push({
        file: d.env.file,
        path: [...d.path, "acknowledgement"],
        subject: d.ref,
        message: `model ${d.model.id} has unverified Foundry availability, deployed with acknowledgement "${ack.trim()}"`,
      });
    }
    return out;
  },
};
