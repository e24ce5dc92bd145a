// The cost model: weights split traffic, fallbacks carry none, unknown prices stay unknown, claims stay apart.
import { environmentCost, formatDelta, formatMoney } from "../../routing/review/cost";
import { type ConfigData, load, modelOf, reviewBaseline, routeOf } from "../../fixtures/builder";

function prodCost(mutate: (d: ConfigData) => void = () => undefined) {
  const d = reviewBaseline();
  mutate(d);
  const config = load(d);
  return environmentCost(config, config.environments[0]!);
}

describe("environmentCost", () => {
  it("prices each class from its traffic profile and ignores fallbacks", () => {
    // GIVEN chat: 10,000 req/day × 30 × (2000 × $2.50 + 500 × $10)/1M = $3,000 on gpt-4o, with a Llama fallback
    const cost = prodCost();
    const chat = cost.classes.find((c) => c.taskClass === "chat")!;
    // THEN the estimate is the target's only; the fallback adds nothing
    expect(chat.total).toEqual({ known: 3000, unknown: false });
    expect(chat.targets.map((t) => t.deployment)).toEqual(["eus2/chat"]);
    // AND document-drafting has no profile, so it is listed as not estimated rather than priced at $0
    expect(cost.unprofiled).toEqual(["document-drafting"]);
  });

  it("keeps an unknown price unknown: a lower bound plus unknown", () => {
    // GIVEN gpt-4o without a price WHEN estimated THEN chat is unknown and the total is "≥ autocomplete + unknown"
    const cost = prodCost((d) => delete modelOf(d, "gpt-4o").pricing);
    expect(cost.classes.find((c) => c.taskClass === "chat")!.total).toEqual({ known: 0, unknown: true });
    expect(formatMoney(cost.total)).toBe("≥ $540.00 + unknown");
    expect(formatMoney({ known: 0, unknown: true })).toBe("unknown");
  });

  it("does not count a weight-0 target with no price as unknown", () => {
    // GIVEN an unpriced target at weight 0 THEN it carries no traffic, so the class total stays known
    const cost = prodCost((d) => {
      d.envs.prod!.accounts[0]!.deployments.push({ name: "mai", model: "mai-code-1-flash", capacity: 1 });
      delete modelOf(d, "mai-code-1-flash").pricing;
      routeOf(d, "prod", "chat").targets = [
        { deployment: "eus2/chat", weight: 100 },
        { deployment: "eus2/mai", weight: 0 },
      ];
    });
    expect(cost.classes.find((c) => c.taskClass === "chat")!.total.unknown).toBe(false);
  });

  it("formats deltas with the unknown part called out", () => {
    // GIVEN base and head totals THEN the delta is signed, and qualified when a side has an unknown part
    expect(formatDelta({ known: 10, unknown: false }, { known: 12.5, unknown: false })).toBe("+$2.50");
    expect(formatDelta({ known: 10, unknown: false }, { known: 7, unknown: false })).toBe("-$3.00");
    expect(formatDelta({ known: 10, unknown: true }, { known: 10, unknown: false })).toBe(
      "$0.00 on known prices (unknown part not included)",
    );
  });
});
