// The head-routing flowchart: shapes, weighted and dashed edges, escaping, and change marks.
import { mermaidLabel, routingFlowchart } from "../../routing/review/mermaid";
import type { RoutingTable, TableDeployment, TableRoute } from "../../routing/table/table";

const dep = (deployment: string, model = deployment.split("/")[1]!): TableDeployment => ({
  deployment,
  account: deployment.split("/")[0]!,
  deploymentName: deployment.split("/")[1]!,
  model,
  version: "1",
  vendor: "openai",
  api: "chat-completions",
  contextWindow: 128000,
});

function table(
  routes: { taskClass: string; targets: [string, number][]; fallbacks?: string[]; models?: Record<string, string> }[],
): RoutingTable {
  return {
    environment: "prod",
    defaultRoute: "chat",
    routes: routes.map((r): TableRoute => {
      let next = 0;
      return {
        taskClass: r.taskClass,
        api: "chat-completions",
        provenanceRequired: false,
        fallbackOn: ["throttled", "server-error", "not-found"],
        targets: r.targets.map(([d, weight]) => {
          const t = { ...dep(d, r.models?.[d]), weight, bucketStart: next, bucketEnd: next + weight };
          next += weight;
          return t;
        }),
        fallbacks: (r.fallbacks ?? []).map((d) => dep(d, r.models?.[d])),
      };
    }),
  };
}

describe("routingFlowchart", () => {
  it("draws weighted solid edges and numbered dashed fallbacks", () => {
    // GIVEN chat split 90/10 with a fallback
    const src = routingFlowchart(
      table([
        {
          taskClass: "chat",
          targets: [
            ["eus2/a", 90],
            ["eus2/b", 10],
          ],
          fallbacks: ["swc/a"],
        },
      ]),
    );
    // THEN the class is a stadium node marked default, deployments are boxes, edges carry the share
    expect(src.split("\n")).toEqual([
      "flowchart LR",
      '  c0(["chat (default)"])',
      '  d0["eus2/a"]',
      '  d1["eus2/b"]',
      '  d2["swc/a"]',
      '  c0 -->|"90%"| d0',
      '  c0 -->|"10%"| d1',
      '  c0 -.->|"fallback 1"| d2',
    ]);
  });

  it("marks edges and deployments that changed since base", () => {
    // GIVEN base 100% on a WHEN head adds a 10% canary on b and a now runs another model
    const base = table([{ taskClass: "chat", targets: [["eus2/a", 100]] }]);
    const head = table([
      {
        taskClass: "chat",
        targets: [
          ["eus2/a", 90],
          ["eus2/b", 10],
        ],
        models: { "eus2/a": "other" },
      },
    ]);
    const src = routingFlowchart(head, { base });
    // THEN both edges are styled as changed, and both deployments are marked
    expect(src).toContain("linkStyle 0,1 stroke:#d97706,stroke-width:3px");
    expect(src).toContain("class d0,d1 changed");
    expect(src).toContain('d0["eus2/a<br/>other"]');
  });

  it("escapes quotes and angle brackets in labels", () => {
    // GIVEN label text with Mermaid's special characters THEN they become entities on one line
    expect(mermaidLabel('a "b" <c>\nd')).toBe("a #quot;b#quot; #lt;c#gt; d");
  });
});
