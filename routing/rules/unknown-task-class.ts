// FR-REF-3: routes, traffic estimates and the default route must name task classes from config/task-classes.yaml.
import type { Rule, RuleFinding } from "./rule";
import { expectedOneOf } from "./util";

export const unknownTaskClass: Rule = {
  id: "FR-REF-3",
  level: "error",
  title: "Unknown task class",
  explanation:
    "Task classes carry the policy (provenance, complexity, latency) a route is checked against; a route, traffic estimate or default route for an undeclared class escapes every check.",
  fix: "Use an id from config/task-classes.yaml, or declare the task class there first.",
  suppressible: false,
  check(config) {
    const ids = new Set(config.taskClasses.classes.map((c) => c.id));
    const out: RuleFinding[] = [];
    for (const env of config.environments) {
      const report = (id: string, path: (string | number)[], where: string) => {
        if (!ids.has(id))
          out.push({ file: env.file, path, subject: id, message: `${where} names unknown task class "${id}" (${expectedOneOf(id, ids)})` });
      };
      env.spec.routes.forEach((route, i) => report(route.taskClass, ["routes", i, "taskClass"], "route"));
      for (const key of Object.keys(env.spec.traffic).sort()) report(key, ["traffic", key], "traffic estimate");
      if (env.spec.defaultRoute !== undefined) report(env.spec.defaultRoute, ["defaultRoute"], "defaultRoute");
    }
    return out;
  },
};
