// A changed deployment or task class carries its fields as data; only describe.ts turns them into words.
import { describeChange, describeChangeInEnvironment } from "../../routing/changes/describe";
import { type RoutingChange, diffConfigs } from "../../routing/changes/diff";
import { type ConfigData, deploymentOf, load as loadData, modelOf, reviewBaseline, taskClassOf } from "../../fixtures/builder";
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
