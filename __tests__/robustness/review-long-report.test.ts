// A review too long for one GitHub comment: sections give way whole (short form, then omitted), never cut mid-block.
import { reviewFromGit } from "../../io/review-from-git";
import type { ReviewReport } from "../../routing/review";
import { GITHUB_COMMENT_LIMIT, MAX_COMMENT_CHARS, renderMarkdown } from "../../routing/review/markdown";
import { type ConfigData, reviewBaseline, route, routeOf, taskClass } from "../../fixtures/builder";
import { TempRepo } from "../review/repo";

const CLASSES = 200;
const ids = Array.from({ length: CLASSES }, (_, i) => `bulk-class-${String(i + 1).padStart(3, "0")}`);

/** The baseline plus 200 task classes, each routed to gpt-4o-mini with a traffic profile. */
function withBulkClasses(d: ConfigData): void {
  for (const id of ids) {
    d.taskClasses.taskClasses.push(taskClass(id, { description: `bulk ${id}`, complexity: "low" }));
    d.envs.prod!.routes.push(route(id, "eus2/gpt-4o-mini", { fallbacks: ["eus2/llama-4"] }));
    d.envs.prod!.traffic![id] = { requestsPerDay: 1000, inputTokens: 500, outputTokens: 100 };
  }
}

/** Every ``` fence closes, and every <details> has its </details> after it (no block is cut). */
function blocksBalanced(md: string): { fences: number; openFence: boolean; detailsDepth: number; closedBeforeOpened: boolean } {
  let fences = 0;
  let openFence = false;
  let depth = 0;
  let closedBeforeOpened = false;
  for (const line of md.split("\n")) {
    if (line.startsWith("```")) {
      fences++;
      openFence = !openFence;
    }
    if (openFence) continue;
    depth += (line.match(/<details>/g) ?? []).length;
    depth -= (line.match(/<\/details>/g) ?? []).length;
    if (depth < 0) closedBeforeOpened = true;
  }
  return { fences, openFence, detailsDepth: depth, closedBeforeOpened };
}

describe("a review longer than a GitHub comment", () => {
  let repo: TempRepo;
  let bulk: ReviewReport;
  let normal: ReviewReport;
  let deletion: ReviewReport;

  beforeAll(() => {
    // (the real synthesis of both sides, as in CI)
    repo = new TempRepo();
    const data = reviewBaseline();
    const base = repo.commitData(data, "baseline");
    const bulkBase = repo.commitData(data, "200 task classes on gpt-4o-mini", withBulkClasses);
    // Every one of the 200 classes moves half its traffic to the chat deployment and becomes sticky per user.
    const bulkHead = repo.commitData(data, "200 task classes split 50/50, sticky per user", (d) => {
      withBulkClasses(d);
      for (const id of ids) {
        routeOf(d, "prod", id).targets = [
          { deployment: "eus2/gpt-4o-mini", weight: 50 },
          { deployment: "eus2/chat", weight: 50 },
        ];
        routeOf(d, "prod", id).sticky = { header: "x-user-id" };
      }
    });
    const canary = repo.commitData(data, "autocomplete 90/10", (d) => {
      routeOf(d, "prod", "autocomplete").targets = [
        { deployment: "eus2/gpt-4o-mini", weight: 90 },
        { deployment: "eus2/chat", weight: 10 },
      ];
    });
    const retired = repo.commitData(data, "retire the chat deployment", (d) => {
      d.envs.prod!.accounts[0]!.deployments = d.envs.prod!.accounts[0]!.deployments.filter((x) => x.name !== "chat");
      routeOf(d, "prod", "chat").targets = [{ deployment: "eus2/gpt-4o-mini", weight: 100 }];
    });
    deletion = reviewFromGit({ repo: repo.dir, base, head: retired });
    bulk = reviewFromGit({ repo: repo.dir, base: bulkBase, head: bulkHead });
    normal = reviewFromGit({ repo: repo.dir, base, head: canary });
  });

  afterAll(() => repo.remove());

  it("GIVEN 200 task classes whose targets change WHEN rendered THEN the comment fits, whole blocks only, and says it was shortened", () => {
    // GIVEN a report whose full Markdown is over the budget (so the test exercises shortening)
    expect(bulk.routing.environments.find((e) => e.environment === "prod")!.rows).toHaveLength(CLASSES);
    expect(renderMarkdown(bulk, Infinity).length).toBeGreaterThan(MAX_COMMENT_CHARS);
    // WHEN it is rendered for a comment
    const md = renderMarkdown(bulk);
    // THEN it fits GitHub's limit (and the review's own budget below it)
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    // AND every Mermaid fence and <details> that is there is closed
    const blocks = blocksBalanced(md);
    expect(blocks.fences % 2).toBe(0);
    expect(blocks).toEqual(expect.objectContaining({ openFence: false, detailsDepth: 0, closedBeforeOpened: false }));
    expect(md.split("<details>").length).toBe(md.split("</details>").length);
    // AND the summary is there, with the real counts
    expect(md).toContain(`**Summary:** ${CLASSES} route change(s)`);
    // AND it says it was shortened and how to see everything
    expect(md).toContain("_This comment was shortened to fit GitHub's 65,536-character limit (summarized: 5. Routing at head");
    expect(md).toContain("Run `foundry-routes review --base ");
  });

  it("GIVEN the same report WHEN shortened THEN the least important sections give way first", () => {
    const md = renderMarkdown(bulk);
    // THEN the diagram is a line of counts, not Mermaid
    expect(md).not.toContain("```mermaid");
    expect(md).toContain("1 Mermaid diagram(s) of head routing (prod). _Too long for this comment");
    // AND compliance, more important and small, is still whole
    expect(md).toContain("Provenance-required task classes (every target and fallback must be licensed and non-distilled):");
    expect(md).not.toContain("2. Compliance: omitted");
  });

  it("GIVEN a budget too small for the short forms WHEN rendered THEN sections are omitted with a note, the summary stays", () => {
    // WHEN the budget is a few hundred characters more than title + summary
    const limit = 1_600;
    const md = renderMarkdown(bulk, limit);
    // THEN it fits, names what it omitted, and keeps the marker and the summary
    expect(md.length).toBeLessThanOrEqual(limit);
    expect(md).toMatch(/_This comment was shortened .*; omitted: [^)]*5\. Routing at head\)/);
    expect(md).toContain("_5. Routing at head: omitted to fit a GitHub comment._");
    expect(md).toContain(`**Summary:** ${CLASSES} route change(s)`);
    expect(blocksBalanced(md)).toEqual({ fences: 0, openFence: false, detailsDepth: 0, closedBeforeOpened: false });
  });

  it("GIVEN a one-class canary WHEN rendered THEN nothing is shortened", () => {
    // WHEN the normal report is rendered with and without a budget
    const md = renderMarkdown(normal);
    // THEN the two are the same text, with every section whole
    expect(md).toBe(renderMarkdown(normal, Infinity));
    expect(md).not.toContain("shortened");
    expect(md).not.toContain("Too long for this comment");
    expect(md).toContain("```mermaid\nflowchart LR");
    expect(md).toContain("| autocomplete | eus2/gpt-4o-mini 100% | eus2/gpt-4o-mini 90% / eus2/chat 10% | 10% | 10,000 |");
  });

  it("GIVEN a deleted serving deployment WHEN even the short forms do not fit THEN the caution callout is still there", () => {
    // WHEN rendered with no room at all
    const md = renderMarkdown(deletion, 1);
    // THEN every section is omitted, the caution block last, but its callout and count stay above the summary
    expect(md).toMatch(/omitted: Serving deployments deleted or replaced, 1\. Routing changes/);
    expect(md).toContain("> [!CAUTION]\n> **1 deployment(s) that serve traffic at base are deleted or replaced.** Details omitted");
    expect(md).not.toContain("is **DELETED**");
    expect(md.indexOf("> [!CAUTION]")).toBeLessThan(md.indexOf("**Summary:**"));
  });
});
