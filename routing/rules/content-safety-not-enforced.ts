// FR-SAFETY-2: content safety is enforced by the gateway's llm-content-safety policy; where that policy cannot run,
// the setting would be a promise nobody keeps.
import { CONTENT_SAFETY_API } from "../gateway/forwarding";
import { routingTable } from "../table/table";
import type { Rule, RuleFinding } from "./rule";

export const contentSafetyNotEnforced: Rule = {
  id: "FR-SAFETY-2",
  level: "error",
  title: "Content safety not enforced",
  suppressible: false,
  explanation:
    "contentSafety is enforced by the gateway's llm-content-safety policy, which reads completion and chat-completion requests. In an environment without a gateway, or on a route of another API shape (anthropic-messages, moderation), no policy would check the class's requests although the config says they are checked.",
  fix: "Declare a gateway for the environment, or route the class to chat-completions models; otherwise remove contentSafety and filter with the deployments' RAI policies (raiPolicy).",
  check(config) {
    const out: RuleFinding[] = [];
    for (const env of config.environments) {
      const table = routingTable(config, env);
      env.spec.routes.forEach((route, i) => {
        if (!route.contentSafety) return;
        const api = table.routes.find((r) => r.taskClass === route.taskClass)?.api;
        const path = ["routes", i, "contentSafety"];
        if (!env.spec.gateway) {
          out.push({
            file: env.file,
            path,
            subject: route.taskClass,
            message: `route ${route.taskClass} asks for content safety, but environment ${env.name} has no gateway to enforce it (expected a gateway block, or no contentSafety)`,
          });
        } else if (api !== undefined && api !== CONTENT_SAFETY_API) {
          out.push({
            file: env.file,
            path,
            subject: route.taskClass,
            message: `route ${route.taskClass} asks for content safety but speaks ${api}, which llm-content-safety does not check (expected a ${CONTENT_SAFETY_API} route, or no contentSafety)`,
          });
        }
      });
    }
    return out;
  },
};
