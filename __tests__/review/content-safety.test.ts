// A route's content safety is part of what a pull request changes: review shows it as change data and words it.
import { join } from "node:path";
import { readConfigDir } from "../../io/config-files";
import { buildReview } from "../../routing/review";
import { renderMarkdown } from "../../routing/review/markdown";

const PROD = "config/environments/prod.yaml";
const SAMPLE = "contentSafety: { promptShield: true, categories: { hate: 2, selfHarm: 2, sexual: 2, violence: 2 } }";

function reviewOf(edit: (prod: string) => string) {
  const base = readConfigDir(join(__dirname, "..", ".."));
  expect(base.get(PROD)).toContain(SAMPLE);
  const head = new Map(base);
  head.set(PROD, edit(base.get(PROD)!));
  return buildReview({ base: { label: "main", files: base }, head: { label: "head", files: head }, synthesize: null });
}

describe("review of a content safety change", () => {
  test("GIVEN prod's customer-email check loosens its violence threshold WHEN reviewed THEN it is a change of that route", () => {
    // WHEN
    const report = reviewOf((prod) => prod.replace("violence: 2 }", "violence: 4 }"));
    // THEN prod has exactly that change, as data with both sides
    const prod = report.routing.environments.find((e) => e.environment === "prod")!;
    expect(prod.rows).toEqual([]);
    expect(prod.other).toHaveLength(1);
    expect(prod.other[0]).toMatchObject({
      kind: "content-safety-changed",
      taskClass: "customer-email",
      before: { categories: expect.arrayContaining([{ name: "Violence", threshold: 2 }]), service: { account: "eus2" } },
      after: { categories: expect.arrayContaining([{ name: "Violence", threshold: 4 }]), service: { account: "eus2" } },
    });
    // AND the comment words it
    expect(renderMarkdown(report)).toContain(
      "customer-email: content safety prompt shield, Hate ≥ 2, SelfHarm ≥ 2, Sexual ≥ 2, Violence ≥ 2 (FourSeverityLevels), via account eus2 → prompt shield, Hate ≥ 2, SelfHarm ≥ 2, Sexual ≥ 2, Violence ≥ 4 (FourSeverityLevels), via account eus2",
    );
  });

  test("GIVEN the check is removed WHEN reviewed THEN the change has no `after`", () => {
    const report = reviewOf((prod) => prod.replace(`    ${SAMPLE}\n`, ""));
    const change = report.routing.environments
      .find((e) => e.environment === "prod")!
      .other.find((c) => c.kind === "content-safety-changed");
    expect(change).toMatchObject({ taskClass: "customer-email", before: { promptShield: true } });
    expect(change && "after" in change).toBe(false);
    expect(renderMarkdown(report)).toContain("→ (none)");
  });
});
