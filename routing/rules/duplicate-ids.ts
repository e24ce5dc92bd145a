// FR-REF-4: ids are how everything refers to everything; a duplicate makes every reference to it ambiguous.
import { formatPath } from "../findings";
import { logicalId } from "../naming/terraform-names";
import type { Rule, RuleFinding } from "./rule";

type Path = (string | number)[];

export const duplicateIds: Rule = {
  id: "FR-REF-4",
  level: "error",
  title: "Duplicate ids",
  explanation:
    "Model ids, task class ids, account ids (per environment), deployment names (per account), routes (one per task class), the targets of a route, RAI policy names (per account) and consumer ids (per environment) must be unique: a reference to a duplicate is ambiguous and Azure would see two resources with one name.",
  fix: "Rename or remove the second occurrence; merge two routes for one task class into one route with several targets, and two targets naming one deployment into one target with their weights added.",
  suppressible: false,
  check(config) {
    const out: RuleFinding[] = [];
    /** Reports each repeat of a key, pointing at the repeat and naming the first occurrence. */
    // `norm` folds names that would land on one Terraform address (gpt-4.1 and gpt-4_1) into one key.
    const dupes = (
      file: string,
      what: string,
      items: { key: string; path: Path; subject?: string }[],
      norm: (k: string) => string = (k) => k,
    ) => {
      const first = new Map<string, { key: string; path: Path }>();
      for (const it of items) {
        const seen = first.get(norm(it.key));
        if (seen === undefined) first.set(norm(it.key), it);
        else if (seen.key === it.key)
          out.push({
            file,
            path: it.path,
            subject: it.subject ?? it.key,
            message: `duplicate ${what} "${it.key}" (first declared at ${formatPath(seen.path)}); expected each to be unique`,
          });
        else
          out.push({
            file,
            path: it.path,
            subject: it.subject ?? it.key,
            message: `${what} "${it.key}" maps to the same Terraform address as "${seen.key}" (${formatPath(seen.path)}); expected names that differ in more than '.' vs '_'`,
          });
      }
    };
    dupes(
      config.catalog.file,
      "model id",
      config.catalog.models.map((m, i) => ({ key: m.id, path: ["models", i, "id"] })),
    );
    dupes(
      config.taskClasses.file,
      "task class id",
      config.taskClasses.classes.map((c, i) => ({ key: c.id, path: ["taskClasses", i, "id"] })),
    );
    for (const env of config.environments) {
      const { accounts, routes } = env.spec;
      dupes(
        env.file,
        "account id",
        accounts.map((a, i) => ({ key: a.id, path: ["accounts", i, "id"] })),
      );
      accounts.forEach((a, ai) => {
        dupes(
          env.file,
          `deployment name in account ${a.id}`,
          a.deployments.map((d, di) => ({ key: d.name, path: ["accounts", ai, "deployments", di, "name"], subject: `${a.id}/${d.name}` })),
          logicalId,
        );
        dupes(
          env.file,
          `RAI policy name in account ${a.id}`,
          a.raiPolicies.map((p, pi) => ({ key: p.name, path: ["accounts", ai, "raiPolicies", pi, "name"], subject: `${a.id}/${p.name}` })),
          logicalId,
        );
      });
      dupes(
        env.file,
        "route for task class",
        routes.map((r, i) => ({ key: r.taskClass, path: ["routes", i, "taskClass"] })),
      );
      routes.forEach((r, ri) =>
        dupes(
          env.file,
          `target of route ${r.taskClass}`,
          r.targets.map((t, ti) => ({ key: t.deployment, path: ["routes", ri, "targets", ti, "deployment"], subject: r.taskClass })),
        ),
      );
      dupes(
        env.file,
        "consumer id",
        env.spec.consumers.map((c, i) => ({ key: c.id, path: ["consumers", i, "id"] })),
      );
    }
    return out;
  },
};
