import { describeChange, diffConfigs } from "../../../routing/changes/diff";
import { baseSpec, build, clone, model } from "./fixture";

type Env = {
  routes: { taskClass: string; targets: { deployment: string; weight: number }[]; fallbacks?: string[] }[];
  accounts: { deployments: Record<string, unknown>[] }[];
} & Record<string, unknown>;

describe("semantic routing diff", () => {
  test("a canary is described before → after with the share of traffic that moves", () => {
    // GIVEN autocomplete moving from gpt-4o-mini 100% to a 90/10 canary
    const head = clone(baseSpec());
    (head.envs.prod as Env).routes[0]!.targets = [
      { deployment: "eus2/mai-code-1-flash", weight: 90 },
      { deployment: "eus2/gpt-4o-mini", weight: 10 },
    ];
    // WHEN the two configs are diffed
    const changes = diffConfigs(build(baseSpec()), build(head));
    // THEN exactly one targets change says so, with 90% moved
    expect(changes.map(describeChange)).toEqual([
      "prod autocomplete: eus2/gpt-4o-mini 100% → eus2/mai-code-1-flash 90% / eus2/gpt-4o-mini 10% (90% of traffic moves)",
    ]);
  });

  test("a re-versioned deployment and a removed fallback are both reported", () => {
    // GIVEN gpt-4o pinned to a new version and autocomplete losing its fallback
    const head = clone(baseSpec());
    (head.envs.prod as Env).accounts[0]!.deployments[0]!.version = "2";
    (head.envs.prod as Env).routes[0]!.fallbacks = [];
    // WHEN diffed
    const lines = diffConfigs(build(baseSpec()), build(head)).map(describeChange);
    // THEN both appear
    expect(lines).toContain("prod eus2/gpt-4o: version: 1 → 2");
    expect(lines).toContain("prod autocomplete: fallbacks eus2/gpt-4o → (none)");
  });

  test("a task class renamed with unchanged routing is a rename, not a removal and an addition", () => {
    // GIVEN docstring renamed to doc-comment everywhere
    const head = clone(baseSpec());
    head.classes = [{ id: "autocomplete" }, { id: "doc-comment" }];
    (head.envs.prod as Env).routes[1]!.taskClass = "doc-comment";
    // WHEN diffed
    const lines = diffConfigs(build(baseSpec()), build(head)).map(describeChange);
    // THEN the route change is a rename
    expect(lines).toContain("prod doc-comment: task class renamed from docstring (routing unchanged)");
    expect(lines.some((l) => l.includes("route removed"))).toBe(false);
  });

  test("catalog provenance changes and deleted environments are reported", () => {
    // GIVEN gpt-4o's provenance becoming licensed, and a second environment that head deletes
    const base = clone(baseSpec());
    base.envs.dev = clone(base.envs.prod)!;
    const head = clone(baseSpec());
    head.models[0] = model("gpt-4o", "openai", { clean: true });
    // WHEN diffed
    const lines = diffConfigs(build(base), build(head)).map(describeChange);
    // THEN both are there
    expect(lines).toContain("dev: environment removed");
    expect(lines).toContain(
      "catalog gpt-4o: provenance training data: undisclosed; distillation: undisclosed → training data: licensed (vendor-claim); distillation: none (vendor-claim)",
    );
  });

  test("a task class that starts requiring provenance is reported", () => {
    // GIVEN docstring becoming provenance-required
    const head = clone(baseSpec());
    head.classes[1]!.provenanceRequired = true;
    // WHEN diffed
    const lines = diffConfigs(build(baseSpec()), build(head)).map(describeChange);
    // THEN the class change is there
    expect(lines).toContain("task class docstring: provenanceRequired: false → true");
  });

  test("identical configs have no changes", () => {
    expect(diffConfigs(build(baseSpec()), build(baseSpec()))).toEqual([]);
  });
});
