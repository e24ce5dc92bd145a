// FR-ROUTE-1: target weights are percentages of one class's traffic.
import type { Rule, RuleFinding } from "./rule";
import { routeViews } from "./util";

export const weightsMustSumTo100: Rule = {
  id: "FR-ROUTE-1",
  level: "error",
  title: "Weights must sum to 100",
  explanation: "Target weights are the percentage of a task class's traffic each target gets; any other sum makes the split ambiguous.",
  fix: "Adjust the targets' weights so that they add up to exactly 100.",
  suppressible: false,
  check(config) {
    const out: RuleFinding[] = [];
    for (const { env, route, routeIndex } of routeViews(config)) {
      const sum = route.targets.reduce((s, t) => s + t.weight, 0);
      if (sum === 100) continue;
      const parts = route.targets.map((t) => `${t.deployment}=${t.weight}`).join(" + ");
      out.push({
        file: env.file,
        path: ["routes", routeIndex, "targets"],
        subject: route.taskClass,
        message: `target weights sum to ${sum} (${parts}), expected 100`,
      });
    }
    return out;
  },
};
