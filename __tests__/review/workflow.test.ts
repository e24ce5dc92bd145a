// The CI workflow: valid YAML, allowed actions only, and the project's own commands.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { REVIEW_MARKER } from "../../routing/review/markdown";

/* eslint-disable @typescript-eslint/no-explicit-any -- a parsed workflow is untyped data */
const ROOT = join(__dirname, "..", "..");
const workflow = parse(readFileSync(join(ROOT, ".github", "workflows", "routing-review.yml"), "utf8")) as any;
const steps = (job: string): any[] => workflow.jobs[job].steps;
const allSteps = (): any[] => Object.keys(workflow.jobs).flatMap(steps);

describe("routing-review workflow", () => {
  it("runs on pull requests with a review job and a plan job", () => {
    // GIVEN the parsed workflow THEN it triggers on pull_request and has both jobs
    expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
    expect(Object.keys(workflow.jobs).sort()).toEqual(["plan", "review"]);
    expect(workflow.jobs.plan.needs).toBe("review");
  });

  it("uses no third-party actions", () => {
    // GIVEN every `uses:` of every job THEN only the four allowed actions appear
    const allowed = ["actions/checkout", "actions/setup-node", "actions/github-script", "azure/login"];
    const used = allSteps().flatMap((s) => (s.uses ? [String(s.uses).split("@")[0]] : []));
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((u) => !allowed.includes(u!))).toEqual([]);
  });

  it("checks out full history, uses Node 20, installs, tests, then reviews against the base branch", () => {
    // GIVEN the review job's steps THEN they run in this order with these settings
    const review = steps("review");
    expect(review.find((s) => String(s.uses).startsWith("actions/checkout")).with["fetch-depth"]).toBe(0);
    expect(review.find((s) => String(s.uses).startsWith("actions/setup-node")).with["node-version"]).toBe(20);
    const runs = review.flatMap((s) => (s.run ? [String(s.run)] : []));
    const at = (text: string) => runs.findIndex((r) => r.includes(text));
    expect(at("npm ci")).toBeGreaterThanOrEqual(0);
    expect(at("npm ci")).toBeLessThan(at("npm test"));
    expect(at("npm test")).toBeLessThan(at("node dist/cli/main.js review"));
    expect(runs[at("node dist/cli/main.js review")]).toContain('--base "origin/${{ github.base_ref }}" --out review.md');
  });

  it("updates one comment found by the review's hidden marker", () => {
    // GIVEN the comment script THEN it searches for the marker the Markdown starts with, and updates or creates
    const script = steps("review").find((s) => String(s.uses).startsWith("actions/github-script")).with.script as string;
    expect(script).toContain(`"${REVIEW_MARKER}"`);
    expect(script).toContain("updateComment");
    expect(script).toContain("createComment");
  });

  it("plans only with Azure OIDC credentials, and says so in the job summary otherwise", () => {
    // GIVEN the plan job THEN its first step explains a skip, and every other step needs credentials
    const plan = steps("plan");
    expect(workflow.jobs.plan.env.HAS_AZURE).toContain("vars.AZURE_CLIENT_ID != ''");
    const skip = plan[0];
    expect(skip.if).toBe("env.HAS_AZURE != 'true'");
    expect(skip.run).toContain("$GITHUB_STEP_SUMMARY");
    for (const s of plan.slice(1)) expect(s.if).toBe("env.HAS_AZURE == 'true'");
    expect(workflow.jobs.plan.permissions["id-token"]).toBe("write");
    expect(plan.map((s: any) => String(s.run ?? "")).join("\n")).toContain("node dist/cli/main.js plan-summary");
  });

  it("invokes foundry-routes only through the project's own build", () => {
    // GIVEN every run step THEN it uses npm, the built CLI or app, terraform or shell plumbing; nothing downloaded

    const runs = allSteps().flatMap((s) => (s.run ? [String(s.run)] : []));
    for (const r of runs) expect(r).not.toMatch(/\bnpx\b|\bcurl\b|\bwget\b|pip install|npm install\b/);
  });
});
