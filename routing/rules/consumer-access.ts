// FR-ACCESS-1: consumers must be resolvable by the gateway: known task classes, one owner per identity, quotas on
// their own classes, and token validation switched on.
import { taskClassesById } from "../config/model";
import type { Rule, RuleFinding } from "./rule";

export const consumerAccess: Rule = {
  id: "FR-ACCESS-1",
  level: "error",
  // Not suppressible: the gateway would map a token to the wrong consumer, or to none.
  suppressible: false,
  title: "Consumer access",
  explanation:
    "Each consumer's task classes must be catalogue task classes routed in the environment; an identity (application or object id) may belong to one consumer only, case-insensitively; a quota's task class must be one of the consumer's; and consumers need `access` (Entra ID validation), without which no token is read.",
  fix: "Fix the task class id, give the identity to one consumer, move the quota to a class the consumer uses, or add `access: {tenantId, audiences}`.",
  check(config) {
    const classes = taskClassesById(config);
    const out: RuleFinding[] = [];
    for (const env of config.environments) {
      const consumers = env.spec.consumers;
      if (consumers.length === 0) continue;
      if (!env.spec.access) {
        out.push({
          file: env.file,
          path: ["consumers"],
          message: `${consumers.length} consumer(s) but no access block; expected access: {tenantId, audiences} so the gateway validates Entra ID tokens`,
        });
      }
      const routed = new Set(env.spec.routes.map((r) => r.taskClass));
      const owner = new Map<string, string>();
      consumers.forEach((c, ci) => {
        c.taskClasses.forEach((tc, ti) => {
          if (classes.has(tc) && routed.has(tc)) return;
          out.push({
            file: env.file,
            path: ["consumers", ci, "taskClasses", ti],
            subject: c.id,
            message: classes.has(tc)
              ? `consumer ${c.id} names task class "${tc}", which has no route in ${env.name}; expected a routed class`
              : `consumer ${c.id} names unknown task class "${tc}"; expected one of config/task-classes.yaml`,
          });
        });
        c.identities.forEach((identity, ii) => {
          const key = identity.toLowerCase();
          const first = owner.get(key);
          if (first === undefined) owner.set(key, c.id);
          else
            out.push({
              file: env.file,
              path: ["consumers", ci, "identities", ii],
              subject: c.id,
              message: `identity ${identity} is claimed by consumers ${first} and ${c.id}; expected one consumer per identity`,
            });
        });
        c.quotas.forEach((q, qi) => {
          if (q.taskClass === undefined || c.taskClasses.includes(q.taskClass)) return;
          out.push({
            file: env.file,
            path: ["consumers", ci, "quotas", qi, "taskClass"],
            subject: c.id,
            message: `quota of consumer ${c.id} is for task class "${q.taskClass}", which the consumer may not use; expected one of ${c.taskClasses.join(", ")}`,
          });
        });
      });
    }
    return out;
  },
};
