// A first apply that one model cannot block: no verified deployment, gateway policy or backend may wait, directly or
// through others, on a deployment of a preview or unverified model.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readConfigDir } from "../../io/config-files";
import { synthesize } from "../../io/synth";
import { loadConfig } from "../../routing/config/loader";
import { validateLoaded } from "../../routing/validate";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** Terraform address → addresses it depends on (depends_on and `${type.name…}` references). */
function dependencyGraph(resource: Resources): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const [type, byName] of Object.entries(resource)) {
    for (const [name, body] of Object.entries(byName)) {
      const deps = new Set<string>((body.depends_on as string[] | undefined) ?? []);
      for (const m of JSON.stringify({ ...body, depends_on: undefined }).matchAll(/\$\{((?:azurerm|azapi)_[a-z0-9_]+\.[A-Za-z0-9_-]+)/g))
        deps.add(m[1]!);
      graph.set(`${type}.${name}`, deps);
    }
  }
  return graph;
}

function reaches(graph: Map<string, Set<string>>, from: string): Set<string> {
  const seen = new Set<string>();
  const todo = [...(graph.get(from) ?? [])];
  while (todo.length > 0) {
    const next = todo.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    todo.push(...(graph.get(next) ?? []));
  }
  return seen;
}

describe("deployment order: one model cannot block the first apply", () => {
  const root = join(__dirname, "..", "..");
  const config = validateLoaded(loadConfig(readConfigDir(root))).config!;
  const out = mkdtempSync(join(tmpdir(), "foundry-routes-deps-"));
  const summary = synthesize(config, out);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test.each(config.environments.map((e) => [e.name]))(
    "GIVEN the %s sample WHEN its stack is synthesized THEN nothing verified waits on an unverified or preview deployment",
    (name) => {
      const env = config.environments.find((e) => e.name === name)!;
      const risky = new Set<string>();
      const verified = new Set<string>();
      const models = new Map(config.catalog.models.map((m) => [m.id, m]));
      for (const a of env.spec.accounts)
        for (const d of a.deployments) {
          const address = `deployment_${a.id}_${d.name}`.replace(/[^A-Za-z0-9_-]/g, "_");
          (models.get(d.model)?.foundry.availability === "ga" ? verified : risky).add(address);
        }
      const resource = summary.stacks.find((s) => s.name === name)!.json.resource as Resources;
      const graph = dependencyGraph(resource);
      const isRisky = (address: string) => risky.has(address.split(".")[1]!);
      // WHEN every verified deployment, backend and policy is followed through the graph
      const guarded = [...graph.keys()].filter(
        (a) =>
          a.startsWith("azurerm_api_management_api_policy.") ||
          a.startsWith("azurerm_api_management_backend.") ||
          verified.has(a.split(".")[1]!),
      );
      expect(guarded.length).toBeGreaterThan(0);
      // THEN none of them reaches a risky deployment
      const blocked = guarded.flatMap((a) => [...reaches(graph, a)].filter(isRisky).map((r) => `${a} → ${r}`));
      expect(blocked).toEqual([]);
    },
  );
});
