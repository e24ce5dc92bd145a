// A first apply that one model cannot block: no verified deployment, gateway policy or backend may wait, directly or
// through others, on a deployment of a preview or unverified model.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readConfigDir } from "../../io/config-files";
import { synthesize } from "../../io/synth";
import fc from "fast-check";
import { type RoutingConfig, loadConfig } from "../../routing/config/loader";
import { validateLoaded } from "../../routing/validate";
import { runs } from "../runs";

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

/** Deployments of the environment that are not verified: the model, or any model of a router's subset, is not ga. */
function riskyAddresses(config: RoutingConfig, envName: string): { risky: Set<string>; verified: Set<string> } {
  const env = config.environments.find((e) => e.name === envName)!;
  const risky = new Set<string>();
  const verified = new Set<string>();
  const models = new Map(config.catalog.models.map((m) => [m.id, m]));
  const ga = (id: string) => models.get(id)?.foundry.availability === "ga";
  for (const a of env.spec.accounts)
    for (const d of a.deployments) {
      const address = `deployment_${a.id}_${d.name}`.replace(/[^A-Za-z0-9_-]/g, "_");
      (ga(d.model) && (d.routing?.models ?? []).every(ga) ? verified : risky).add(address);
    }
  return { risky, verified };
}

/** Verified deployments, backends and policies that reach a risky deployment: `<from> → <to>`. */
function blockedPaths(config: RoutingConfig, envName: string, resource: Resources): string[] {
  const { risky, verified } = riskyAddresses(config, envName);
  const graph = dependencyGraph(resource);
  const isRisky = (address: string) => risky.has(address.split(".")[1]!);
  const guarded = [...graph.keys()].filter(
    (a) =>
      a.startsWith("azurerm_api_management_api_policy.") ||
      a.startsWith("azurerm_api_management_backend.") ||
      verified.has(a.split(".")[1]!),
  );
  return guarded.flatMap((a) => [...reaches(graph, a)].filter(isRisky).map((r) => `${a} → ${r}`));
}

describe("deployment order: one model cannot block the first apply", () => {
  const root = join(__dirname, "..", "..");
  const files = readConfigDir(root);
  const config = validateLoaded(loadConfig(files)).config!;
  const out = mkdtempSync(join(tmpdir(), "foundry-routes-deps-"));
  const summary = synthesize(config, out);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test.each(config.environments.map((e) => [e.name]))(
    "GIVEN the %s sample WHEN its stack is synthesized THEN nothing verified waits on an unverified or preview deployment",
    (name) => {
      const resource = summary.stacks.find((s) => s.name === name)!.json.resource as Resources;
      expect(riskyAddresses(config, name).verified.size).toBeGreaterThan(0);
      expect(blockedPaths(config, name, resource)).toEqual([]);
    },
  );

  test("GIVEN generated accounts with shuffled deployments of every availability WHEN synthesized THEN nothing verified waits on a risky one", () => {
    const catalog = config.catalog.models.filter((m) => m.foundry.availability !== "not-offered" && !m.foundry.router);
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(...catalog.map((m) => m.id)), { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 3 }),
        (accounts) => {
          // GIVEN dev's shape with these accounts (each deployment named after its index, pinned to version "1")
          const dev = config.environments.find((e) => e.name === "dev")!;
          const spec = {
            ...dev.spec,
            accounts: accounts.map((models, i) => ({
              ...dev.spec.accounts[0]!,
              id: `a${i}`,
              name: undefined,
              customSubdomain: undefined,
              projectName: undefined,
              raiPolicies: [],
              deployments: models.map((model, k) => ({
                ...dev.spec.accounts[0]!.deployments[0]!,
                name: `d${k}`,
                model,
                version: "1",
                routing: undefined,
              })),
            })),
            routes: [],
            defaultRoute: undefined,
            gateway: undefined,
            quotas: [],
            suppressions: [],
          };
          const generated: RoutingConfig = { ...config, environments: [{ ...dev, spec }] };
          const dir = mkdtempSync(join(tmpdir(), "foundry-routes-deps-gen-"));
          try {
            // WHEN synthesized THEN no verified deployment reaches a risky one
            const stack = synthesize(generated, dir).stacks[0]!;
            expect(blockedPaths(generated, "dev", stack.json.resource as Resources)).toEqual([]);
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: runs(15) },
    );
  });
});
