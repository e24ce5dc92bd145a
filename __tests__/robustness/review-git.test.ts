// `review` end to end: real temporary git repositories with several commits, reviewed through the library and
// through the CLI command. Synthesis is the real io/synth.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { review } from "../../cli/commands/review";
import { captureIo } from "../../cli/io";
import { runCli } from "../../cli/run";
import { reviewFromGit } from "../../io/review-from-git";
import type { ReviewReport } from "../../routing/review";
import { REVIEW_MARKER, renderMarkdown } from "../../routing/review/markdown";
import { type ConfigData, deploymentOf, modelOf, reviewBaseline, routeOf, toFiles } from "../../fixtures/builder";
import { TempRepo } from "../review/repo";

const withCanary = (d: ConfigData) => {
  d.envs.prod!.accounts[0]!.deployments.push({ name: "mai-code-1-flash", model: "mai-code-1-flash", capacity: 10 });
  routeOf(d, "prod", "autocomplete").targets = [
    { deployment: "eus2/gpt-4o-mini", weight: 90 },
    { deployment: "eus2/mai-code-1-flash", weight: 10 },
  ];
};

describe("review between commits of a real git repository", () => {
  let repo: TempRepo;
  const sha: Record<string, string> = {};

  beforeAll(() => {
    repo = new TempRepo();
    const data = reviewBaseline();
    sha.base = repo.commitData(data, "baseline");
    sha.canary = repo.commitData(data, "canary of MAI-Code-1-Flash on autocomplete", withCanary);
    sha.shift = repo.commitData(data, "shift autocomplete to 50/50", (d) => {
      withCanary(d);
      routeOf(d, "prod", "autocomplete").targets = [
        { deployment: "eus2/gpt-4o-mini", weight: 50 },
        { deployment: "eus2/mai-code-1-flash", weight: 50 },
      ];
    });
    sha.violation = repo.commitData(data, "gpt-4o-mini as fallback for document drafting", (d) => {
      routeOf(d, "prod", "document-drafting").fallbacks = ["eus2/gpt-4o-mini"];
    });
    sha.replace = repo.commitData(data, "chat deployment now runs gpt-4o-mini", (d) => {
      deploymentOf(d, "prod", "eus2/chat").model = "gpt-4o-mini";
    });
    sha.delete = repo.commitData(data, "retire the chat deployment", (d) => {
      d.envs.prod!.accounts[0]!.deployments = d.envs.prod!.accounts[0]!.deployments.filter((x) => x.name !== "chat");
      routeOf(d, "prod", "chat").targets = [{ deployment: "eus2/gpt-4o-mini", weight: 100 }];
    });
    sha.unpriced = repo.commitData(data, "canary of an unpriced model", (d) => {
      withCanary(d);
      delete modelOf(d, "mai-code-1-flash").pricing;
    });
    sha.policyInvalid = repo.commitData(data, "weights that do not sum to 100", (d) => {
      routeOf(d, "prod", "chat").targets = [{ deployment: "eus2/chat", weight: 90 }];
    });
    sha.brokenYaml = repo.commit(new Map([...toFiles(data), ["config/models.yaml", "models: [ {id: \n"]]), "broken YAML");
    sha.noConfig = repo.commit(new Map(), "no config at all");
    // Leave the working tree at the baseline.
    repo.write(toFiles(data));
  });

  afterAll(() => repo.remove());

  const run = (base: string, head: string): ReviewReport => reviewFromGit({ repo: repo.dir, base: sha[base]!, head: sha[head] });

  it("reports a weight shift as the share of class traffic that moves, with requests/day", () => {
    // GIVEN a canary at 90/10 WHEN the head shifts it to 50/50
    const r = run("canary", "shift");
    // THEN autocomplete shows before → after and 40% of its traffic (40,000 of 100,000 requests/day) moving
    const prod = r.routing.environments.find((e) => e.environment === "prod")!;
    expect(prod.rows).toEqual([
      {
        taskClass: "autocomplete",
        kind: "changed",
        before: [
          { deployment: "eus2/gpt-4o-mini", weight: 90 },
          { deployment: "eus2/mai-code-1-flash", weight: 10 },
        ],
        after: [
          { deployment: "eus2/gpt-4o-mini", weight: 50 },
          { deployment: "eus2/mai-code-1-flash", weight: 50 },
        ],
        movedPercent: 40,
        requestsPerDayMoved: 40000,
        // AND the eval gate checks the deployment that gains share (no evidence committed: a warning for this class)
        evidence: [
          expect.objectContaining({
            deployment: "eus2/mai-code-1-flash",
            before: 10,
            after: 50,
            status: "missing",
            required: false,
            evidenceFile: "evals/prod/autocomplete/eus2/mai-code-1-flash.json",
          }),
        ],
      },
    ]);
    expect(renderMarkdown(r)).toContain(
      "- Eval gate autocomplete `eus2/mai-code-1-flash` 10% → 50%: no evidence (warning): no evidence file — `evals/prod/autocomplete/eus2/mai-code-1-flash.json`",
    );
    // AND nothing is deleted or replaced, and the infrastructure does not change (routing lives in the gateway)
    expect(r.alerts).toEqual([]);
    expect(r.infrastructure.available).toBe(true);
    expect(r.infrastructure.stacks.flatMap((s) => s.resources.filter((x) => x.type.includes("deployment")))).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(renderMarkdown(r)).toContain(
      "| autocomplete | eus2/gpt-4o-mini 90% / eus2/mai-code-1-flash 10% | eus2/gpt-4o-mini 50% / eus2/mai-code-1-flash 50% | 40% | 40,000 |",
    );
  });

  it("reports a new canary: the new deployment, the 10% edge in the diagram and the cost change", () => {
    // GIVEN the baseline WHEN the head adds MAI-Code-1-Flash at 10% of autocomplete
    const r = run("base", "canary");
    const prod = r.routing.environments.find((e) => e.environment === "prod")!;
    // THEN the route change moves 10% of autocomplete, and the deployment is added
    expect(prod.rows).toEqual([
      expect.objectContaining({
        taskClass: "autocomplete",
        kind: "changed",
        before: [{ deployment: "eus2/gpt-4o-mini", weight: 100 }],
        after: [
          { deployment: "eus2/gpt-4o-mini", weight: 90 },
          { deployment: "eus2/mai-code-1-flash", weight: 10 },
        ],
        movedPercent: 10,
      }),
    ]);
    expect(prod.other).toContainEqual(expect.objectContaining({ kind: "deployment-added", deployment: "eus2/mai-code-1-flash" }));
    expect(renderMarkdown(r)).toContain("- eus2/mai-code-1-flash: deployment added (mai-code-1-flash@2025-01-01)");
    // AND the synthesized diff creates exactly that deployment
    const created = r.infrastructure.stacks.flatMap((s) => s.resources.filter((x) => x.action === "create").map((x) => x.address));
    expect(created).toEqual(["azurerm_cognitive_deployment.deployment_eus2_mai-code-1-flash"]);
    // AND the diagram labels the canary edge 10%, styles the changed edges and marks the new deployment
    const diagram = r.diagrams.find((d) => d.environment === "prod")!.mermaid;
    expect(diagram).toMatch(/c\d+ -->\|"10%"\| d\d+/);
    expect(diagram).toMatch(/linkStyle [\d,]+ stroke:#d97706/);
    expect(diagram).toMatch(/class d\d+ changed/);
    // AND autocomplete cost: base 100,000 req/day × 30 × (1000 × $0.15 + 50 × $0.60)/1M = $540;
    // head 90% of that ($486) + 10% at MAI prices (100,000 × 0.1 × 30 × (1000 × 0.1 + 50 × 0.4)/1M = $36) = $522
    const cost = r.cost.environments.find((e) => e.environment === "prod")!;
    const auto = (side: "base" | "head") => cost[side]!.classes.find((c) => c.taskClass === "autocomplete")!.total;
    expect(auto("base").known).toBeCloseTo(540, 6);
    expect(auto("head").known).toBeCloseTo(522, 6);
    // AND the vendor claim (half the tokens) is shown apart, never applied: $486 + $18 = $504
    expect(cost.head!.classes.find((c) => c.taskClass === "autocomplete")!.ifClaimsHold!.known).toBeCloseTo(504, 6);
    expect(r.exitCode).toBe(0);
  });

  it("fails with exit 1 when a provenance-bound class gets a fallback without licensed provenance", () => {
    // GIVEN document-drafting (provenance required) on Llama WHEN the head adds gpt-4o-mini as its fallback
    const r = run("base", "violation");
    // THEN compliance shows the class clean at base and violated at head, naming the model and its evidence
    const status = r.compliance.provenance.find((p) => p.environment === "prod" && p.taskClass === "document-drafting")!;
    expect(status.base!.clean).toBe(true);
    expect(status.head!.clean).toBe(false);
    expect(status.head!.reach.find((x) => !x.clean)).toEqual(
      expect.objectContaining({
        deployment: "eus2/gpt-4o-mini",
        role: "fallback",
        provenance: "training data: undisclosed; distillation: undisclosed",
      }),
    );
    // AND the policy error is new, head cannot be synthesized, and the exit code is 1
    expect(r.compliance.newFindings.map((f) => f.rule)).toContain("FR-PROV-1");
    expect(r.head.synthesized).toBe(false);
    expect(r.exitCode).toBe(1);
    // AND the diagram marks the violating deployment
    expect(r.diagrams[0]!.mermaid).toMatch(/classDef violation/);
  });

  it("reports a deployment replaced by a model change, first and loudly", () => {
    // GIVEN the chat deployment serving 100% of chat WHEN its model changes from gpt-4o to gpt-4o-mini
    const r = run("base", "replace");
    // THEN the model change forces replacement of the deployment (model.name is ForceNew)
    const res = r.infrastructure.stacks[0]!.resources.find((x) => x.address === "azurerm_cognitive_deployment.deployment_eus2_chat")!;
    expect(res.action).toBe("replace");
    expect(res.changes.filter((c) => c.forcesReplacement).map((c) => c.path)).toEqual(["model.name"]);
    // AND it is an alert about serving traffic
    expect(r.alerts).toEqual([
      expect.objectContaining({
        environment: "prod",
        deployment: "eus2/chat",
        action: "replaced",
        source: "infrastructure",
        servesAtBase: [{ taskClass: "chat", role: "target", weight: 100 }],
      }),
    ]);
    expect(r.alerts[0]!.reasons.join(" ")).toContain('`model.name`: "gpt-4o" → "gpt-4o-mini" forces replacement');
    // AND the Markdown shows it before any section
    const md = renderMarkdown(r);
    expect(md.indexOf("REPLACED")).toBeGreaterThan(0);
    expect(md.indexOf("REPLACED")).toBeLessThan(md.indexOf("### 1. Routing changes"));
  });

  it("lists a deleted serving deployment first", () => {
    // GIVEN the chat deployment serving chat WHEN the head moves chat to gpt-4o-mini and deletes the deployment
    const r = run("base", "delete");
    // THEN the deletion is an alert with the traffic it served, and the resource is deleted in the diff
    expect(r.alerts.map((a) => [a.deployment, a.action, a.servesAtBase.map((u) => u.taskClass)])).toEqual([
      ["eus2/chat", "deleted", ["chat"]],
    ]);
    const stack = r.infrastructure.stacks[0];
    expect(stack!.resources[0]).toEqual(
      expect.objectContaining({ address: "azurerm_cognitive_deployment.deployment_eus2_chat", action: "delete" }),
    );
    // AND the Markdown puts the caution block right after the title line
    const md = renderMarkdown(r);
    expect(md.startsWith(`${REVIEW_MARKER}\n`)).toBe(true);
    expect(md.indexOf("> [!CAUTION]")).toBeLessThan(md.indexOf("**Summary:**"));
    expect(md).toContain("**prod `eus2/chat`** (gpt-4o) is **DELETED**");
  });

  it("shows an unknown price as unknown, never as $0", () => {
    // GIVEN a canary on a model the catalog has no price for
    const r = run("base", "unpriced");
    const head = r.cost.environments[0]!.head!;
    const auto = head.classes.find((c) => c.taskClass === "autocomplete")!;
    // THEN that target has no monthly figure and the totals are a lower bound plus unknown
    expect(auto.targets.find((t) => t.model === "mai-code-1-flash")!.monthly).toBeUndefined();
    expect(auto.total.unknown).toBe(true);
    expect(head.total.unknown).toBe(true);
    const md = renderMarkdown(r);
    expect(md).toMatch(/≥ \$[\d,.]+ \+ unknown/);
    expect(md).toContain("eus2/mai-code-1-flash 10%: *unknown*");
    expect(md).toContain("on known prices (unknown part not included)");
  });

  it("reports an invalid base instead of crashing, and still reviews the head", () => {
    // GIVEN a base whose weights break a rule WHEN reviewed against a valid head
    const r = run("policyInvalid", "base");
    // THEN base errors are reported, base is not synthesized and the infrastructure diff says why
    expect(r.base.loaded).toBe(true);
    expect(r.base.errors).toBeGreaterThan(0);
    expect(r.base.synthesized).toBe(false);
    expect(r.infrastructure.available).toBe(false);
    expect(r.infrastructure.note).toContain("base has 1 policy error(s) under today's rules; not synthesized");
    // AND the fixed error shows as resolved; the head is fine, so the exit code is 0
    expect(r.compliance.resolvedFindings.map((f) => f.rule)).toEqual(["FR-ROUTE-1"]);
    expect(r.exitCode).toBe(0);
    expect(renderMarkdown(r)).toContain("Base has 1 error(s) under today's rules");
  });

  it("reports a base whose YAML does not parse, and a base without config/", () => {
    // GIVEN bases that do not load at all
    for (const base of ["brokenYaml", "noConfig"]) {
      const r = run(base, "base");
      // THEN the report says so and everything at head shows as new
      expect(r.base.loaded).toBe(false);
      expect(r.head.errors).toBe(0);
      expect(r.routing.environments.find((e) => e.environment === "prod")!.status).toBe("added");
      expect(renderMarkdown(r)).toContain("Base config could not be loaded");
    }
  });

  it("falls back to the YAML diff for alerts when a side is not synthesized", () => {
    // GIVEN a base that is not synthesized (policy error) WHEN the head replaces the chat model
    const r = reviewFromGit({ repo: repo.dir, base: sha.replace!, head: sha.base, synthesize: null });
    // THEN the replacement is still announced, marked as inferred from the YAML
    expect(r.alerts).toEqual([expect.objectContaining({ deployment: "eus2/chat", action: "replaced", source: "config" })]);
  });

  describe("through the CLI", () => {
    const cli = async (...argv: string[]) => {
      const io = captureIo(repo.dir);
      const code = await runCli(["review", ...argv], io, [review]);
      return { code, out: io.out(), err: io.err() };
    };

    it("prints Markdown with the hidden marker for the working tree against a ref, exit 0", async () => {
      // GIVEN the working tree at the baseline WHEN reviewed against the canary commit
      const { code, out, err } = await cli("--base", sha.canary!);
      // THEN the Markdown starts with the marker, names the working tree and contains a Mermaid diagram
      expect(err).toBe("");
      expect(code).toBe(0);
      expect(out.split("\n")[0]).toBe(REVIEW_MARKER);
      expect(out).toContain("head `working tree`");
      expect(out).toContain("```mermaid\nflowchart LR");
    });

    it("exits 1 on policy errors at head and writes --out", async () => {
      // GIVEN a head with a provenance violation WHEN written to a file
      const { code, out, err } = await cli("--base", sha.base!, "--head", sha.violation!, "--out", "review.md");
      // THEN nothing goes to stdout, the file holds the report, and the exit code is 1
      expect(code).toBe(1);
      expect(out).toBe("");
      expect(err).toContain("review written to review.md (head has");
      expect(readFileSync(join(repo.dir, "review.md"), "utf8")).toContain("FR-PROV-1");
    });

    it("prints JSON with --format json", async () => {
      // GIVEN a replacement WHEN reviewed as JSON THEN the alert is in the parsed report
      const { code, out } = await cli("--base", sha.base!, "--head", sha.replace!, "--format", "json");
      expect(code).toBe(0);
      expect((JSON.parse(out) as ReviewReport).alerts[0]!.deployment).toBe("eus2/chat");
    });

    it("exits 2 with one line for an unknown ref and for a missing --base", async () => {
      // GIVEN a ref that does not exist
      const bad = await cli("--base", "no-such-branch");
      // THEN one clear line names it, no stack trace, exit 2
      expect(bad.code).toBe(2);
      expect(bad.err).toBe(`foundry-routes review: unknown revision "no-such-branch" (expected a branch, tag or commit in ${repo.dir})\n`);
      // AND a missing --base is a usage error
      const missing = await cli();
      expect(missing.code).toBe(2);
      expect(missing.err).toContain("missing --base REF");
    });
  });
});
