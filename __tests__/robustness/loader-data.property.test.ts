// Property: whatever a person writes into the config's data (wrong types, missing keys, unknown references,
// weights off by one, duplicate ids, unicode and very long names, deep nesting, huge numbers, unknown keys),
// loadConfig + validateLoaded end in a valid config or in findings with file and path, never in an exception.
import fc from "fast-check";
import { loadConfig } from "../../routing/loader";
import { validateLoaded } from "../../routing/validate";
import { dataMutation, expectUserFacing, params, serialStyle, serialize, smallConfig, validStyle } from "./support";

describe("loader and policy on generated configs", () => {
  it("accepts every unmutated generated config (the valid half of the corpus)", () => {
    // GIVEN small seeded configs from the benchmark generator, written plain, as flow YAML, or with repeats as anchors/aliases
    fc.assert(
      fc.property(smallConfig, validStyle, fc.nat(), (data, style, at) => {
        const files = serialize(data, style, at);
        // WHEN they are loaded and validated
        const result = validateLoaded(loadConfig(files));
        // THEN there is a config and no error
        expectUserFacing(files, result);
        expect(result.errors.map((e) => `${e.file} ${e.path}: ${e.message}`)).toEqual([]);
        expect(result.config).toBeDefined();
      }),
      params(300),
    );
  });

  it("answers 1-3 data mistakes with a valid result or user-facing findings", () => {
    let valid = 0;
    let invalid = 0;
    // GIVEN a valid config with one to three seeded mistakes, serialized plain, with aliases, or as flow YAML
    fc.assert(
      fc.property(
        smallConfig,
        fc.array(dataMutation, { minLength: 1, maxLength: 3 }),
        serialStyle,
        fc.nat(),
        (data, mutations, style, at) => {
          for (const m of mutations) m.apply(data);
          const files = serialize(data, style, at);
          // WHEN it is loaded and validated
          const result = validateLoaded(loadConfig(files));
          // THEN the outcome is a config or findings with file and path (an exception fails the property)
          expectUserFacing(files, result);
          if (result.errors.length === 0) valid++;
          else invalid++;
        },
      ),
      params(5250),
    );
    // AND the corpus really mixes outcomes: subtle mistakes that pass and ones that are caught
    const total = valid + invalid;
    expect(invalid / total).toBeGreaterThan(0.5);
    expect(valid / total).toBeGreaterThan(0.02);
  });

  it("does not let __proto__ or constructor keys pollute prototypes", () => {
    // GIVEN config data with prototype-polluting keys at every level
    fc.assert(
      fc.property(smallConfig, fc.nat(), (data, at) => {
        const files = serialize(data, "plain", at);
        const env = [...files.keys()].find((k) => k.startsWith("config/environments/"))!;
        files.set(env, `__proto__:\n  polluted: yes\nconstructor:\n  prototype:\n    polluted: yes\n${files.get(env)}`);
        // WHEN it is loaded
        const result = validateLoaded(loadConfig(files));
        // THEN the keys are reported as unknown and Object.prototype is untouched
        expectUserFacing(files, result);
        expect(result.errors.some((e) => e.file === env)).toBe(true);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      params(50),
    );
  });
});
