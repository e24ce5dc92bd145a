// FR-API-1: the gateway forwards one request body to whichever target or fallback answers, so they must speak one API.
import type { Rule, RuleFinding } from "./rule";
import { knownReach, routeViews } from "./util";

export const mixedApiShapes: Rule = {
  id: "FR-API-1",
  level: "error",
  title: "Mixed API shapes",
  explanation:
    "All targets and fallbacks of a route receive the same request body; a chat-completions request sent to an anthropic-messages deployment (or the reverse) fails.",
  fix: "Use deployments whose catalog `api` is the same for every target and fallback of the route; split differing models into separate task classes.",
  suppressible: false,
  check(config) {
    const out: RuleFinding[] = [];
    for (const view of routeViews(config)) {
      const reach = knownReach(view);
      if (new Set(reach.map((r) => r.info.model.api)).size <= 1) continue;
      const firstApi = reach[0]!.info.model.api;

      const odd = reach.find((r) => r.info.model.api !== firstApi)!;
      const list = reach.map((r) => `${r.ref} (${r.info.model.api})`).join(", ");
      out.push({
        file: view.env.file,
        path: odd.path,
        subject: view.route.taskClass,
        message: `targets and fallbacks speak different API shapes: ${list}; expected one shape for the whole route`,
      });
    }
    return out;
  },
};
