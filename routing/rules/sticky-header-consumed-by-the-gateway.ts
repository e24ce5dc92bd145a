// FR-ROUTE-4: a sticky key the gateway consumes before routing makes every request look alike.
import { consumedRequestHeaders } from "../gateway/forwarding";
import type { Rule, RuleFinding } from "./rule";

export const stickyHeaderConsumed: Rule = {
  id: "FR-ROUTE-4",
  level: "error",
  suppressible: false,
  title: "Sticky header consumed by the gateway",
  explanation:
    "The gateway deletes the subscription-key headers and Authorization, and routes on x-task-class, before it computes the sticky bucket. A sticky key read from one of them is empty or the same for every request of the class, so the weighted split collapses onto one target.",
  fix: "Use a header the caller sets per session, such as x-session-id, or `subscription: true`.",
  check(config) {
    const consumed = consumedRequestHeaders();
    const out: RuleFinding[] = [];
    for (const env of config.environments) {
      env.spec.routes.forEach((route, i) => {
        const sticky = route.sticky;
        if (!sticky || !("header" in sticky) || !consumed.includes(sticky.header.toLowerCase())) return;
        out.push({
          file: env.file,
          path: ["routes", i, "sticky", "header"],
          subject: route.taskClass,
          message: `route ${route.taskClass} keys its sticky split on "${sticky.header}", which the gateway consumes before routing (expected a header other than ${consumed.join(", ")})`,
        });
      });
    }
    return out;
  },
};
