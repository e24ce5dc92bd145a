// FR-SKU-1: Foundry offers each model only on some deployment types; the catalog lists which.
import type { Rule, RuleFinding } from "./rule";
import { deploymentViews } from "./util";

export const unsupportedSku: Rule = {
  id: "FR-SKU-1",
  level: "error",
  // Not suppressible: Azure would refuse the deployment at apply time.
  suppressible: false,
  title: "Unsupported SKU",
  explanation:
    "Foundry offers each model only on some deployment SKUs (GlobalStandard, DataZoneStandard, provisioned, …); another SKU fails at apply time, and it also decides where data is processed.",
  fix: "Use one of the model's foundry.skus, or add the SKU to the catalog entry once Foundry offers it (with a source).",
  check(config) {
    const out: RuleFinding[] = [];
    for (const d of deploymentViews(config)) {
      if (!d.model || d.model.foundry.skus.includes(d.deployment.sku)) continue;
      out.push({
        file: d.env.file,
        path: [...d.path, "sku"],
        subject: d.ref,
        message: `sku ${d.deployment.sku} is not offered for ${d.model.id}; expected one of ${d.model.foundry.skus.join(", ")}`,
      });
    }
    return out;
  },
};
