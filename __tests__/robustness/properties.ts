// The loader/policy properties, free of jest so they can run in worker threads (see parallel.ts).
// Each property counts outcomes in `stats`, so tests can check that the corpus mixes valid and broken configs.
import fc from "fast-check";
import { loadConfig } from "../../routing/config/loader";
import { validateLoaded } from "../../routing/validate";
import {
  check,
  dataMutation,
  expectUserFacing,
  oddEnvFileName,
  serialStyle,
  serialize,
  smallConfig,
  textMutation,
  validStyle,
  weirdFileText,
} from "./support";

export interface Stats {
  valid: number;
  invalid: number;
}

export interface PropertySpec {
  /** Cases in CI (before FC_RUNS_FACTOR). */
  readonly runs: number;
  readonly build: (stats: Stats) => fc.IRawProperty<unknown[]>;
}

function load(files: Map<string, string>, stats: Stats) {
  const result = validateLoaded(loadConfig(files));
  expectUserFacing(files, result);
  if (result.errors.length === 0) stats.valid++;
  else stats.invalid++;
  return result;
}

export const PROPERTIES = {
  /** GIVEN an unmutated generated config (plain, flow, or repeats as anchors/aliases) THEN it loads with no error. */
  "valid configs load": {
    runs: 300,
    build: (stats) =>
      fc.property(smallConfig, validStyle, fc.nat(), (data, style, at) => {
        const result = load(serialize(data, style, at), stats);
        check(
          result.errors.length === 0 && result.config !== undefined,
          () => `a valid ${style} config has errors: ${result.errors.map((e) => `${e.file} ${e.path}: ${e.message}`).join("; ")}`,
        );
      }),
  },
  /** GIVEN one to three data mistakes THEN a valid result or user-facing findings, never an exception. */
  "data mistakes": {
    runs: 5250,
    build: (stats) =>
      fc.property(
        smallConfig,
        fc.array(dataMutation, { minLength: 1, maxLength: 3 }),
        serialStyle,
        fc.nat(),
        (data, mutations, style, at) => {
          for (const m of mutations) m.apply(data);
          load(serialize(data, style, at), stats);
        },
      ),
  },
  /** GIVEN prototype-polluting keys THEN they are unknown keys and Object.prototype is untouched. */
  "prototype keys": {
    runs: 50,
    build: (stats) =>
      fc.property(smallConfig, fc.nat(), (data, at) => {
        const files = serialize(data, "plain", at);
        const env = [...files.keys()].find((k) => k.startsWith("config/environments/"))!;
        files.set(env, `__proto__:\n  polluted: yes\nconstructor:\n  prototype:\n    polluted: yes\n${files.get(env)}`);
        const result = load(files, stats);
        check(
          result.errors.some((e) => e.file === env),
          () => "prototype keys were not reported",
        );
        check(({} as Record<string, unknown>).polluted === undefined, () => "Object.prototype was polluted");
      }),
  },
  /** GIVEN one or two text mutations in any file THEN a valid result or user-facing findings. */
  "text damage": {
    runs: 3500,
    build: (stats) =>
      fc.property(
        smallConfig,
        fc.array(fc.record({ file: fc.nat(), change: textMutation }), { minLength: 1, maxLength: 2 }),
        (data, changes) => {
          const files = serialize(data, "plain", 0);
          const names = [...files.keys()];
          for (const { file, change } of changes) {
            const name = names[file % names.length];
            files.set(name!, change.apply(files.get(name!)!));
          }
          load(files, stats);
        },
      ),
  },
  /** GIVEN one file replaced by a text that is no valid document of its kind THEN an error names that file. */
  "damaged file named": {
    runs: 400,
    build: (stats) =>
      fc.property(smallConfig, fc.nat(), weirdFileText, (data, file, text) => {
        const files = serialize(data, "plain", 0);
        const name = [...files.keys()][file % files.size];
        files.set(name!, text);
        const result = load(files, stats);
        check(
          result.errors.some((e) => e.file === name),
          () => `no error names ${name}`,
        );
      }),
  },
  /** GIVEN a removed file, or an extra environment file with an odd name or content THEN user-facing findings. */
  "missing and extra files": {
    runs: 400,
    build: (stats) =>
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
            files.delete(name!);
            // Removing one of several environments is a valid change.
            mustFail = !name!.startsWith("config/environments/") || ![...files.keys()].some((k) => k.startsWith("config/environments/"));
          } else files.set(`config/environments/${change.add}`, change.text);
          const result = load(files, stats);
          check(!mustFail || result.errors.length > 0, () => "a missing file or an odd file name was not reported");
        },
      ),
  },
  /** Control for the harness: always fails, so a test can see that failures and seeds reach jest. */
  "harness control": {
    runs: 3,
    build: () =>
      fc.property(smallConfig, () => {
        check(false, () => "deliberate failure");
      }),
  },
} satisfies Record<string, PropertySpec>;

export type PropertyName = keyof typeof PROPERTIES;
