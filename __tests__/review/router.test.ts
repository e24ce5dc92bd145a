// A model router's subset is routing: which models may answer a class changes with no target change.
import { DEV, PROD, sampleFiles, withEdits } from "../../fixtures/builder";
import { buildReview } from "../../routing/review";
import { renderMarkdown } from "../../routing/review/markdown";

const SUBSET = "models: [gpt-4o-mini, o4-mini]";

/** The review of the sample against the sample with `from` replaced by `to` in `file` (the edit must apply). */
function reviewOf(file: string, from: string, to: string) {
  const base = sampleFiles();
  const head = withEdits(base, { [file]: [from, to] });
  return buildReview({ base: { label: "main", files: base }, head: { label: "head", files: head }, synthesize: null });
}

describe("review of a model router change", () => {
  test("GIVEN the dev router loses o4-mini from its subset WHEN reviewed THEN each class it serves shows a routing row", () => {
    // WHEN
    const report = reviewOf(DEV, SUBSET, "models: [gpt-4o-mini]");
    // THEN general-chat, which targets the router, has a router row from the old subset to the new one
    const dev = report.routing.environments.find((e) => e.environment === "dev")!;
    const rows = dev.rows.filter((r) => r.kind === "router");
    expect(rows.map((r) => r.taskClass)).toEqual(["general-chat"]);
    expect(rows[0]).toMatchObject({
      deployment: "eus2/model-router",
      before: { mode: "cost", models: ["gpt-4o-mini", "o4-mini"] },
      after: { mode: "cost", models: ["gpt-4o-mini"] },
    });
    // AND the comment's routing table words it
    expect(renderMarkdown(report)).toContain("eus2/model-router: router cost over gpt-4o-mini, o4-mini");
  });

  test("GIVEN only the router's mode changes WHEN reviewed THEN that is a routing row too", () => {
    const report = reviewOf(DEV, "mode: cost", "mode: quality");
    const rows = report.routing.environments.find((e) => e.environment === "dev")!.rows;
    expect(rows.filter((r) => r.kind === "router").map((r) => r.taskClass)).toEqual(["general-chat"]);
  });

  test("GIVEN an unrelated edit WHEN reviewed THEN no router row appears", () => {
    const report = reviewOf(DEV, "capacity: 20", "capacity: 21");
    const rows = report.routing.environments.flatMap((e) => e.rows);
    expect(rows.filter((r) => r.kind === "router")).toEqual([]);
  });
});

describe("review of a consumer change", () => {
  const QUOTA = "- { tokens: 50000000, period: Daily }";

  test("GIVEN support-desk's daily quota is lowered WHEN reviewed THEN the change names the consumer and both quotas", () => {
    const report = reviewOf(PROD, QUOTA, "- { tokens: 20000000, period: Daily }");
    const other = report.routing.environments.find((e) => e.environment === "prod")!.other;
    expect(other.filter((c) => c.kind === "consumer-changed")).toEqual([
      {
        kind: "consumer-changed",
        environment: "prod",
        consumer: "support-desk",
        before: expect.objectContaining({ quotas: ["*: 50000000/Daily"] }),
        after: expect.objectContaining({ quotas: ["*: 20000000/Daily"] }),
      },
    ]);
    expect(renderMarkdown(report)).toContain("quotas *: 50000000/Daily → *: 20000000/Daily");
  });

  test("GIVEN an unrelated edit WHEN reviewed THEN no consumer change appears", () => {
    const report = reviewOf(PROD, "retentionDays: 90", "retentionDays: 120");
    expect(report.routing.environments.flatMap((e) => e.other).filter((c) => c.kind === "consumer-changed")).toEqual([]);
  });
});
