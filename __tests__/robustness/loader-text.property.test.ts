// Property: text-level damage (truncation, stray YAML characters, duplicate keys, tabs, CRLF, BOM, empty files,
// anchors, alias bombs, custom tags, huge numbers, deep nesting) and odd file sets never crash the loader.
import fc from "fast-check";
import { loadConfig } from "../../routing/loader";
import { validateLoaded } from "../../routing/validate";
import { expectUserFacing, oddEnvFileName, params, serialize, smallConfig, textMutation, weirdFileText } from "./support";

describe("loader on damaged YAML text", () => {
  it("answers text damage in one or two files with a valid result or user-facing findings", () => {
    // GIVEN a valid config whose files get one or two seeded text mutations
    fc.assert(
      fc.property(smallConfig, fc.array(fc.record({ file: fc.nat(), change: textMutation }), { minLength: 1, maxLength: 2 }), (data, changes) => {
        const files = serialize(data, "plain", 0);
        const names = [...files.keys()];
        for (const { file, change } of changes) {
          const name = names[file % names.length];
          files.set(name, change.apply(files.get(name)!));
        }
        // WHEN it is loaded and validated
        const result = validateLoaded(loadConfig(files));
        // THEN the outcome is a config or findings with file and path
        expectUserFacing(files, result);
      }),
      params(3500),
    );
  });

  it("reports a damaged file by its own name", () => {
    // GIVEN one file replaced by text that is not a valid document of its kind
    fc.assert(
      fc.property(smallConfig, fc.nat(), weirdFileText, (data, file, text) => {
        const files = serialize(data, "plain", 0);
        const name = [...files.keys()][file % files.size];
        files.set(name, text);
        // WHEN it is loaded
        const result = validateLoaded(loadConfig(files));
        // THEN there is an error about that file
        expectUserFacing(files, result);
        expect(result.errors.map((e) => e.file)).toContain(name);
      }),
      params(400),
    );
  });

  it("answers missing, extra and oddly named files with findings", () => {
    // GIVEN a config with a file removed, or an extra environment file with an odd name or odd content
    fc.assert(
      fc.property(
        smallConfig,
        fc.oneof(
          fc.nat().map((i) => ({ remove: i })),
          fc.record({ add: oddEnvFileName, text: fc.oneof(weirdFileText, fc.constant("accounts: []\n")) }),
        ),
        (data, change) => {
          const files = serialize(data, "plain", 0);
          let mustFail = true;
          if ("remove" in change) {
            const name = [...files.keys()][change.remove % files.size];
            files.delete(name);
            // Removing one of several environments is a valid change.
            mustFail = !name.startsWith("config/environments/") || ![...files.keys()].some((k) => k.startsWith("config/environments/"));
          } else files.set(`config/environments/${change.add}`, change.text);
          // WHEN it is loaded
          const result = validateLoaded(loadConfig(files));
          // THEN the outcome is user-facing, and a missing catalog, task-class or last environment file, or an odd name, is an error
          expectUserFacing(files, result);
          if (mustFail) expect(result.errors.length).toBeGreaterThan(0);
        },
      ),
      params(400),
    );
  });
});
