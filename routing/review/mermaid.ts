// A Mermaid flowchart of an environment's routing: task class → deployment, weighted edges labeled with their
// share, fallbacks dashed. Edges and deployments that differ from the base are highlighted; deployments that
// break provenance for the class they serve are marked. Renders in GitHub comments.
import type { RoutingTable, TableRoute } from "../table/table";

/** Escapes text for a quoted Mermaid label: quotes and angle brackets as entities, no line breaks. */
export function mermaidLabel(text: string): string {
  return text
    .replace(/&/g, "#amp;")
    .replace(/"/g, "#quot;")
    .replace(/</g, "#lt;")
    .replace(/>/g, "#gt;")
    .replace(/[\r\n]+/g, " ");
}

interface DiagramOptions {
  /** The same environment at base, to mark what changed; undefined = everything is new. */
  readonly base?: RoutingTable;
  /** Deployments (`<account>/<deployment>`) whose model breaks provenance for a provenance-required class they serve. */
  readonly violations?: ReadonlySet<string>;
  /** Deployments changed in place or replaced (e.g. a new SKU), marked like new ones. */
  readonly changedDeployments?: ReadonlySet<string>;
}

function edgeKey(taskClass: string, deployment: string, kind: string): string {
  return `${taskClass}\u0000${deployment}\u0000${kind}`;
}

function edgesOf(route: TableRoute): Map<string, string> {
  const m = new Map<string, string>();
  for (const t of route.targets) m.set(edgeKey(route.taskClass, t.deployment, "target"), `${t.weight}%`);
  route.fallbacks.forEach((f, i) => {
    const key = edgeKey(route.taskClass, f.deployment, "fallback");
    if (!m.has(key)) m.set(key, `fallback ${i + 1}`);
  });
  return m;
}

/** The flowchart source (without the ```mermaid fence). Deterministic: classes and deployments in sorted order. */
export function routingFlowchart(head: RoutingTable, options: DiagramOptions = {}): string {
  const lines = ["flowchart LR"];
  const classIds = new Map<string, string>();
  const depIds = new Map<string, string>();
  const deployments = new Map<string, string>();
  for (const r of head.routes) {
    for (const t of r.targets) deployments.set(t.deployment, t.model);
    for (const f of r.fallbacks) deployments.set(f.deployment, f.model);
  }
  head.routes.forEach((r, i) => classIds.set(r.taskClass, `c${i}`));
  [...deployments.keys()].sort().forEach((d, i) => depIds.set(d, `d${i}`));
  for (const r of head.routes) {
    const label = r.taskClass === head.defaultRoute ? `${r.taskClass} (default)` : r.taskClass;
    lines.push(`  ${classIds.get(r.taskClass)}(["${mermaidLabel(label)}"])`);
  }
  for (const [d, model] of [...deployments].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const name = d.slice(d.indexOf("/") + 1);
    // The model on a second line only when the deployment name does not already say it.
    const label = name === model ? mermaidLabel(d) : `${mermaidLabel(d)}<br/>${mermaidLabel(model)}`;
    lines.push(`  ${depIds.get(d)}["${label}"]`);
  }
  const baseEdges = new Map<string, string>();
  for (const r of options.base?.routes ?? []) for (const [k, v] of edgesOf(r)) baseEdges.set(k, v);
  // Deployment → model at base: a deployment that is new, or now runs another model, is marked changed.
  const baseDeployments = new Map<string, string>();
  for (const r of options.base?.routes ?? []) {
    for (const t of r.targets) baseDeployments.set(t.deployment, t.model);
    for (const f of r.fallbacks) baseDeployments.set(f.deployment, f.model);
  }
  const changedLinks: number[] = [];
  let link = 0;
  for (const r of head.routes) {
    for (const [key, label] of edgesOf(r)) {
      const [, deployment = "", kind] = key.split("\u0000");

      const from = classIds.get(r.taskClass);
      const to = depIds.get(deployment);
      lines.push(kind === "fallback" ? `  ${from} -.->|"${mermaidLabel(label)}"| ${to}` : `  ${from} -->|"${mermaidLabel(label)}"| ${to}`);
      if (options.base !== undefined ? baseEdges.get(key) !== label : false) changedLinks.push(link);
      link++;
    }
  }
  const newDeployments =
    options.base !== undefined
      ? [...deployments]
          .filter(([d, model]) => baseDeployments.get(d) !== model || options.changedDeployments?.has(d))
          .map(([d]) => d)
          .sort()
      : [];
  const violations = [...deployments.keys()].filter((d) => options.violations?.has(d)).sort();
  if (newDeployments.length > 0) {
    lines.push("  classDef changed stroke:#d97706,stroke-width:3px");
    lines.push(`  class ${newDeployments.map((d) => depIds.get(d)).join(",")} changed`);
  }
  if (violations.length > 0) {
    lines.push("  classDef violation fill:#fee2e2,stroke:#dc2626,stroke-width:3px");
    lines.push(`  class ${violations.map((d) => depIds.get(d)).join(",")} violation`);
  }
  if (changedLinks.length > 0) lines.push(`  linkStyle ${changedLinks.join(",")} stroke:#d97706,stroke-width:3px`);
  return lines.join("\n");
}
