// Property: whatever a person writes into config/ — wrong types, missing keys, unknown references, weights off by
// one, duplicate ids, unicode and very long names, deep nesting, huge numbers, unknown keys, anchors and aliases,
// alias bombs, custom tags, damaged text, empty, missing or oddly named files — loadConfig + validateLoaded end in
// a valid config or in findings with file and path, never in an exception.
// The property bodies live in properties.ts and run in worker threads (parallel.ts), seeded and reproducible.
import { PROPERTIES, type PropertyName } from "./properties";
import { runProperty } from "./parallel";
import { runs } from "./support";

async function expectProperty(name: PropertyName): Promise<{ valid: number; invalid: number }> {
  const outcome = await runProperty(name);
  expect(outcome.failures).toEqual([]);
  expect(outcome.numRuns).toBe(runs(PROPERTIES[name].runs));
  return outcome;
}

describe("loader and policy on generated configs", () => {
  it("loads every unmutated generated config without error (plain, flow, repeats as anchors/aliases)", async () => {
    // GIVEN small seeded valid configs WHEN loaded and validated THEN a config and no error (checked per case)
    const { invalid } = await expectProperty("valid configs load");
    expect(invalid).toBe(0);
  });

  it("answers 1-3 data mistakes with a valid result or user-facing findings", async () => {
    // GIVEN a valid config with one to three seeded mistakes WHEN loaded and validated
    // THEN a config or findings with file and path, never an exception (checked per case)
    const { valid, invalid } = await expectProperty("data mistakes");
    // AND the corpus mixes outcomes: subtle mistakes that pass and ones that are caught
    expect(invalid / (valid + invalid)).toBeGreaterThan(0.5);
    expect(valid / (valid + invalid)).toBeGreaterThan(0.02);
  });

  it("does not let __proto__ or constructor keys pollute prototypes", async () => {
    // GIVEN prototype-polluting keys WHEN loaded THEN reported as unknown keys, Object.prototype untouched
    await expectProperty("prototype keys");
  });
});

describe("loader on damaged YAML text", () => {
  it("answers text damage in one or two files with a valid result or user-facing findings", async () => {
    // GIVEN truncation, stray YAML characters, duplicate keys, tabs, CRLF, BOM, whole-file replacements
    // WHEN loaded THEN a config or findings with file and path
    const { invalid } = await expectProperty("text damage");
    expect(invalid).toBeGreaterThan(0);
  });

  it("reports a damaged file by its own name", async () => {
    // GIVEN one file replaced by a text that is no valid document of its kind WHEN loaded THEN an error names it
    await expectProperty("damaged file named");
  });

  it("answers missing, extra and oddly named files with findings", async () => {
    // GIVEN a removed file or an extra oddly named environment file WHEN loaded THEN an error where one is due
    await expectProperty("missing and extra files");
  });
});

describe("the property harness", () => {
  it("reports a failing property with its seed and counterexample (control: the harness can fail)", async () => {
    // GIVEN a property that always fails WHEN it runs in the worker threads
    const outcome = await runProperty("harness control");
    // THEN every shard reports the failure with fast-check's seed and counterexample
    expect(outcome.failures).toHaveLength(outcome.results.length);
    expect(outcome.failures[0]).toMatch(/seed/);
    expect(outcome.failures[0]).toMatch(/deliberate failure/);
  });
});
