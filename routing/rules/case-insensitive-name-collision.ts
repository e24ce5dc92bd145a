// FR-NAME-2: Azure compares resource names without case, and custom subdomains and API Management names are global
// DNS names. Two names that differ only in case are one resource to Azure: the second create fails at apply time, or
// (across environments) one environment takes the other's endpoint.
import { formatPath, location } from "../findings";
import { logicalId } from "../naming/terraform-names";
import type { Rule, RuleFinding } from "./rule";
import { type AzureName, accountNames, createdApiManagementName } from "./util";

interface Named {
  readonly file: string;
  readonly path: (string | number)[];
  readonly value: string;
  readonly subject?: string;
  /** How a derived name came about, e.g. "derived as ais-<project>-<env>-<id>". */
  readonly how?: string;
}

export const caseInsensitiveNameCollision: Rule = {
  id: "FR-NAME-2",
  level: "error",
  // Not suppressible: Azure would refuse the second resource, or hand one environment's endpoint to another.
  suppressible: false,
  title: "Case-insensitive name collision",
  explanation:
    "Azure resource names are case-insensitive: two deployments (or RAI policies) of one account, or two accounts of one environment, whose names differ only in case are one resource to Azure. Custom subdomains (<name>.cognitiveservices.azure.com) and API Management names (<name>.azure-api.net) are global DNS names, so they must differ, ignoring case, across all environments too.",
  fix: "Rename one of the two (set accounts[].customSubdomain or gateway.name for a derived name); the message names the other occurrence's file and line.",
  check(config) {
    const out: RuleFinding[] = [];
    const where = (n: Named) => {
      const pos = config.sources.get(n.file)?.position(n.path);
      return `${location({ file: n.file, line: pos?.line })} ${formatPath(n.path)}`;
    };
    /**
     * Reports each name whose lowercase form another name has. `skip` leaves pairs to other findings (FR-REF-4
     * reports exact and Terraform-address duplicates of deployments and RAI policies).
     */
    const collide = <T extends Named>(what: string, why: string, items: readonly T[], skip: (a: T, b: T) => boolean = () => false) => {
      const groups = new Map<string, T[]>();
      for (const it of items) groups.set(it.value.toLowerCase(), [...(groups.get(it.value.toLowerCase()) ?? []), it]);
      for (const group of groups.values()) {
        if (group.length < 2) continue;
        for (const [i, it] of group.entries()) {
          // One finding per collision: in one file at the later name (naming the first); across files in each file,
          // so that both environments' owners see it.
          const others = group.filter((o, j) => o !== it && !skip(it, o) && (o.file !== it.file || j < i));
          if (others.length === 0) continue;
          const first = others[0]!;
          const more = others.length > 1 ? ` and ${others.length - 1} more` : "";
          out.push({
            file: it.file,
            path: it.path,
            subject: it.subject,
            message:
              first.value === it.value
                ? `${what} "${it.value}"${how(it)} is also used at ${where(first)}${more} (${why}); expected a unique name`
                : `${what} "${it.value}"${how(it)} is the same name to Azure as "${first.value}" at ${where(first)}${more} (${why}); expected names that differ in more than case`,
          });
        }
      }
    };
    const how = (n: Named) => (n.how === undefined ? "" : ` (${n.how})`);
    const terraformDuplicate = (a: Named, b: Named) => a.value === b.value || logicalId(a.value) === logicalId(b.value);
    for (const env of config.environments) {
      env.spec.accounts.forEach((a, ai) => {
        collide(
          `deployment name in account ${a.id}`,
          "deployment names are case-insensitive",
          a.deployments.map((d, di) => ({
            file: env.file,
            path: ["accounts", ai, "deployments", di, "name"],
            value: d.name,
            subject: `${a.id}/${d.name}`,
          })),
          terraformDuplicate,
        );
        collide(
          `RAI policy name in account ${a.id}`,
          "RAI policy names are case-insensitive",
          a.raiPolicies.map((p, pi) => ({
            file: env.file,
            path: ["accounts", ai, "raiPolicies", pi, "name"],
            value: p.name,
            subject: `${a.id}/${p.name}`,
          })),
          terraformDuplicate,
        );
      });
      collide(
        "account name",
        "accounts of one environment share its resource group, and account names are case-insensitive",
        accountNames(env).map((n) => named(n.name)),
      );
    }
    // Global names: every environment at once. Two accounts of one environment with one name are reported above.
    const subdomains = config.environments.flatMap((env) =>
      accountNames(env).map((n) => ({ ...named(n.subdomain), accountName: `${env.file}\u0000${n.name.value.toLowerCase()}` })),
    );
    collide(
      "custom subdomain",
      "custom subdomains are global DNS names (<name>.cognitiveservices.azure.com)",
      subdomains,
      (a, b) => a.accountName === b.accountName,
    );
    collide(
      "API Management service name",
      "API Management names are global DNS names (<name>.azure-api.net)",
      config.environments.flatMap((env) => {
        const n = createdApiManagementName(env);
        return n ? [named(n)] : [];
      }),
    );
    return out;
  },
};

function named(n: AzureName): Named {
  return { file: n.env.file, path: n.path, value: n.value, subject: n.subject, how: n.how };
}
