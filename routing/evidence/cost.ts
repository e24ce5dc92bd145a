// Cost per route from real usage: catalog prices (config/models.yaml, inputPer1M / outputPer1M USD) × the tokens the
// records report. The model priced is the one that answered: the `model` column's catalog id (for a model router,
// the model after "->"). A model without a catalog price stays unknown, never $0: its tokens are counted as unpriced
// and the amount reads "≥ $X + unknown" (routing/review/cost.ts's Money). A row with no tokens costs $0 whatever its
// model. Prices are today's catalog (the head config), not the price on the day of the request.
import type { CatalogModel } from "../config/schema";
import { type Money, ZERO, addMoney } from "../review/cost";
import type { AggregatedRow } from "./records";

type CostDimension = "environment" | "taskClass" | "deployment" | "consumer" | "day";

export interface CostLine {
  readonly requests: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly cost: Money;
  /** Tokens of rows whose model has no catalog price. */
  readonly unpricedPromptTokens: number;
  readonly unpricedCompletionTokens: number;
}

export interface KeyedCostLine extends CostLine {
  /** The dimensions of this line, e.g. {environment: "prod", taskClass: "autocomplete"}. */
  readonly key: Readonly<Partial<Record<CostDimension, string>>>;
}

interface PriceUsed {
  /** Catalog id, or the model as written when the catalog does not know it. */
  readonly model: string;
  readonly inputPer1M?: number;
  readonly outputPer1M?: number;
  /** Why the price is unknown, when it is. */
  readonly unknown?: "not in the catalog" | "no price in the catalog";
}

export interface UsageCost {
  readonly total: CostLine;
  /** Rollups, each sorted by cost (known part) descending, then key. */
  readonly byEnvironment: readonly KeyedCostLine[];
  readonly byClass: readonly KeyedCostLine[];
  readonly byDeployment: readonly KeyedCostLine[];
  readonly byConsumer: readonly KeyedCostLine[];
  /** Sorted by environment, then day. */
  readonly byDay: readonly KeyedCostLine[];
  /** Finest grain: environment × class × deployment × consumer × day, sorted by those keys. */
  readonly lines: readonly KeyedCostLine[];
  /** Every model seen (rows without a model, the gateway's own 400s, aside), by id. */
  readonly prices: readonly PriceUsed[];
}

/** The catalog id an x-routed-model value is priced as: `gpt-4o@2024-11-20` → gpt-4o; a router's chosen model. */
export function pricedModelId(model: string): string {
  const arrow = model.lastIndexOf("->");
  const answered = (arrow >= 0 ? model.slice(arrow + 2) : model).trim();
  const at = answered.indexOf("@");
  return at >= 0 ? answered.slice(0, at) : answered;
}

export function usageCost(rows: readonly AggregatedRow[], catalog: readonly CatalogModel[]): UsageCost {
  const byId = new Map(catalog.map((m) => [m.id, m]));
  const prices = new Map<string, PriceUsed>();
  const priceOf = (model: string): PriceUsed => {
    const id = pricedModelId(model);
    let p = prices.get(id);
    if (!p) {
      const m = byId.get(id);
      p = !m
        ? { model: id, unknown: "not in the catalog" }
        : m.pricing
          ? { model: id, inputPer1M: m.pricing.inputPer1M, outputPer1M: m.pricing.outputPer1M }
          : { model: id, unknown: "no price in the catalog" };
      prices.set(id, p);
    }
    return p;
  };

  const dims: Record<"env" | "class" | "dep" | "consumer" | "day" | "line", Map<string, Acc>> = {
    env: new Map(),
    class: new Map(),
    dep: new Map(),
    consumer: new Map(),
    day: new Map(),
    line: new Map(),
  };
  const total = acc({});
  for (const r of rows) {
    const p = priceOf(r.model);
    const tokens = r.promptTokens + r.completionTokens;
    const priced = p.inputPer1M !== undefined && p.outputPer1M !== undefined;
    const cost: Money =
      tokens === 0
        ? ZERO
        : priced
          ? { known: (r.promptTokens * p.inputPer1M! + r.completionTokens * p.outputPer1M!) / 1_000_000, unknown: false }
          : { known: 0, unknown: true };
    const unpriced = tokens > 0 && !priced;
    const add = (a: Acc) => {
      a.requests += r.requests;
      a.promptTokens += r.promptTokens;
      a.completionTokens += r.completionTokens;
      a.cost = addMoney(a.cost, cost);
      if (unpriced) {
        a.unpricedPromptTokens += r.promptTokens;
        a.unpricedCompletionTokens += r.completionTokens;
      }
    };
    const e = r.environment;
    add(total);
    add(get(dims.env, { environment: e }));
    add(get(dims.class, { environment: e, taskClass: r.taskClass }));
    add(get(dims.dep, { environment: e, deployment: r.deployment }));
    add(get(dims.consumer, { environment: e, consumer: r.consumer }));
    add(get(dims.day, { environment: e, day: r.day }));
    add(get(dims.line, { environment: e, taskClass: r.taskClass, deployment: r.deployment, consumer: r.consumer, day: r.day }));
  }
  const byCost = (m: Map<string, Acc>) =>
    [...m.entries()]
      .sort(([ka, a], [kb, b]) => b.cost.known - a.cost.known || Number(b.cost.unknown) - Number(a.cost.unknown) || cmp(ka, kb))
      .map(([, a]) => freeze(a));
  const byKey = (m: Map<string, Acc>) => [...m.entries()].sort(([a], [b]) => cmp(a, b)).map(([, a]) => freeze(a));
  return {
    total: freeze(total),
    byEnvironment: byKey(dims.env),
    byClass: byCost(dims.class),
    byDeployment: byCost(dims.dep),
    byConsumer: byCost(dims.consumer),
    byDay: byKey(dims.day),
    lines: byKey(dims.line),
    prices: [...prices.values()].filter((p) => p.model !== "").sort((a, b) => cmp(a.model, b.model)),
  };
}

interface Acc {
  key: Partial<Record<CostDimension, string>>;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  cost: Money;
  unpricedPromptTokens: number;
  unpricedCompletionTokens: number;
}

function acc(key: Partial<Record<CostDimension, string>>): Acc {
  return { key, requests: 0, promptTokens: 0, completionTokens: 0, cost: ZERO, unpricedPromptTokens: 0, unpricedCompletionTokens: 0 };
}

function get(m: Map<string, Acc>, key: Partial<Record<CostDimension, string>>): Acc {
  const k = Object.values(key).join("\0");
  let a = m.get(k);
  if (!a) m.set(k, (a = acc(key)));
  return a;
}

function freeze(a: Acc): KeyedCostLine {
  return { ...a };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
