// A changed deployment or task class carries its fields as data; only describe.ts turns them into words.
import { describeChange, describeChangeInEnvironment } from "../../routing/changes/describe";
import { type RoutingChange, diffConfigs } from "../../routing/changes/diff";
import { type ConfigData, deploymentOf, load as loadData, modelOf, reviewBaseline, routeOf, taskClassOf } from "../../fixtures/builder";
import type { RoutingConfig } from "../../routing/config/loader";

function load(mutate: (d: ConfigData) => void = () => undefined): RoutingConfig {
  const data = reviewBaseline();
  mutate(data);
  return loadData(data);
}

const ofKind = <K extends RoutingChange["kind"]>(changes: RoutingChange[], kind: K) =>
  changes.filter((c): c is Extract<RoutingChange, { kind: K }> => c.kind === kind);

describe("deployment-changed", () => {
  it("lists each changed attribute with its values, in a fixed order", () => {
    // GIVEN the chat deployment WHEN its capacity and SKU change
    const head = load((d) => {
      deploymentOf(d, "prod", "eus2/chat").capacity = 30;
      deploymentOf(d, "prod", "eus2/chat").sku = "Standard";
    });
    const [changed, ...rest] = ofKind(diffConfigs(load(), head), "deployment-changed");
    // THEN one change names both fields, SKU before capacity, with the values as written (capacity as text)
    expect(rest).toEqual([]);
    expect(changed!.fields).toEqual([
      { field: "sku", before: "GlobalStandard", after: "Standard" },
      { field: "capacity", before: "20", after: "30" },
    ]);
    // AND the renderers word it with and without the environment
    expect(describeChange(changed!)).toBe("prod eus2/chat: sku: GlobalStandard → Standard; capacity: 20 → 30");
    expect(describeChangeInEnvironment(changed!)).toBe("eus2/chat: sku: GlobalStandard → Standard; capacity: 20 → 30");
  });

  it("leaves a side out when the attribute is unset there, and words it (none)", () => {
    // GIVEN a model without a catalog version WHEN the deployment pins one
    const unpinned = (d: ConfigData) => delete modelOf(d, "gpt-4o").foundry.version;
    const base = load(unpinned);
    const head = load((d) => {
      unpinned(d);
      deploymentOf(d, "prod", "eus2/chat").version = "2024-11-20";
    });
    const [changed] = ofKind(diffConfigs(base, head), "deployment-changed");
    // THEN the version change has no `before`
    expect(changed!.fields).toEqual([{ field: "version", after: "2024-11-20" }]);
    expect(describeChange(changed!)).toBe("prod eus2/chat: version: (none) → 2024-11-20");
  });
});

describe("task-class-changed", () => {
  it("carries the changed task-class attributes as data", () => {
    // GIVEN the chat task class WHEN it starts requiring provenance
    const head = load((d) => (taskClassOf(d, "chat").provenanceRequired = true));
    const [changed] = ofKind(diffConfigs(load(), head), "task-class-changed");
    // THEN the field is data and the line reads as before
    expect(changed!.fields).toEqual([{ field: "provenanceRequired", before: "false", after: "true" }]);
    expect(describeChange(changed!)).toBe("task class chat: provenanceRequired: false → true");
  });
});

describe("content-safety-changed", () => {
  const route = (d: ConfigData, taskClass: string) => routeOf(d, "prod", taskClass);

  it("carries the route's content safety before and after as data, and words it", () => {
    // GIVEN chat with Prompt Shields and a hate threshold WHEN the threshold is lowered and violence is added
    const base = load((d) => (route(d, "chat").contentSafety = { promptShield: true, categories: { hate: 4 } }));
    const head = load((d) => (route(d, "chat").contentSafety = { promptShield: true, categories: { hate: 2, violence: 4 } }));
    const changes = diffConfigs(base, head);
    const [changed, ...rest] = ofKind(changes, "content-safety-changed");
    // THEN one change carries both sides as the routing table has them (service resolved to the primary's account)
    expect(rest).toEqual([]);
    expect(changed).toEqual({
      kind: "content-safety-changed",
      environment: "prod",
      taskClass: "chat",
      before: {
        promptShield: true,
        enforceOnCompletions: false,
        outputType: "FourSeverityLevels",
        categories: [{ name: "Hate", threshold: 4 }],
        blocklists: [],
        service: { account: "eus2" },
      },
      after: {
        promptShield: true,
        enforceOnCompletions: false,
        outputType: "FourSeverityLevels",
        categories: [
          { name: "Hate", threshold: 2 },
          { name: "Violence", threshold: 4 },
        ],
        blocklists: [],
        service: { account: "eus2" },
      },
    });
    // AND no other route change is reported, and the line reads both sides
    expect(changes.filter((c) => c.kind !== "content-safety-changed")).toEqual([]);
    expect(describeChange(changed!)).toBe(
      "prod chat: content safety prompt shield, Hate ≥ 4 (FourSeverityLevels), via account eus2 → prompt shield, Hate ≥ 2, Violence ≥ 4 (FourSeverityLevels), via account eus2",
    );
  });

  it("reports a check added to a route without one, with no `before`", () => {
    // GIVEN autocomplete without content safety WHEN it gets a blocklist on an existing resource
    const resource =
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-safety/providers/Microsoft.CognitiveServices/accounts/cs-shared";
    const head = load((d) => (route(d, "autocomplete").contentSafety = { blocklists: ["internal-terms"], resource }));
    const [changed] = ofKind(diffConfigs(load(), head), "content-safety-changed");
    // THEN the change has only `after`, and its words name the resource
    expect(changed!.before).toBeUndefined();
    expect(changed!.after?.service).toEqual({ resourceId: resource });
    expect(describeChangeInEnvironment(changed!)).toBe(`autocomplete: content safety (none) → blocklists internal-terms, via ${resource}`);
  });
});
