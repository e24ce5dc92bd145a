// FR-CAP-1: deployments draw on one regional quota per SKU and model; over-asking fails at apply time, part-way through.
import { deploymentRef } from "../config/model";
import type { Rule, RuleFinding } from "./rule";

export const capacityOverQuota: Rule = {
  id: "FR-CAP-1",
  level: "error",
  title: "Capacity over quota",
  explanation:
    "Azure grants capacity (K TPM, or PTUs for provisioned SKUs) per subscription, region, SKU and model. When an environment's deployments together ask for more than the declared quota, apply fails part-way.",
  fix: "Lower the deployments' capacity, spread them over regions or SKUs, or raise the quota in Azure first and then update `quotas` in the environment file.",
  check(config) {
    const out: RuleFinding[] = [];
    for (const env of config.environments) {
      env.spec.quotas.forEach((q, qi) => {
        const parts: string[] = [];
        let sum = 0;
        for (const a of env.spec.accounts) {
          if (a.region !== q.region) continue;
          for (const d of a.deployments) {
            if (d.sku !== q.sku || d.model !== q.model) continue;
            sum += d.capacity;
            parts.push(`${deploymentRef(a, d)}=${d.capacity}`);
          }
        }
        if (sum <= q.capacity) return;
        out.push({
          file: env.file,
          path: ["quotas", qi, "capacity"],
          subject: q.model,
          message: `deployments of ${q.model} (${q.sku}) in ${q.region} ask for ${sum} in total (${parts.join(" + ")}), but the quota is ${q.capacity}`,
        });
      });
    }
    return out;
  },
};
