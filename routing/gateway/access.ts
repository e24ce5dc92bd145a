// Who may call the gateway of one environment, as plain data: the Entra ID tenant and audiences it accepts, and the
// consumers its tokens map to, with the task classes and token quotas of each. Pure; the policy and the gateway
// construct read it.
import type { Environment } from "../config/loader";
import type { QUOTA_PERIODS } from "../config/schema";

interface QuotaPlan {
  /** The class the quota counts; absent: all the consumer's classes together. */
  readonly taskClass?: string;
  readonly tokens: number;
  readonly period: (typeof QUOTA_PERIODS)[number];
}

interface ConsumerPlan {
  readonly id: string;
  /** Application (client) ids or object ids, lower-case, sorted. */
  readonly identities: readonly string[];
  /** Sorted. */
  readonly taskClasses: readonly string[];
  readonly quotas: readonly QuotaPlan[];
}

export interface AccessPlan {
  readonly tenantId: string;
  readonly audiences: readonly string[];
  readonly subscriptionKeys: boolean;
  /** Sorted by id. */
  readonly consumers: readonly ConsumerPlan[];
}

/** Token claims that name the caller, in the order the gateway reads them: v1 `appid`, v2 `azp`, then `oid`. */
export const CALLER_CLAIMS = ["appid", "azp", "oid"] as const;

/** The environment's access plan, or undefined when it validates no tokens (callers then need a subscription key). */
export function accessPlan(env: Environment): AccessPlan | undefined {
  const access = env.spec.access;
  if (!access) return undefined;
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    tenantId: access.tenantId.toLowerCase(),
    audiences: [...access.audiences],
    subscriptionKeys: access.subscriptionKeys,
    consumers: env.spec.consumers
      .map((c) => ({
        id: c.id,
        identities: [...new Set(c.identities.map((i) => i.toLowerCase()))].sort(),
        taskClasses: [...new Set(c.taskClasses)].sort(),
        quotas: c.quotas.map((q) => (q.taskClass === undefined ? { tokens: q.tokens, period: q.period } : { ...q })),
      }))
      .sort(byId),
  };
}

/** The consumer an identity maps to (the first by id on a duplicate, which a rule reports). */
export function consumerOf(plan: AccessPlan, identity: string): ConsumerPlan | undefined {
  const id = identity.toLowerCase();
  return plan.consumers.find((c) => c.identities.includes(id));
}
