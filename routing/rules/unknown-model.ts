// FR-REF-1: a deployment (and a quota) must name a model the catalog describes; everything else (provenance, SKUs,
// versions, quota checks) hangs off it.
import type { Rule, RuleFinding } from "./rule";
import { deploymentViews, expectedOneOf } from "./util";

export const unknownModel: Rule = {
  id: "FR-REF-1",
  level: "error",
  title: "Unknown model",
  explanation:
    "A deployment's model, and a quota's, must be a catalog id from config/models.yaml: provenance, SKU, version and API shape checks all depend on the catalog entry, and a quota for an unknown model checks no deployment (FR-CAP-1).",
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
        message: `unknown model "${d.deployment.model}" (${expectedOneOf(d.deployment.model, ids)})`,
      });
    }
    for (const env of config.environments) {
      env.spec.quotas.forEach((q, i) => {
        if (ids.includes(q.model)) return;
        out.push({
          file: env.file,
          path: ["quotas", i, "model"],
          subject: q.model,
          message: `quota for unknown model "${q.model}" (a catalog id, not the Azure model name; ${expectedOneOf(q.model, ids)})`,
        });
      });
    }
    return out;
  },
};
