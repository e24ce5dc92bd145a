// recommend: the decision framework over a fixture catalog, and over the real config/ sample once it loads.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { recommend as recommendCommand } from "../../cli/commands/recommend";
import { captureIo } from "../../cli/io";
import { runCli } from "../../cli/run";
import { provenanceClean } from "../../routing/changes/diff";
import { loadConfigDir } from "../../io/config-files";
import { recommend } from "../../routing/recommend/recommend";
import { type ConfigData, load, model, modelOf, reviewBaseline, toFiles, writeFiles } from "../../fixtures/builder";

function fixtureConfig(mutate: (d: ConfigData) => void = () => undefined) {
  const d = reviewBaseline();
  mutate(d);
  return load(d);
}

describe("recommend", () => {
  it("offers provenance-required classes only provenance-clean models, and says why others are out", () => {
    // GIVEN a catalog with clean (microsoft, meta) and undisclosed (openai) models
    const config = fixtureConfig();
    // WHEN ranking for the provenance-required class
    const [rec] = recommend(config, { taskClass: "document-drafting" });
    // THEN every ranked model is provenance-clean and the OpenAI models are excluded with the reason
    expect(rec!.ranked.length).toBeGreaterThan(0);
    expect(rec!.ranked.every((r) => provenanceClean(r.model))).toBe(true);
    expect(rec!.excluded.map((e) => e.model).sort()).toEqual(["gpt-4o", "gpt-4o-mini"]);
    expect(rec!.excluded[0]!.reason).toContain("provenance not clean (training data: undisclosed");
  });

  it("ranks by fit first, then vendor diversity, then known price; an unknown price is never cheap", () => {
    // GIVEN autocomplete (low complexity, high latency) and a fit, unpriced model next to fit, priced ones
    const config = fixtureConfig((d) => {
      // (a catalog entry has no pricing unless given one)
      d.models.models.push(
        model("cheap-unknown", "deepseek", { positioning: { complexity: ["low"], latency: ["high"], evidence: "vendor-claim" } }),
      );
      d.models.models.push(
        model("not-here", "meta", {
          foundry: { format: "Meta", name: "x", version: "1", skus: ["GlobalStandard"], availability: "not-offered" },
        }),
      );
    });
    const [rec] = recommend(config, { taskClass: "autocomplete" });
    const order = rec!.ranked.map((r) => r.model.id);
    // THEN not-offered models are excluded
    expect(order).not.toContain("not-here");
    expect(rec!.excluded).toContainEqual({ model: "not-here", reason: "not offered on Foundry" });
    // AND among equally fit models, new vendors come before a second model of a ranked vendor,
    // and within the first vendors known prices come before the unknown one
    const at = (id: string) => order.indexOf(id);
    expect(at("mai-code-1-flash")).toBeLessThan(at("cheap-unknown"));
    expect(at("gpt-4o-mini")).toBeLessThan(at("cheap-unknown"));
    expect(at("cheap-unknown")).toBeLessThan(at("gpt-4o"));
    expect(rec!.ranked.find((r) => r.model.id === "cheap-unknown")!.why).toContain("price unknown (never counted as cheap)");
  });

  it("does not offer a moderation classifier to a chat class", () => {
    // GIVEN a moderation-shaped model in the catalog
    const config = fixtureConfig((d) => d.models.models.push(model("safety", "microsoft", { api: "moderation" })));
    // WHEN ranking autocomplete (routed to chat models) THEN it is excluded with the reason
    const [rec] = recommend(config, { taskClass: "autocomplete" });
    expect(rec!.ranked.map((r) => r.model.id)).not.toContain("safety");
    expect(rec!.excluded).toContainEqual({ model: "safety", reason: "a moderation classifier; the class is routed to chat models" });
  });

  it("marks unverified models and shows where the current route differs", () => {
    // GIVEN MAI marked unverified WHEN ranking autocomplete for prod
    const config = fixtureConfig((d) => {
      modelOf(d, "mai-code-1-flash").foundry.availability = "unverified";
    });
    const [rec] = recommend(config, { environment: "prod", taskClass: "autocomplete" });
    // THEN it is still ranked, but marked
    expect(rec!.ranked.find((r) => r.model.id === "mai-code-1-flash")!.why).toContain("UNVERIFIED on Foundry");
    // prod routes autocomplete to gpt-4o-mini
    expect(rec!.current).toHaveLength(1);
    // All four models fit autocomplete; by vendor, then price at prod's 1000:50 token mix: MAI ($0.11/1M),
    // gpt-4o-mini ($0.17), Llama ($0.23), then gpt-4o as the second OpenAI model.
    expect(rec!.ranked.map((r) => r.model.id)).toEqual(["mai-code-1-flash", "gpt-4o-mini", "llama-4", "gpt-4o"]);
    expect(rec!.current[0]).toEqual(
      expect.objectContaining({
        model: "gpt-4o-mini",
        rank: 2,
        note: "prod: eus2/gpt-4o-mini (gpt-4o-mini) differs: it is rank 2; rank 1 is mai-code-1-flash",
      }),
    );
  });

  const sample = loadConfigDir(join(__dirname, "..", ".."));
  (sample.config ? it : it.skip)("gives the real sample's provenance-required classes only provenance-clean models", () => {
    // GIVEN the sample config/ WHEN ranking every class THEN no provenance-required class gets an unclean model
    const config = sample.config!;
    const required = config.taskClasses.classes.filter((c) => c.provenanceRequired);
    expect(required.length).toBeGreaterThan(0);
    for (const rec of recommend(config).filter((r) => r.taskClass.provenanceRequired)) {
      expect([rec.taskClass.id, rec.ranked.filter((r) => !provenanceClean(r.model)).map((r) => r.model.id)]).toEqual([
        rec.taskClass.id,
        [],
      ]);
    }
  });

  describe("through the CLI", () => {
    it("prints one line per rank and rejects an unknown task class with exit 2", async () => {
      // GIVEN a config directory with the baseline
      const root = mkdtempSync(join(tmpdir(), "recommend-"));
      writeFiles(root, toFiles(reviewBaseline()));
      const io = captureIo(root);
      // WHEN recommending for one class THEN the class line is followed by numbered ranks
      expect(await runCli(["recommend", "--task-class", "document-drafting"], io, [recommendCommand])).toBe(0);
      expect(io.out()).toMatch(/^document-drafting \(complexity low, latency low, provenance required\)\n {2}1\. /);
      // AND an unknown class is a usage error
      const bad = captureIo(root);
      expect(await runCli(["recommend", "--task-class", "nope"], bad, [recommendCommand])).toBe(2);
      expect(bad.err()).toContain('unknown task class "nope"');
      rmSync(root, { recursive: true, force: true });
    });
  });
});
