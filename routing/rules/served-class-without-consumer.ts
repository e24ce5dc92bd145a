// FR-ACCESS-2: with Entra ID validation on, a gateway-served class that no consumer may use answers 403 to everyone.
import { isGatewayApiShape } from "../gateway/forwarding";
import { routingTable } from "../table/table";
import type { Rule, RuleFinding } from "./rule";

export const servedClassWithoutConsumer: Rule = {
  id: "FR-ACCESS-2",
  level: "warning",
  title: "Served class without consumer",
  explanation:
    "When the gateway validates tokens (`access`), only consumers listed for a task class may call it; a routed class no consumer lists is deployed and paid for, but every request for it is answered 403.",
  fix: "Add the class to the consumers that need it, or remove its route.",
  check(config) {
    const out: RuleFinding[] = [];
    for (const env of config.environments) {
      if (!env.spec.access || !env.spec.gateway) continue;
      const allowed = new Set(env.spec.consumers.flatMap((c) => c.taskClasses));
      const served = new Set(
        routingTable(config, env)
          .routes.filter((r) => isGatewayApiShape(r.api))
          .map((r) => r.taskClass),
      );
      env.spec.routes.forEach((r, i) => {
        if (!served.has(r.taskClass) || allowed.has(r.taskClass)) return;
        out.push({
          file: env.file,
          path: ["routes", i, "taskClass"],
          subject: r.taskClass,
          message: `task class ${r.taskClass} is served by the gateway but no consumer may use it; every request for it is answered 403`,
        });
      });
    }
    return out;
  },
};
