// FR-ROUTE-2: a fallback is where traffic goes when the targets fail; repeating a target or a fallback adds no resilience.
import type { Rule, RuleFinding } from "./rule";
import { routeViews } from "./util";

export const redundantFallback: Rule = {
  id: "FR-ROUTE-2",
  level: "error",
  title: "Redundant fallback",
  explanation:
    "A fallback that is also a target of the same route, or a fallback listed twice, retries the deployment that just failed (429 or 5xx) instead of failing over.",
  fix: "Remove the repeated fallback, or replace it with a different deployment (ideally in another account or region).",
  check(config) {
    const out: RuleFinding[] = [];
    for (const { env, route, routeIndex } of routeViews(config)) {
      const targets = new Set(route.targets.map((t) => t.deployment));
      const seen = new Map<string, number>();
      route.fallbacks.forEach((ref, i) => {
        const path = ["routes", routeIndex, "fallbacks", i];
        if (targets.has(ref)) {
          out.push({
            file: env.file,
            path,
            subject: route.taskClass,
            message: `fallback "${ref}" is also a target of this route; expected fallbacks to differ from targets`,
          });
        } else if (seen.has(ref)) {
          out.push({
            file: env.file,
            path,
            subject: route.taskClass,
            message: `fallback "${ref}" is listed twice (first at fallbacks[${seen.get(ref)}]); expected each fallback once`,
          });
        }
        if (!seen.has(ref)) seen.set(ref, i);
      });
    }
    return out;
  },
};
