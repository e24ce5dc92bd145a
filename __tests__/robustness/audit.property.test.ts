// In the robustness suite (npm run test:robustness): a git repository per generated history is too heavy for npm test.
// Properties over generated histories (real git repositories, seeded and bounded):
// 1. `at` and `history` agree: replaying history's changes up to a moment gives at's table, and both match the
//    tables computed straight from git for the last valid first-parent commit at or before that moment;
// 2. which-commit round-trips: each commit's own routing version maps back to it, or to the earliest commit with
//    an identical table.
import fc from "fast-check";
import { type ConfigSpec, type EnvSpec } from "../../fixtures/builder";
import {
  atJson,
  findRoutingVersion,
  historyEntries,
  historyJson,
  isoUtc,
  parsePointInTime,
  routingAt,
  walkHistory,
} from "../../routing/audit";
import { routingVersion } from "../../routing/table/hash";
import { TempRepo } from "../audit/gitfixture";
import { tablesAt } from "../audit/cli";

const DEPLOYMENTS = ["a", "b", "c"];
const CLASSES = ["chat", "drafting", "summarize"];

interface RouteGen {
  taskClass: string;
  first: string;
  second: string;
  weight: number;
  fallbacks: string[];
}
interface SpecGen {
  dev: RouteGen[] | null;
  prod: RouteGen[] | null;
  catalogVersion: string;
  extraClass: boolean;
}
type Step =
  | { kind: "config"; spec: SpecGen; gap: number }
  | { kind: "broken"; gap: number }
  | { kind: "other"; gap: number }
  | { kind: "merge"; branch: SpecGen[]; gap: number }
  | { kind: "rename"; gap: number };

const routeArb: fc.Arbitrary<RouteGen> = fc.record({
  taskClass: fc.constantFrom(...CLASSES),
  first: fc.constantFrom(...DEPLOYMENTS),
  second: fc.constantFrom(...DEPLOYMENTS),
  weight: fc.constantFrom(100, 90, 50),
  fallbacks: fc.subarray(DEPLOYMENTS),
});
const envArb = fc.option(fc.uniqueArray(routeArb, { selector: (r) => r.taskClass, maxLength: 3 }), { nil: null });
const specArb: fc.Arbitrary<SpecGen> = fc.record({
  dev: envArb,
  prod: envArb,
  catalogVersion: fc.constantFrom("1", "2"),
  extraClass: fc.boolean(),
});
// A gap of 0 hours gives two commits in the same second: "at or before" must include both.
const gapArb = fc.integer({ min: 0, max: 30 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("config" as const), spec: specArb, gap: gapArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("broken" as const), gap: gapArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("rename" as const), gap: gapArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("other" as const), gap: gapArb }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("merge" as const), branch: fc.array(specArb, { minLength: 1, maxLength: 2 }), gap: gapArb }),
  },
);

function toSpec(g: SpecGen): ConfigSpec {
  const env = (routes: RouteGen[]): EnvSpec => ({
    deployments: DEPLOYMENTS.map((d) => ({ name: d, model: `model-${d}` })),
    routes: routes.map((r) => ({
      taskClass: r.taskClass,
      targets:
        r.weight === 100 || r.first === r.second
          ? [[`eus2/${r.first}`, 100]]
          : [
              [`eus2/${r.first}`, r.weight],
              [`eus2/${r.second}`, 100 - r.weight],
            ],
      fallbacks: r.fallbacks.map((f) => `eus2/${f}`),
    })),
  });
  const routed = new Set([...(g.dev ?? []), ...(g.prod ?? [])].map((r) => r.taskClass));
  if (g.extraClass || routed.size === 0) routed.add("triage");
  return {
    models: DEPLOYMENTS.map((d) => ({ id: `model-${d}`, version: d === "a" ? g.catalogVersion : "1" })),
    taskClasses: [...routed].sort(),
    envs: { ...(g.dev ? { dev: env(g.dev) } : {}), ...(g.prod ? { prod: env(g.prod) } : {}) },
  };
}

/** Builds the repository; returns every first-parent commit with its committer date, oldest first. */
function build(repo: TempRepo, steps: readonly Step[]): { sha: string; date: number }[] {
  let t = Date.UTC(2026, 6, 1) / 1000;
  const line: { sha: string; date: number }[] = [];
  let last: SpecGen | undefined;
  const who = (author: string, epoch: number) => ({ author, date: isoUtc(epoch) });
  steps.forEach((s, i) => {
    t += s.gap * 3600;
    if (s.kind === "rename") {
      // The first routed class gets a new id everywhere (catalog and routes): a rename, as review reports it.
      const from = [...(last?.dev ?? []), ...(last?.prod ?? [])][0]?.taskClass;
      if (last && from) {
        const to = `${from}-v${i}`;
        const rn = (routes: RouteGen[] | null) => routes && routes.map((r) => (r.taskClass === from ? { ...r, taskClass: to } : r));
        last = { ...last, dev: rn(last.dev), prod: rn(last.prod) };
        repo.writeConfig(toSpec(last));
      }
      line.push({ sha: repo.commit(`rename ${i}`, who("alice", t)), date: t });
    } else if (s.kind === "config") {
      last = s.spec;
      repo.writeConfig(toSpec(s.spec));
      line.push({ sha: repo.commit(`config ${i}`, who("alice", t)), date: t });
    } else if (s.kind === "broken") {
      // Broken YAML, or YAML the schema refuses: neither is a routing state.
      repo.writeFile("config/models.yaml", i % 2 === 0 ? "models: [\n  - id: oops\n" : "models:\n  - id: oops\n");
      line.push({ sha: repo.commit(`broken ${i}`, who("bob", t)), date: t });
    } else if (s.kind === "other") {
      repo.writeFile(`notes/${i}.md`, `note ${i}\n`);
      line.push({ sha: repo.commit(`notes ${i}`, who("carol", t)), date: t });
    } else {
      if (line.length === 0) line.push({ sha: repo.commit(`empty ${i}`, who("carol", t)), date: t });
      repo.branch(`b${i}`);
      s.branch.forEach((spec, k) => {
        last = spec;
        repo.writeConfig(toSpec(spec));
        repo.commit(`branch ${i}.${k}`, who("dave", t));
      });
      repo.checkout("main");
      line.push({ sha: repo.mergeNoFf(`b${i}`, `merge ${i}`, who("erin", t)), date: t });
    }
  });
  return line;
}

type HistoryJsonEntry = ReturnType<typeof historyJson>["entries"][number];
type AtJsonEnvironment = ReturnType<typeof atJson>["environments"][number];

type Projection = Record<string, { version: string; routes: Record<string, { targets: [string, number][]; fallbacks: string[] }> }>;

/** Replays history's json entries with committer date ≤ `epoch` into per-environment routes and versions. */
function replay(entries: readonly HistoryJsonEntry[], epoch: number): { valid: boolean; envs: Projection } {
  const envs: Projection = {};
  let valid = false;
  const env = (name: string) => (envs[name] ??= { version: "", routes: {} });
  for (const e of entries) {
    if (Date.parse(e.committerDate) / 1000 > epoch) break;
    if (e.status !== "valid") continue;
    valid = true;
    for (const c of e.changes) {
      switch (c.kind) {
        case "environment-removed":
          delete envs[c.environment];
          break;
        case "route-added":
          env(c.environment).routes[c.taskClass] = {
            targets: c.route.targets.map((t) => [t.deployment, t.weight]),
            fallbacks: c.route.fallbacks.map((f) => f.deployment),
          };
          break;
        case "route-removed":
          delete env(c.environment).routes[c.taskClass];
          break;
        case "route-renamed":
          env(c.environment).routes[c.taskClass] = env(c.environment).routes[c.from]!;
          delete env(c.environment).routes[c.from];
          break;
        case "targets-changed":
          env(c.environment).routes[c.taskClass]!.targets = c.after.map((t) => [t.deployment, t.weight]);
          break;
        case "fallbacks-changed":
          env(c.environment).routes[c.taskClass]!.fallbacks = [...c.after];
          break;
      }
    }
    for (const v of e.routingVersions) {
      if (v.after === undefined) delete envs[v.environment];
      else env(v.environment).version = v.after;
    }
  }
  return { valid, envs };
}

function project(environments: readonly AtJsonEnvironment[]): Projection {
  const out: Projection = {};
  for (const e of environments) {
    out[e.environment] = {
      version: e.routingVersion,
      routes: Object.fromEntries(
        e.routes.map((r) => [
          r.taskClass,
          { targets: r.targets.map((t) => [t.deployment, t.weight]), fallbacks: r.fallbacks.map((f) => f.deployment) },
        ]),
      ),
    };
  }
  return out;
}

test("at and history agree on generated histories, and which-commit round-trips", () => {
  fc.assert(
    fc.property(fc.array(stepArb, { minLength: 1, maxLength: 8 }), (steps) => {
      // GIVEN a real repository built from the generated steps
      const repo = TempRepo.create();
      try {
        const line = build(repo, steps);
        const h = walkHistory(repo.dir, "main");
        const entries = historyJson(h, historyEntries(h)).entries;
        const states = line.map((c) => tablesAt(repo.dir, c.sha));
        // WHEN asking `at` for every commit's second, the second before it, before everything and far after
        const moments = [
          ...new Set([line[0]!.date - 3600, ...line.flatMap((c) => [c.date - 1, c.date]), line[line.length - 1]!.date + 86400 * 365]),
        ];
        for (const epoch of moments) {
          const when = parsePointInTime(isoUtc(epoch), "end-of-day");
          const result = routingAt(h, when);
          const replayed = replay(entries, epoch);
          // the oracle: the last valid first-parent commit at or before the moment, read straight from git
          const k = line.map((c, i) => (c.date <= epoch && states[i] !== undefined ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
          if (!result.found) {
            // THEN "nothing" from at means nothing valid in history and in git
            expect(replayed.valid).toBe(false);
            expect(k).toBe(-1);
            continue;
          }
          // THEN at's table equals the replayed history and git's own table at that commit
          const atEnvs = project(atJson(h, result).environments);
          expect(atEnvs).toEqual(replayed.envs);
          const oracle = Object.fromEntries([...states[k]!].map(([name, t]) => [name, routingVersion(t)]));
          expect(Object.fromEntries(Object.entries(atEnvs).map(([name, e]) => [name, e.version]))).toEqual(oracle);
        }
        // AND every commit's own routing version maps back to it or to the earliest commit with the same table
        const first = new Map<string, number>();
        line.forEach((_, i) => {
          for (const [env, table] of states[i] ?? []) {
            const v = routingVersion(table);
            if (!first.has(v)) first.set(v, i);
            const spans = findRoutingVersion(h, v, env);
            const index = (sha: string) => line.findIndex((x) => x.sha === sha);
            expect(index(spans[0]!.from.sha)).toBe(first.get(v));
            expect(spans.some((s) => index(s.from.sha) <= i && (s.until === undefined || i < index(s.until.sha)))).toBe(true);
          }
        });
      } finally {
        repo.cleanup();
      }
    }),
    { numRuns: 20, seed: 20260714 },
  );
});
