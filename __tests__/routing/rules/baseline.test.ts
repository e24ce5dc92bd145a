// The fixture's baseline is clean, and every rule is pure and tolerant of broken references.
import fc from "fast-check";
import type { RoutingConfig } from "../../../routing/config/loader";
import { RULES } from "../../../routing/rules";
import { validate } from "../../../routing/validate";
import { run } from "./run";
import { runs } from "../../runs";

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === "object" && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) deepFreeze(v);
  }
  return o;
}

test("the baseline fixture has no errors and no warnings under any rule", () => {
  // GIVEN the baseline WHEN validated with every rule
  const r = run();
  // THEN nothing is reported, so each failing test's finding is caused by its own mutation
  expect(r.findings).toEqual([]);
  expect(RULES.length).toBeGreaterThanOrEqual(20);
});

test("rules neither mutate the config nor depend on evaluation order", () => {
  // GIVEN a config with findings from several rules, frozen so that any write throws
  const r = run((d) => {
    d.envs.dev!.routes[0]!.fallbacks = ["eus2/gpt-test", "swc/nope"];
    d.envs.dev!.accounts[0]!.deployments.push({ name: "spare", model: "mystery" });
  });
  const config = deepFreeze(r.config) as RoutingConfig;
  // WHEN validated with the rules in reverse order
  const reversed = validate(config, [...RULES].reverse());
  // THEN the result equals the normal order's
  expect(reversed).toEqual(validate(config));
  expect(reversed.length).toBeGreaterThan(0);
});

test("no rule throws on arbitrary broken references", () => {
  // GIVEN routes, deployments and classes drawn from pools of valid and broken references
  const refs = fc.constantFrom(
    "eus2/gpt-test",
    "eus2/mai-test",
    "swc/llama-test",
    "eus2/nope",
    "nope/gpt-test",
    "gpt-test",
    "",
    "/",
    "a/b/c",
  );
  const ids = fc.constantFrom("gpt-test", "claude-test", "mystery", "chat", "document-drafting", "");
  const route = fc.record({
    taskClass: ids,
    targets: fc.array(fc.record({ deployment: refs, weight: fc.integer({ min: 0, max: 100 }) }), { minLength: 0, maxLength: 3 }),
    fallbacks: fc.array(refs, { maxLength: 3 }),
  });
  const base = run().config;
  fc.assert(
    fc.property(fc.array(route, { maxLength: 4 }), fc.array(ids, { maxLength: 3 }), ids, (routes, models, defaultRoute) => {
      const env = base.environments[0]!;
      const accounts = env.spec.accounts.map((a, i) => ({
        ...a,
        deployments: [
          ...a.deployments,
          ...models.map((m, k) => ({ ...a.deployments[0]!, name: `d${i}${k}`, model: m, version: m === "mystery" ? "latest" : undefined })),
        ],
      }));
      const spec = {
        ...env.spec,
        accounts,
        routes: routes.map((r) => ({ ...r, fallbackOn: ["throttled" as const], sticky: undefined, tokenLimit: undefined })),
        defaultRoute,
      };
      const config: RoutingConfig = { ...base, environments: [{ ...env, spec }] };
      // WHEN every rule checks it THEN none throws (the schema would reject empty targets; rules must cope anyway)
      for (const rule of RULES) expect(() => rule.check(config)).not.toThrow();
    }),
    { numRuns: runs(200) },
  );
});
