// Property: every generated config that validates also synthesizes, without an exception, into one
// Terraform JSON document per environment; the deployments of an account form one dependsOn chain.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { generateData } from "../../fixtures/builder";
import { type TfJson, deploymentAddresses, longestDeploymentChain } from "../../fixtures/tf-json";
import { loadConfig } from "../../routing/config/loader";
import { synthesize } from "../../io/synth";
import { validateLoaded } from "../../routing/validate";
import { dataMutation, params, serialize, validStyle } from "./support";
import { removeDir, tempDir } from "./tree";

let work: string;
beforeAll(() => (work = tempDir("synth-prop")));
afterAll(() => removeDir(work));

const config = fc
  .record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    environments: fc.integer({ min: 1, max: 2 }),
    accountsPerEnv: fc.integer({ min: 1, max: 3 }),
    deploymentsPerAccount: fc.integer({ min: 1, max: 8 }),
    taskClasses: fc.integer({ min: 1, max: 12 }),
    models: fc.integer({ min: 1, max: 8 }),
    gateway: fc.boolean(),
  })
  .map(({ seed, gateway, ...sizes }) => generateData({ scale: 1, seed, gateway, sizes }).data);

describe("synthesize on generated valid configs", () => {
  it("writes one parseable stack per environment and never throws", () => {
    let n = 0;
    let mutated = 0;
    // GIVEN a valid config: generated (sizes, catalog and gateway vary), possibly with mistakes that still
    // validate (unicode or very long descriptions and tags, other numbers in range, …); invalid ones are skipped
    fc.assert(
      fc.property(config, fc.array(dataMutation, { maxLength: 2 }), validStyle, (data, mutations, style) => {
        for (const m of mutations) m.apply(data);
        const files = serialize(data, style, 0);
        const result = validateLoaded(loadConfig(files));
        fc.pre(result.errors.length === 0);
        if (mutations.length > 0) mutated++;
        const out = join(work, `case-${n++}`);
        // WHEN it is synthesized
        const summary = synthesize(result.config!, out);
        // THEN there is one Terraform JSON per environment, with every deployment of the config in it
        expect(summary.stacks.map((s) => s.name)).toEqual(Object.keys(data.envs).sort());
        for (const stack of summary.stacks) {
          const path = join(out, stack.file);
          expect(existsSync(path)).toBe(true);
          const json = JSON.parse(readFileSync(path, "utf8")) as TfJson;
          const env = result.config!.environments.find((e) => e.name === stack.name)!;
          const counts = env.spec.accounts.map((a) => a.deployments.length);
          expect(deploymentAddresses(json)).toHaveLength(counts.reduce((a, b) => a + b, 0));
          // AND the longest dependsOn chain is the largest account's deployment count (Azure answers 409 otherwise)
          expect(longestDeploymentChain(json)).toBe(Math.max(...counts));
        }
        removeDir(out);
      }),
      params(50),
    );
    // AND some of the synthesized configs carried a mistake that validation accepts
    expect(mutated).toBeGreaterThan(0);
  });
});
