import { describeChange, diffConfigs } from "../../../routing/changes/diff";
import { CLEAN, clone, deploymentOf, load, modelOf, routeOf, tableBaseline, taskClassOf } from "../../../fixtures/builder";

describe("semantic routing diff", () => {
  test("a canary is described before → after with the share of traffic that moves", () => {
    // GIVEN autocomplete moving from gpt-4o-mini 100% to a 90/10 canary
    const head = tableBaseline();
    routeOf(head, "prod", "autocomplete").targets = [
      { deployment: "eus2/mai-code-1-flash", weight: 90 },
      { deployment: "eus2/gpt-4o-mini", weight: 10 },
    ];
    // WHEN the two configs are diffed
    const changes = diffConfigs(load(tableBaseline()), load(head));
    // THEN exactly one targets change says so, with 90% moved
    expect(changes.map(describeChange)).toEqual([
      "prod autocomplete: eus2/gpt-4o-mini 100% → eus2/mai-code-1-flash 90% / eus2/gpt-4o-mini 10% (90% of traffic moves)",
    ]);
  });

  test("a re-versioned deployment and a removed fallback are both reported", () => {
    // GIVEN gpt-4o pinned to a new version and autocomplete losing its fallback
    const head = tableBaseline();
    deploymentOf(head, "prod", "eus2/gpt-4o").version = "2";
    routeOf(head, "prod", "autocomplete").fallbacks = [];
    // WHEN diffed
    const lines = diffConfigs(load(tableBaseline()), load(head)).map(describeChange);
    // THEN both appear
    expect(lines).toContain("prod eus2/gpt-4o: version: 1 → 2");
    expect(lines).toContain("prod autocomplete: fallbacks eus2/gpt-4o → (none)");
  });

  test("a task class renamed with unchanged routing is a rename, not a removal and an addition", () => {
    // GIVEN docstring renamed to doc-comment everywhere
    const head = tableBaseline();
    Object.assign(taskClassOf(head, "docstring"), { id: "doc-comment", description: "doc-comment" });
    routeOf(head, "prod", "docstring").taskClass = "doc-comment";
    // WHEN diffed
    const lines = diffConfigs(load(tableBaseline()), load(head)).map(describeChange);
    // THEN the route change is a rename
    expect(lines).toContain("prod doc-comment: task class renamed from docstring (routing unchanged)");
    expect(lines.some((l) => l.includes("route removed"))).toBe(false);
  });

  test("catalog provenance changes and deleted environments are reported", () => {
    // GIVEN gpt-4o's provenance becoming licensed, and a second environment that head deletes
    const base = tableBaseline();
    base.envs.dev = clone(base.envs.prod!);
    const head = tableBaseline();
    modelOf(head, "gpt-4o").provenance = CLEAN;
    // WHEN diffed
    const lines = diffConfigs(load(base), load(head)).map(describeChange);
    // THEN both are there
    expect(lines).toContain("dev: environment removed");
    expect(lines).toContain(
      "catalog gpt-4o: provenance training data: undisclosed; distillation: undisclosed → training data: licensed (vendor-claim); distillation: none (vendor-claim)",
    );
  });

  test("a task class that starts requiring provenance is reported", () => {
    // GIVEN docstring becoming provenance-required
    const head = tableBaseline();
    taskClassOf(head, "docstring").provenanceRequired = true;
    // WHEN diffed
    const lines = diffConfigs(load(tableBaseline()), load(head)).map(describeChange);
    // THEN the class change is there
    expect(lines).toContain("task class docstring: provenanceRequired: false → true");
  });

  test("identical configs have no changes", () => {
    expect(diffConfigs(load(tableBaseline()), load(tableBaseline()))).toEqual([]);
  });
});
