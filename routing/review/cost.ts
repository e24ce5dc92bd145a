// Monthly cost estimate of an environment's routing, from its traffic profile and the catalog's prices.
// Model: requestsPerDay × (inputTokens × inputPer1M + outputTokens × outputPer1M) / 1M × 30 days, split by target
// weight. Fallbacks carry no traffic in the estimate (they serve only on 429/5xx). An unknown price is never 0:
// the total becomes "≥ $X + unknown". Vendor efficiency claims (claims[].costFactor) are never applied to the
// estimate; they are shown separately as "if the vendor claim holds".
import type { Environment, RoutingConfig } from "../config/loader";
import { modelsById } from "../config/model";
import type { CatalogModel, Evidence } from "../config/schema";
import { routingTable } from "../table/table";

/** Days in the estimate's month. */
const DAYS_PER_MONTH = 30;

/** An amount in USD that may have an unknown part: "≥ $known + unknown" when `unknown` is set. */
export interface Money {
  /** Sum of the parts whose price is known. */
  readonly known: number;
  /** True when at least one part has no known price. */
  readonly unknown: boolean;
}

interface TargetCost {
  /** `<account>/<deployment>`. */
  readonly deployment: string;
  /** Catalog model id. */
  readonly model: string;
  /** Percent of the class's traffic. */
  readonly weight: number;
  /** Monthly USD; undefined when the model has no price in the catalog. */
  readonly monthly?: number;
  /** The catalog price used, when known. */
  readonly price?: { readonly inputPer1M: number; readonly outputPer1M: number; readonly evidence: Evidence };
  /** Product of the model's vendor efficiency claims (costFactor), when it has any. Never applied to `monthly`. */
  readonly claimFactor?: number;
}

interface ClassCost {
  readonly taskClass: string;
  readonly requestsPerDay: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly targets: readonly TargetCost[];
  readonly total: Money;
  /** Total if every vendor efficiency claim held; undefined when no target model has one. */
  readonly ifClaimsHold?: Money;
}

export interface EnvironmentCost {
  readonly environment: string;
  /** Routed task classes with a traffic profile, sorted by id. */
  readonly classes: readonly ClassCost[];
  /** Routed task classes without a traffic profile: not estimated. */
  readonly unprofiled: readonly string[];
  readonly total: Money;
  /** Total if every vendor efficiency claim held; undefined when no routed model has one. */
  readonly ifClaimsHold?: Money;
}

export const ZERO: Money = { known: 0, unknown: false };

export function addMoney(a: Money, b: Money): Money {
  return { known: a.known + b.known, unknown: a.unknown || b.unknown };
}

/** Product of a model's costFactor claims, or undefined when it makes none. */
function claimFactor(model: CatalogModel): number | undefined {
  const factors = model.claims.flatMap((c) => (c.costFactor === undefined ? [] : [c.costFactor]));
  return factors.length === 0 ? undefined : factors.reduce((p, f) => p * f, 1);
}

/** Monthly USD for one request profile at one model's price. */
function monthlyUsd(
  requestsPerDay: number,
  inputTokens: number,
  outputTokens: number,
  price: { inputPer1M: number; outputPer1M: number },
): number {
  return (requestsPerDay * DAYS_PER_MONTH * (inputTokens * price.inputPer1M + outputTokens * price.outputPer1M)) / 1_000_000;
}

/** The estimate for one environment of a loaded config. */
export function environmentCost(config: RoutingConfig, env: Environment): EnvironmentCost {
  const models = modelsById(config);
  const table = routingTable(config, env);
  const classes: ClassCost[] = [];
  const unprofiled: string[] = [];
  let total = ZERO;
  let claims: Money | undefined;
  for (const route of table.routes) {
    const profile = env.spec.traffic[route.taskClass];
    if (!profile) {
      unprofiled.push(route.taskClass);
      continue;
    }
    let classTotal = ZERO;
    let classClaims: Money = ZERO;
    let anyClaim = false;
    const targets: TargetCost[] = route.targets.map((t) => {
      const model = models.get(t.model);
      const factor = model ? claimFactor(model) : undefined;
      const share = (profile.requestsPerDay * t.weight) / 100;
      if (!model?.pricing) {
        if (t.weight > 0) {
          classTotal = addMoney(classTotal, { known: 0, unknown: true });
          classClaims = addMoney(classClaims, { known: 0, unknown: true });
        }
        return { deployment: t.deployment, model: t.model, weight: t.weight, claimFactor: factor };
      }
      const monthly = monthlyUsd(share, profile.inputTokens, profile.outputTokens, model.pricing);
      classTotal = addMoney(classTotal, { known: monthly, unknown: false });
      classClaims = addMoney(classClaims, { known: monthly * (factor ?? 1), unknown: false });
      if (factor !== undefined && t.weight > 0) anyClaim = true;
      const { inputPer1M, outputPer1M, evidence } = model.pricing;
      return {
        deployment: t.deployment,
        model: t.model,
        weight: t.weight,
        monthly,
        price: { inputPer1M, outputPer1M, evidence },
        claimFactor: factor,
      };
    });
    classes.push({
      taskClass: route.taskClass,
      requestsPerDay: profile.requestsPerDay,
      inputTokens: profile.inputTokens,
      outputTokens: profile.outputTokens,
      targets,
      total: classTotal,
      ifClaimsHold: anyClaim ? classClaims : undefined,
    });
    total = addMoney(total, classTotal);
    if (anyClaim) claims = addMoney(claims ?? ZERO, classClaims);
  }
  // Claims apply per class; classes without a claim count at their plain estimate in the "if claims hold" total.
  const ifClaimsHold = claims === undefined ? undefined : classes.reduce((m, c) => addMoney(m, c.ifClaimsHold ?? c.total), ZERO);
  return { environment: env.name, classes, unprofiled, total, ifClaimsHold };
}

/** "$1,234.56" (never negative zero). */
export function formatUsd(amount: number): string {
  const rounded = Math.round(amount * 100) / 100;
  const abs = Math.abs(rounded);
  const text = abs.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return rounded < 0 ? `-$${text}` : `$${text}`;
}

/** "$12.00", "≥ $12.00 + unknown", or "unknown" when nothing is priced. */
export function formatMoney(m: Money): string {
  if (!m.unknown) return formatUsd(m.known);
  return m.known > 0 ? `≥ ${formatUsd(m.known)} + unknown` : "unknown";
}

/** "+$3.00", "-$1.50", "$0.00"; with an unknown side, the known part and a note. */
export function formatDelta(base: Money | undefined, head: Money | undefined): string {
  const b = base ?? ZERO;
  const h = head ?? ZERO;
  const d = h.known - b.known;
  const sign = Math.round(d * 100) === 0 ? "" : d > 0 ? "+" : "";
  const text = `${sign}${formatUsd(d)}`;
  return b.unknown || h.unknown ? `${text} on known prices (unknown part not included)` : text;
}
