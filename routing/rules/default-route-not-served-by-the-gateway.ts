// FR-ROUTE-3: a default route the gateway does not serve leaves requests without a class on an empty route.
import { isGatewayApiShape } from "../gateway/forwarding";
import { routingTable } from "../table/table";
import type { Rule, RuleFinding } from "./rule";

export const defaultRouteNotServed: Rule = {
  id: "FR-ROUTE-3",
  level: "error",
  suppressible: false,
  title: "Default route not served by the gateway",
  explanation:
    "Requests that name no task class take the defaultRoute. When the gateway does not serve that class (its API shape is not proxied), such requests fall through to an empty class instead of being routed.",
  fix: "Set defaultRoute to a task class whose route has a chat-completions or anthropic-messages model, or remove defaultRoute so such requests get a 400 that lists the classes.",
  check(config) {
    const out: RuleFinding[] = [];
    for (const env of config.environments) {
      const name = env.spec.defaultRoute;
      if (!env.spec.gateway || name === undefined) continue;
      const route = routingTable(config, env).routes.find((r) => r.taskClass === name);
      // An unknown class is FR-REF-3's finding; one root cause gives one finding.
      if (!route || isGatewayApiShape(route.api)) continue;
      out.push({
        file: env.file,
        path: ["defaultRoute"],
        subject: name,
        message: `defaultRoute ${name} has API shape ${route.api}, which the gateway does not serve (expected a task class on chat-completions or anthropic-messages)`,
      });
    }
    return out;
  },
};
