// FR-PIN-1: the model version is what actually answers; an auditor must be able to read it from git.
import type { Rule, RuleFinding } from "./rule";
import { deploymentViews } from "./util";

/** Values that name "whatever is current" rather than one version. */
function isFloatingVersion(v: string): boolean {
  const s = v.trim().toLowerCase();
  return s === "" || s.includes("*") || ["latest", "default", "current", "stable", "auto"].includes(s);
}

export const unpinnedVersion: Rule = {
  id: "FR-PIN-1",
  level: "error",
  title: "Unpinned version",
  explanation:
    "Every deployment must pin one model version (its own `version`, else the catalog's foundry.version) so that git answers which model served a task class on a given date. Floating values such as latest or * do not.",
  fix: "Set `version:` on the deployment to a concrete version, or set foundry.version for the model in config/models.yaml.",
  suppressible: false,
  check(config) {
    const out: RuleFinding[] = [];
    for (const d of deploymentViews(config)) {
      if (!d.model) continue; // FR-REF-1
      const own = d.deployment.version;
      const version = own ?? d.model.foundry.version;
      if (version !== undefined && !isFloatingVersion(version)) continue;
      const path = own !== undefined ? [...d.path, "version"] : d.path;
      const found =
        version === undefined
          ? `no version (the deployment sets none and the catalog has no foundry.version for ${d.model.id})`
          : `floating version "${version}"${own === undefined ? ` (from the catalog entry ${d.model.id})` : ""}`;
      out.push({ file: d.env.file, path, subject: d.ref, message: `${found}; expected a concrete version such as "2024-11-20"` });
    }
    return out;
  },
};
