// FR-REF-5: every declared task class needs a route, or callers of that class get no deployment at all.
import type { Rule, RuleFinding } from "./rule";

export const taskClassWithoutRoute: Rule = {
  id: "FR-REF-5",
  level: "error",
  title: "Task class without route",
  explanation:
    "A task class with no route in an environment has nowhere to go there: the gateway rejects its requests. Suppressible because a development environment may deliberately route only some classes; the suppression's reason records that decision.",
  fix: "Add a route for the task class to the environment's routes, or suppress FR-REF-5 for that class with a reason.",
  check(config) {
    const out: RuleFinding[] = [];
    for (const env of config.environments) {
      const routed = new Set(env.spec.routes.map((r) => r.taskClass));
      for (const tc of config.taskClasses.classes) {
        if (routed.has(tc.id)) continue;
        routed.add(tc.id); // a duplicate class id is FR-REF-4's; report the gap once
        out.push({
          file: env.file,
          path: ["routes"],
          subject: tc.id,
          message: `task class "${tc.id}" has no route in environment ${env.name} (expected one route with taskClass: ${tc.id})`,
        });
      }
    }
    return out;
  },
};
