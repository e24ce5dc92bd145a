// FR-SAFETY-1: a route's content safety must name an account of its environment; the gateway has no endpoint else.
import type { Rule, RuleFinding } from "./rule";
import { knownList } from "./util";

export const unknownContentSafetyAccount: Rule = {
  id: "FR-SAFETY-1",
  level: "error",
  title: "Unknown content safety account",
  suppressible: false,
  explanation:
    "contentSafety.account names the Foundry account whose endpoint serves Azure AI Content Safety for the route. An account the environment does not declare has no endpoint and no role for the gateway, so the check could not run.",
  fix: "Name one of the environment's accounts (accounts[].id), give the resource id of an existing Content Safety resource in contentSafety.resource, or leave both out to use the account of the route's primary target.",
  check(config) {
    const out: RuleFinding[] = [];
    for (const env of config.environments) {
      const ids = env.spec.accounts.map((a) => a.id);
      env.spec.routes.forEach((route, i) => {
        const account = route.contentSafety?.account;
        if (account === undefined || ids.includes(account)) return;
        out.push({
          file: env.file,
          path: ["routes", i, "contentSafety", "account"],
          subject: route.taskClass,
          message: `content safety of route ${route.taskClass} names account "${account}", which environment ${env.name} does not declare (known: ${knownList(ids)})`,
        });
      });
    }
    return out;
  },
};
