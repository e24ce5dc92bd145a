// FR-GATEWAY-2: a route the gateway cannot serve is only a promise; reviewers should see that, not discover it.
import { isGatewayApiShape } from "../gateway/forwarding";
import { routingTable } from "../table/table";
import type { Rule, RuleFinding } from "./rule";

export const gatewayUnservedRoute: Rule = {
  id: "FR-GATEWAY-2",
  level: "warning",
  title: "Route not served by the gateway",
  explanation:
    "The gateway serves the chat-completions and anthropic-messages API shapes. A route of another shape (e.g. moderation) gets no backend: clients must call its deployments directly, so the gateway's x-routed-* audit headers do not cover it.",
  fix: "Call the route's deployment directly and record that in a suppression reason, or route the task class to a model with a served API shape.",
  check(config) {
    const out: RuleFinding[] = [];
    for (const env of config.environments) {
      if (!env.spec.gateway) continue;
      // The same test gatewayPlan uses to leave a route out; no need to generate the policy for it.
      const unserved = routingTable(config, env).routes.filter((r) => !isGatewayApiShape(r.api));
      for (const u of unserved) {
        const routeIndex = env.spec.routes.findIndex((r) => r.taskClass === u.taskClass);
        out.push({
          file: env.file,
          path: ["routes", routeIndex, "taskClass"],
          subject: u.taskClass,
          message: `route ${u.taskClass} has API shape ${u.api}, which the gateway does not serve (expected chat-completions or anthropic-messages); its clients bypass the gateway`,
        });
      }
    }
    return out;
  },
};
