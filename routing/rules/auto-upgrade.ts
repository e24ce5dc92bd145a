// FR-PIN-2: auto-upgrade lets the vendor change the serving model without a commit.
import type { Rule, RuleFinding } from "./rule";
import { deploymentViews } from "./util";

export const autoUpgrade: Rule = {
  id: "FR-PIN-2",
  level: "warning",
  title: "Auto-upgrade",
  explanation:
    "With versionUpgradeOption other than NoAutoUpgrade a vendor can change what serves you without a settings change, so git no longer says which model version answered.",
  fix: "Set versionUpgradeOption: NoAutoUpgrade (the default) and upgrade by changing `version` in a reviewed commit.",
  check(config) {
    const out: RuleFinding[] = [];
    for (const d of deploymentViews(config)) {
      const opt = d.deployment.versionUpgradeOption;
      if (opt === "NoAutoUpgrade") continue;
      out.push({
        file: d.env.file,
        path: [...d.path, "versionUpgradeOption"],
        subject: d.ref,
        message: `versionUpgradeOption is ${opt}, expected NoAutoUpgrade: the serving model version can change without a commit`,
      });
    }
    return out;
  },
};
