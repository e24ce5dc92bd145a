// The decision framework, executable: for a task class, rank the catalog models that could serve it.
// Order of criteria: provenance is a hard filter (provenance-required classes get only provenance-clean models);
// then complexity fit, latency positioning, vendor diversity, and price where known. An unknown price never counts
// as cheap. Models Foundry does not offer are excluded; unverified ones are ranked but marked.
import { provenanceClean, provenanceText } from "../changes/diff";
import type { Environment, RoutingConfig } from "../config/loader";
import type { Availability, CatalogModel, TaskClass } from "../config/schema";
import { routingTable } from "../table/table";

interface RankedModel {
  /** 1-based. */
  readonly rank: number;
  readonly model: CatalogModel;
  readonly complexityFit: boolean;
  readonly latencyFit: boolean;
  /** True when no model ranked above has the same vendor. */
  readonly newVendor: boolean;
  /** USD per 1M tokens, blended by the class's traffic profile (input:output) or 1:1 without one; undefined = unknown. */
  readonly blendedPer1M?: number;
  /** One line explaining the rank. */
  readonly why: string;
}

interface CurrentRoute {
  readonly environment: string;
  /** The primary target (highest weight) as `<account>/<deployment>`. */
  readonly deployment: string;
  readonly model: string;
  /** Rank of the current model, or undefined when it is excluded or not in the catalog. */
  readonly rank?: number;
  /** One line: matches rank 1, differs (rank n), or why it is excluded. */
  readonly note: string;
}

interface ClassRecommendation {
  readonly taskClass: TaskClass;
  readonly ranked: readonly RankedModel[];
  /** Models left out, with the reason (provenance, not offered). */
  readonly excluded: readonly { readonly model: string; readonly reason: string }[];
  /** The current primary target per environment that routes the class. */
  readonly current: readonly CurrentRoute[];
}

interface RecommendOptions {
  /**
   * Only this environment's routes (and its traffic profile for price blending).
   * @default every environment
   */
  readonly environment?: string;
  /**
   * Only this task class.
   * @default every task class
   */
  readonly taskClass?: string;
}

const AVAILABILITY_ORDER: Record<Availability, number> = { ga: 0, preview: 1, unverified: 2, "not-offered": 3 };

/** Ranks catalog models for every task class (or the one asked for). Throws nothing; unknown names give []. */
export function recommend(config: RoutingConfig, options: RecommendOptions = {}): ClassRecommendation[] {
  const envs = config.environments.filter((e) => options.environment === undefined || e.name === options.environment);
  const classes = config.taskClasses.classes.filter((c) => options.taskClass === undefined || c.id === options.taskClass);
  return classes.map((tc) => recommendClass(config, tc, envs));
}

function recommendClass(config: RoutingConfig, tc: TaskClass, envs: readonly Environment[]): ClassRecommendation {
  const excluded: { model: string; reason: string }[] = [];
  const eligible: CatalogModel[] = [];
  // A moderation classifier cannot answer a chat request and vice versa. The class's kind comes from its routes
  // (any environment); an unrouted class is not filtered.
  const routedApis = config.environments.flatMap((e) =>
    routingTable(config, e)
      .routes.filter((r) => r.taskClass === tc.id)
      .map((r) => r.api),
  );
  const moderationClass = routedApis.length === 0 ? undefined : routedApis.every((a) => a === "moderation");
  for (const m of [...config.catalog.models].sort((a, b) => cmp(a.id, b.id))) {
    const moderationModel = m.api === "moderation";
    if (m.foundry.availability === "not-offered") {
      excluded.push({ model: m.id, reason: "not offered on Foundry" });
    } else if (moderationClass !== undefined && moderationModel !== moderationClass) {
      excluded.push({
        model: m.id,
        reason: moderationModel
          ? "a moderation classifier; the class is routed to chat models"
          : `speaks ${m.api}; the class is routed to a moderation classifier`,
      });
    } else if (tc.provenanceRequired && !provenanceClean(m)) {
      excluded.push({ model: m.id, reason: `provenance not clean (${provenanceText(m)})` });
    } else {
      eligible.push(m);
    }
  }
  // Token mix for price blending: the first environment (of those asked for) with a traffic profile for the class.
  const profile = envs.map((e) => e.spec.traffic[tc.id]).find((p) => p !== undefined);
  const blend = (m: CatalogModel): number | undefined => {
    if (!m.pricing) return undefined;
    const i = profile ? profile.inputTokens : 1;
    const o = profile ? profile.outputTokens : 1;
    return i + o === 0
      ? (m.pricing.inputPer1M + m.pricing.outputPer1M) / 2
      : (m.pricing.inputPer1M * i + m.pricing.outputPer1M * o) / (i + o);
  };
  const scored = eligible.map((m) => ({
    model: m,
    complexityFit: m.positioning.complexity.includes(tc.complexity),
    latencyFit: m.positioning.latency.includes(tc.latency),
    price: blend(m),
  }));
  // Base order: fit, then price (known before unknown, cheaper first), availability, id.
  scored.sort(
    (a, b) =>
      Number(b.complexityFit) - Number(a.complexityFit) ||
      Number(b.latencyFit) - Number(a.latencyFit) ||
      comparePrice(a.price, b.price) ||
      AVAILABILITY_ORDER[a.model.foundry.availability] - AVAILABILITY_ORDER[b.model.foundry.availability] ||
      cmp(a.model.id, b.model.id),
  );
  // Vendor diversity between fit and price: within the best remaining fit tier, a vendor not yet ranked goes first.
  const ranked: RankedModel[] = [];
  const vendors = new Set<string>();
  const remaining = [...scored];
  while (remaining.length > 0) {
    const tier = (s: (typeof scored)[number]) => Number(s.complexityFit) * 2 + Number(s.latencyFit);
    const best = tier(remaining[0]!);
    let pick = remaining.findIndex((s) => tier(s) === best && !vendors.has(s.model.vendor));
    if (pick < 0) pick = 0;
    const s = remaining.splice(pick, 1)[0]!;
    const newVendor = !vendors.has(s.model.vendor);
    vendors.add(s.model.vendor);
    const rank = ranked.length + 1;
    ranked.push({
      rank,
      model: s.model,
      complexityFit: s.complexityFit,
      latencyFit: s.latencyFit,
      newVendor,
      blendedPer1M: s.price,
      why: explain(tc, s.model, s.complexityFit, s.latencyFit, newVendor, s.price, profile !== undefined),
    });
  }
  const current: CurrentRoute[] = [];
  for (const env of envs) {
    const route = routingTable(config, env).routes.find((r) => r.taskClass === tc.id);
    if (!route) continue;
    const primary = [...route.targets].sort((a, b) => b.weight - a.weight)[0];
    if (!primary) continue;
    const hit = ranked.find((r) => r.model.id === primary.model);
    const why = excluded.find((e) => e.model === primary.model);
    const note = hit
      ? hit.rank === 1
        ? `${env.name}: ${primary.deployment} (${primary.model}) matches rank 1`
        : `${env.name}: ${primary.deployment} (${primary.model}) differs: it is rank ${hit.rank}; rank 1 is ${ranked[0]!.model.id}`
      : why
        ? `${env.name}: ${primary.deployment} (${primary.model}) differs: excluded, ${why.reason}`
        : `${env.name}: ${primary.deployment} (${primary.model}) differs: not in the catalog`;
    current.push({ environment: env.name, deployment: primary.deployment, model: primary.model, rank: hit?.rank, note });
  }
  return { taskClass: tc, ranked, excluded, current };
}

function comparePrice(a: number | undefined, b: number | undefined): number {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a - b;
}

function explain(
  tc: TaskClass,
  m: CatalogModel,
  complexityFit: boolean,
  latencyFit: boolean,
  newVendor: boolean,
  price: number | undefined,
  profiled: boolean,
): string {
  const parts: string[] = [];
  if (tc.provenanceRequired) parts.push("provenance clean");
  parts.push(
    complexityFit
      ? `fits ${tc.complexity} complexity`
      : `not positioned for ${tc.complexity} complexity (${m.positioning.complexity.join("/")})`,
  );
  parts.push(
    latencyFit
      ? `suits ${tc.latency} latency sensitivity`
      : `not positioned for ${tc.latency} latency sensitivity (${m.positioning.latency.join("/")})`,
  );
  parts.push(newVendor ? `adds vendor ${m.vendor}` : `vendor ${m.vendor} already ranked above`);
  parts.push(
    price === undefined
      ? "price unknown (never counted as cheap)"
      : `$${round2(price)} per 1M tokens ${profiled ? "at the class's token mix" : "(input and output averaged)"} (${m.pricing?.evidence})`,
  );
  if (m.foundry.availability === "unverified") parts.push("UNVERIFIED on Foundry");
  else if (m.foundry.availability === "preview") parts.push("preview on Foundry");
  return parts.join("; ");
}

function round2(n: number): string {
  return (Math.round(n * 100) / 100).toFixed(2);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Plain-text rendering: one block per task class, one line per rank. */
export function renderRecommendations(recs: readonly ClassRecommendation[]): string {
  const lines: string[] = [];
  for (const r of recs) {
    const tc = r.taskClass;
    lines.push(`${tc.id} (complexity ${tc.complexity}, latency ${tc.latency}${tc.provenanceRequired ? ", provenance required" : ""})`);
    if (r.ranked.length === 0) lines.push("  no eligible model in the catalog");
    for (const m of r.ranked) {
      const mark = m.model.foundry.availability === "unverified" ? " [unverified]" : "";
      lines.push(`  ${m.rank}. ${m.model.id} (${m.model.vendor})${mark}: ${m.why}`);
    }
    for (const e of r.excluded) lines.push(`  excluded: ${e.model}: ${e.reason}`);
    for (const c of r.current) lines.push(`  current route ${c.note}`);
    lines.push("");
  }
  return lines.join("\n");
}
