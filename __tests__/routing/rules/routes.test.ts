// Route rules: weights, fallbacks, provenance, API shape, complexity fit, vendor spread.
import { type ConfigData, DEV, model, modelOf } from "../../../fixtures/builder";
import { expectOne, ofRule, run } from "./run";

describe("FR-ROUTE-1 weights must sum to 100", () => {
  test("a 70/30 split passes", () => {
    // GIVEN chat split 70/30 over two targets
    const r = run((d) => {
      d.envs.dev!.routes[0]!.targets = [
        { deployment: "eus2/gpt-test", weight: 70 },
        { deployment: "swc/llama-test", weight: 30 },
      ];
      d.envs.dev!.routes[0]!.fallbacks = ["eus2/mai-test"];
    });
    // THEN the weights are accepted
    expect(ofRule(r.findings, "FR-ROUTE-1")).toEqual([]);
  });

  test("weights summing to 90 are an error that says the sum", () => {
    // GIVEN chat split 60/30
    const r = run((d) => {
      d.envs.dev!.routes[0]!.targets = [
        { deployment: "eus2/gpt-test", weight: 60 },
        { deployment: "swc/llama-test", weight: 30 },
      ];
    });
    // THEN FR-ROUTE-1 points at the targets and reports 90
    const f = expectOne(r, { rule: "FR-ROUTE-1", level: "error", file: DEV, path: "routes[0].targets" });
    expect(f.message).toBe("target weights sum to 90 (eus2/gpt-test=60 + swc/llama-test=30), expected 100");
  });
});

describe("FR-ROUTE-2 redundant fallback", () => {
  test("one deployment as fallback of two routes passes", () => {
    // GIVEN the baseline, where swc/llama-test backs up both routes
    const r = run();
    // THEN sharing a fallback across routes is fine
    expect(ofRule(r.findings, "FR-ROUTE-2")).toEqual([]);
  });

  test("a fallback that is also a target is an error", () => {
    // GIVEN chat falls back to its own target
    const r = run((d) => d.envs.dev!.routes[0]!.fallbacks!.push("eus2/gpt-test"));
    // THEN FR-ROUTE-2 points at that fallback
    const f = expectOne(r, { rule: "FR-ROUTE-2", level: "error", file: DEV, path: "routes[0].fallbacks[1]", onLine: "eus2/gpt-test" });
    expect(f.message).toContain("also a target");
  });

  test("a fallback listed twice is an error at the repeat", () => {
    // GIVEN chat lists swc/llama-test twice
    const r = run((d) => d.envs.dev!.routes[0]!.fallbacks!.push("swc/llama-test"));
    // THEN FR-ROUTE-2 points at the second
    const f = expectOne(r, { rule: "FR-ROUTE-2", level: "error", file: DEV, path: "routes[0].fallbacks[1]" });
    expect(f.message).toContain("listed twice (first at fallbacks[0])");
  });
});

describe("FR-PROV-1 provenance required", () => {
  test("a provenance-required class reaching only licensed, non-distilled models passes, even on vendor claims", () => {
    // GIVEN document-drafting (provenanceRequired) reaches mai-test and llama-test, both licensed/none as vendor claims,
    //   and chat (not required) reaches gpt-test, whose provenance is undisclosed
    const r = run();
    // THEN there is nothing to report
    expect(ofRule(r.findings, "FR-PROV-1")).toEqual([]);
  });

  test("a fallback to an undisclosed-provenance model is an error showing the evidence", () => {
    // GIVEN document-drafting falls back to gpt-test
    const r = run((d) => d.envs.dev!.routes[1]!.fallbacks!.push("eus2/gpt-test"));
    // THEN FR-PROV-1 points at that fallback and shows the evidence levels
    const f = expectOne(r, { rule: "FR-PROV-1", level: "error", file: DEV, path: "routes[1].fallbacks[1]", onLine: "eus2/gpt-test" });
    expect(f.message).toBe(
      "reaches gpt-test via eus2/gpt-test (training data: undisclosed; distillation: undisclosed) but task class document-drafting requires licensed, non-distilled provenance",
    );
    expect(f.subject).toBe("document-drafting");
  });

  test("a target distilled from a third-party model is an error", () => {
    // GIVEN mai-test is declared distilled from a third-party model (licensed data notwithstanding)
    const r = run(
      (d) => (modelOf(d, "mai-test").provenance.distillation = { value: "third-party", evidence: "independent", source: "paper" }),
    );
    // THEN FR-PROV-1 points at document-drafting's target
    const f = expectOne(r, { rule: "FR-PROV-1", level: "error", file: DEV, path: "routes[1].targets[0].deployment" });
    expect(f.message).toContain("(training data: licensed (vendor-claim); distillation: third-party (independent))");
  });
});
/** A model router in the fixture's catalog. */
function addRouterModel(d: ConfigData): void {
  d.models.models.push(
    model("router-test", "microsoft", {
      foundry: {
        format: "OpenAI",
        name: "model-router",
        version: "2025-11-18",
        skus: ["GlobalStandard"],
        availability: "ga",
        router: true,
      },
    }),
  );
}

describe("FR-PROV-1 through a model router", () => {
  /** A router deployment on eus2 that document-drafting (provenance-required) targets. */
  const withRouter = (subset: string[] | undefined) => (d: ConfigData) => {
    addRouterModel(d);
    d.envs.dev!.accounts[0]!.deployments.push({
      name: "router",
      model: "router-test",
      ...(subset ? { routing: { mode: "cost", models: subset } } : {}),
    });
    d.envs.dev!.routes[1]!.targets = [{ deployment: "eus2/router", weight: 100 }];
  };

  test("a router whose every subset model is clean may serve a provenance-required class", () => {
    // GIVEN the router's subset is mai-test and llama-test, both licensed and not distilled
    const r = run(withRouter(["mai-test", "llama-test"]));
    // THEN the class is clean through it
    expect(ofRule(r.findings, "FR-PROV-1")).toEqual([]);
  });

  test("one undisclosed model in the subset is an error naming it and the router", () => {
    // GIVEN gpt-test (undisclosed provenance) joins the subset
    const r = run(withRouter(["mai-test", "gpt-test"]));
    // THEN FR-PROV-1 points at the target and names the subset model
    const f = expectOne(r, { rule: "FR-PROV-1", level: "error", file: DEV, path: "routes[1].targets[0].deployment" });
    expect(f.message).toBe(
      "reaches gpt-test via eus2/router, a model router (training data: undisclosed; distillation: undisclosed) but task class document-drafting requires licensed, non-distilled provenance",
    );
  });

  test("a router without a subset may pick any pool model, so it is an error", () => {
    const r = run(withRouter(undefined));
    const f = expectOne(r, { rule: "FR-PROV-1", level: "error", file: DEV, path: "routes[1].targets[0].deployment" });
    expect(f.message).toContain("with no routing.models subset");
  });
});

describe("FR-ROUTER-1 model router subset", () => {
  const router = (d: ConfigData, routing: { mode: "cost"; models: string[] }, modelId = "router-test") => {
    addRouterModel(d);
    d.envs.dev!.accounts[0]!.deployments.push({ name: "router", model: modelId, routing });
  };

  test("a subset of versioned catalog models, with Claude deployed on the account, passes", () => {
    // GIVEN claude-test is deployed on eus2 and in the subset with gpt-test
    const r = run((d) => {
      d.envs.dev!.accounts[0]!.deployments.push({ name: "claude-test", model: "claude-test" });
      router(d, { mode: "cost", models: ["gpt-test", "claude-test"] });
    });
    expect(ofRule(r.findings, "FR-ROUTER-1")).toEqual([]);
  });

  test("unknown, unversioned, undeployed-Claude and router subset models are each an error at their index", () => {
    // GIVEN a subset with a typo, a model without a version, Claude not deployed on eus2, and the router itself
    const r = run((d) => {
      delete modelOf(d, "llama-test").foundry.version;
      router(d, { mode: "cost", models: ["gtp-test", "llama-test", "claude-test", "router-test"] });
    });
    // THEN four findings, one per subset entry
    const found = ofRule(r.findings, "FR-ROUTER-1");
    expect(found.map((f) => [f.path, f.message])).toEqual([
      [
        "accounts[0].deployments[2].routing.models[0]",
        'model router subset: unknown catalog model "gtp-test" (did you mean "gpt-test"? expected one of: claude-test, gpt-test, llama-test, mai-test)',
      ],
      [
        "accounts[0].deployments[2].routing.models[1]",
        "model router subset: llama-test has no foundry.version in the catalog, and Azure needs one per subset model",
      ],
      [
        "accounts[0].deployments[2].routing.models[2]",
        "model router subset: claude-test is a Claude model not deployed on account eus2; Azure routes only to Claude deployments of the same account",
      ],
      [
        "accounts[0].deployments[2].routing.models[3]",
        "model router subset: router-test is itself a model router (expected catalog models the router chooses between)",
      ],
    ]);
  });

  test("routing on a model that is not a router is an error", () => {
    const r = run((d) =>
      d.envs.dev!.accounts[0]!.deployments.push({ name: "gpt-routed", model: "gpt-test", routing: { mode: "cost", models: ["mai-test"] } }),
    );
    const f = expectOne(r, { rule: "FR-ROUTER-1", level: "error", file: DEV, path: "accounts[0].deployments[2].routing" });
    expect(f.message).toBe(
      "routing is set on gpt-test, which is not a model router; expected it only on a model with foundry.router: true",
    );
  });
});

describe("FR-API-1 mixed API shapes", () => {
  test("three vendors speaking chat-completions pass", () => {
    // GIVEN chat reaches openai, microsoft and meta models, all chat-completions
    const r = run((d) => d.envs.dev!.routes[0]!.fallbacks!.push("eus2/mai-test"));
    // THEN one shape
    expect(ofRule(r.findings, "FR-API-1")).toEqual([]);
  });

  test("a chat-completions route falling back to an anthropic-messages deployment is an error listing the shapes", () => {
    // GIVEN claude-test deployed and added as chat's second fallback
    const r = run((d) => {
      d.envs.dev!.accounts[0]!.deployments.push({ name: "claude-test", model: "claude-test" });
      d.envs.dev!.routes[0]!.fallbacks!.push("eus2/claude-test");
    });
    // THEN FR-API-1 points at the odd one out and lists every deployment's shape
    const f = expectOne(r, { rule: "FR-API-1", level: "error", file: DEV, path: "routes[0].fallbacks[1]", onLine: "eus2/claude-test" });
    expect(f.message).toContain(
      "eus2/gpt-test (chat-completions), swc/llama-test (chat-completions), eus2/claude-test (anthropic-messages)",
    );
  });
});

describe("FR-FIT-1 complexity fit", () => {
  const lowChat = (d: ConfigData) => (d.taskClasses.taskClasses[0]!.complexity = "low");

  test("the primary target is the highest weight, so a fitting 70% target passes", () => {
    // GIVEN chat is low complexity, 30% on gpt-test (medium/high), 70% on mai-test (low/medium)
    const r = run((d) => {
      lowChat(d);
      d.envs.dev!.routes[0]!.targets = [
        { deployment: "eus2/gpt-test", weight: 30 },
        { deployment: "eus2/mai-test", weight: 70 },
      ];
    });
    // THEN the primary fits
    expect(ofRule(r.findings, "FR-FIT-1")).toEqual([]);
  });

  test("a primary target not positioned for the class's complexity is a warning", () => {
    // GIVEN chat is low complexity and its only target gpt-test is positioned for medium/high
    const r = run(lowChat);
    // THEN FR-FIT-1 points at the primary target
    const f = expectOne(r, {
      rule: "FR-FIT-1",
      level: "warning",
      file: DEV,
      path: "routes[0].targets[0].deployment",
      onLine: "eus2/gpt-test",
    });
    expect(f.message).toBe(
      "primary target eus2/gpt-test (gpt-test) is positioned for medium/high complexity (vendor-claim), but task class chat is low complexity",
    );
  });

  test("on equal weights the first target is the primary", () => {
    // GIVEN a 50/50 split, gpt-test first
    const r = run((d) => {
      lowChat(d);
      d.envs.dev!.routes[0]!.targets = [
        { deployment: "eus2/gpt-test", weight: 50 },
        { deployment: "eus2/mai-test", weight: 50 },
      ];
    });
    // THEN gpt-test is judged, and warned about
    expectOne(r, { rule: "FR-FIT-1", level: "warning", file: DEV, path: "routes[0].targets[0].deployment" });
    // AND with mai-test first there is no warning
    const swapped = run((d) => {
      lowChat(d);
      d.envs.dev!.routes[0]!.targets = [
        { deployment: "eus2/mai-test", weight: 50 },
        { deployment: "eus2/gpt-test", weight: 50 },
      ];
    });
    expect(ofRule(swapped.findings, "FR-FIT-1")).toEqual([]);
  });
});

describe("FR-VENDOR-1 single vendor", () => {
  test("a route with a fallback from another vendor passes", () => {
    // GIVEN chat: openai target, meta fallback
    const r = run();
    // THEN there is a cross-vendor fallback
    expect(ofRule(r.findings, "FR-VENDOR-1")).toEqual([]);
  });

  test("a route whose targets and fallbacks are all one vendor's is a warning", () => {
    // GIVEN chat falls back from eus2/gpt-test to swc/gpt-test, both openai
    const r = run((d) => {
      d.envs.dev!.accounts[1]!.deployments.push({ name: "gpt-test", model: "gpt-test" });
      d.envs.dev!.routes[0]!.fallbacks = ["swc/gpt-test"];
    });
    // THEN FR-VENDOR-1 points at the route
    const f = expectOne(r, { rule: "FR-VENDOR-1", level: "warning", file: DEV, path: "routes[0]", onLine: "taskClass: chat" });
    expect(f.message).toBe(
      "all 2 reachable deployment(s) (eus2/gpt-test, swc/gpt-test) are openai models; expected at least one fallback from another vendor",
    );
  });

  test("unknown references are left to FR-REF-2", () => {
    // GIVEN a route reaching only unknown deployments
    const r = run((d) => (d.envs.dev!.routes[0] = { taskClass: "chat", targets: [{ deployment: "eus2/nope", weight: 100 }] }));
    // THEN no vendor can be judged
    expect(ofRule(r.findings, "FR-VENDOR-1")).toEqual([]);
    expect(ofRule(r.findings, "FR-REF-2")).toHaveLength(1);
  });
});
