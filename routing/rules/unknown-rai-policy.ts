// FR-RAI-1: a deployment's content filter must exist, or Azure rejects the deployment (or, worse, drift hides which filter applies).
import type { Rule, RuleFinding } from "./rule";
import { deploymentViews, knownList } from "./util";

/** Azure's built-in policies (Microsoft.Default, Microsoft.DefaultV2, …) exist on every account. */
const BUILT_IN_RAI_PREFIX = "Microsoft.";

export const unknownRaiPolicy: Rule = {
  id: "FR-RAI-1",
  level: "error",
  // Not suppressible: Azure would refuse the deployment at apply time.
  suppressible: false,
  title: "Unknown RAI policy",
  explanation:
    "A deployment's raiPolicy must be one of its account's raiPolicies or a Microsoft built-in (Microsoft.*); any other name does not exist on the account.",
  fix: "Declare the policy under the account's raiPolicies, or use a built-in such as Microsoft.DefaultV2.",
  check(config) {
    const out: RuleFinding[] = [];
    for (const d of deploymentViews(config)) {
      const name = d.deployment.raiPolicy;
      const own = d.account.raiPolicies.map((p) => p.name);
      if (name.startsWith(BUILT_IN_RAI_PREFIX) || own.includes(name)) continue;
      out.push({
        file: d.env.file,
        path: [...d.path, "raiPolicy"],
        subject: d.ref,
        message: `unknown RAI policy "${name}" (account ${d.account.id} declares: ${knownList(own)}); expected one of those or a built-in ${BUILT_IN_RAI_PREFIX}*`,
      });
    }
    return out;
  },
};
