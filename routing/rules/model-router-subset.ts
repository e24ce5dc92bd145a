// FR-ROUTER-1: a model router's routing block must name catalog models Azure can route to, on a router only.
import { modelsById } from "../config/model";
import type { Rule, RuleFinding } from "./rule";
import { deploymentViews, expectedOneOf } from "./util";

export const modelRouterSubset: Rule = {
  id: "FR-ROUTER-1",
  level: "error",
  // Not suppressible: Azure refuses the deployment request.
  suppressible: false,
  title: "Model router subset",
  explanation:
    "`routing` is only valid on a model router deployment. Each subset model is sent to Azure as format, name and version, so it must be a catalog model with a pinned version; a Claude model in the subset must also be deployed on the same account (Azure answers InvalidResourceProperties otherwise).",
  fix: "Set routing only on deployments of a model with foundry.router: true; list catalog ids with a foundry.version; deploy any Claude model of the subset on the same account first.",
  check(config) {
    const models = modelsById(config);
    const out: RuleFinding[] = [];
    for (const d of deploymentViews(config)) {
      const routing = d.deployment.routing;
      if (!routing || !d.model) continue;
      const at = (i?: number) => (i === undefined ? [...d.path, "routing"] : [...d.path, "routing", "models", i]);
      if (!d.model.foundry.router) {
        out.push({
          file: d.env.file,
          path: at(),
          subject: d.ref,
          message: `routing is set on ${d.model.id}, which is not a model router; expected it only on a model with foundry.router: true`,
        });
        continue;
      }
      routing.models.forEach((id, i) => {
        const m = models.get(id);
        const problem = !m
          ? `unknown catalog model "${id}" (${expectedOneOf(
              id,
              [...models.values()].filter((x) => !x.foundry.router).map((x) => x.id),
            )})`
          : m.foundry.router
            ? `${id} is itself a model router (expected catalog models the router chooses between)`
            : !m.foundry.version
              ? `${id} has no foundry.version in the catalog, and Azure needs one per subset model`
              : m.vendor === "anthropic" && !d.account.deployments.some((x) => x.model === id)
                ? `${id} is a Claude model not deployed on account ${d.account.id}; Azure routes only to Claude deployments of the same account`
                : undefined;
        if (problem) out.push({ file: d.env.file, path: at(i), subject: d.ref, message: `model router subset: ${problem}` });
      });
    }
    return out;
  },
};
