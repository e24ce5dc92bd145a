// FR-NAME-1: every Azure name the stacks derive must fit Azure's length and character rules, or apply fails after
// plan, part-way through. Checked on the derived value and reported at the YAML field that decides it.
import { NAME_LIMITS, type NameLimit, nameProblem } from "../naming/azure-names";
import { deploymentRef } from "../config/model";
import type { Rule, RuleFinding } from "./rule";
import { type AzureName, accountNames, createdApiManagementName } from "./util";

export const azureNameLimits: Rule = {
  id: "FR-NAME-1",
  level: "error",
  // Not suppressible: Azure refuses the name at apply time.
  suppressible: false,
  title: "Azure name limits",
  explanation:
    "Azure limits the length and characters of every resource name: Foundry account and project names 2–64, custom subdomains 2–64 letters, digits and hyphens (the account name by default), API Management services 1–50 starting with a letter, resource groups 1–90 not ending in a period, deployment names 64. A derived name such as ais-<project>-<env>-<id> can break a limit no field breaks on its own.",
  fix: "Shorten the field the finding points at (the project, the environment file name or the account id for a derived name), or set the name explicitly (accounts[].name, customSubdomain, projectName, gateway.name).",
  check(config) {
    const out: RuleFinding[] = [];
    const report = (n: AzureName, limit: NameLimit, fix: string) => {
      const problem = nameProblem(n.value, limit);
      if (problem === undefined) return;
      const how = n.how === undefined ? "" : ` (${n.how})`;
      out.push({
        file: n.env.file,
        path: n.path,
        subject: n.subject,
        message: `${limit.what} "${n.value}"${how} ${problem} (source: ${limit.source})${fix}`,
      });
    };
    for (const env of config.environments) {
      const rg = env.spec.resourceGroup;
      report(
        "create" in rg
          ? { env, value: rg.name, path: ["resourceGroup", "name"] }
          : { env, value: rg.existing, path: ["resourceGroup", "existing"] },
        NAME_LIMITS.resourceGroup,
        "",
      );
      for (const { account, index, name, subdomain, project } of accountNames(env)) {
        const derivedFix = (field: string) =>
          `; set accounts[${index}].${field}, or shorten the project, the environment name or the account id`;
        report(name, NAME_LIMITS.account, name.how === undefined ? "" : derivedFix("name"));
        // A subdomain that is the account name repeats the account's own problem: report that once.
        if (account.customSubdomain !== undefined || nameProblem(name.value, NAME_LIMITS.account) === undefined) {
          report(
            subdomain,
            NAME_LIMITS.customSubdomain,
            account.customSubdomain === undefined ? `; set accounts[${index}].customSubdomain` : "",
          );
        }
        report(project, NAME_LIMITS.project, project.how === undefined ? "" : derivedFix("projectName"));
        account.deployments.forEach((d, di) =>
          report(
            { env, value: d.name, path: ["accounts", index, "deployments", di, "name"], subject: deploymentRef(account, d) },
            NAME_LIMITS.deployment,
            "",
          ),
        );
      }
      const apim = createdApiManagementName(env);
      if (apim)
        report(
          apim,
          NAME_LIMITS.apiManagement,
          apim.how === undefined ? "" : "; set gateway.name, or shorten the project or the environment name",
        );
      const gateway = env.spec.gateway;
      if (gateway && "existing" in gateway) {
        report(
          { env, value: gateway.existing.resourceGroupName, path: ["gateway", "existing", "resourceGroupName"] },
          NAME_LIMITS.resourceGroup,
          "",
        );
      }
    }
    return out;
  },
};
