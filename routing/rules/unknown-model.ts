// FR-REF-1: a deployment must name a model the catalog describes; everything else (provenance, SKUs, versions) hangs off it.
import type { Rule, RuleFinding } from "./rule";
import { deploymentViews, knownList } from "./util";

export const unknownModel: Rule = {
  id: "FR-REF-1",
  level: "error",
  title: "Unknown model",
  explanation:
    "A deployment's model must be a catalog id from config/models.yaml: provenance, SKU, version and API shape checks all depend on the catalog entry.",
  fix: "Use one of the catalog ids, or add the model to config/models.yaml first (with its evidence levels).",
  suppressible: false,
  check(config) {
    const ids = config.catalog.models.map((m) => m.id);
    const out: RuleFinding[] = [];
    for (const d of deploymentViews(config)) {
      if (d.model) continue;
      out.push({
        file: d.env.file,
        path: [...d.path, "model"],
        subject: d.ref,
        message: `unknown model "${d.deployment.model}" (known: ${knownList(ids)})`,
      });
    }
    return out;
  },
};
