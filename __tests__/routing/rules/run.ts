// Running the policy rules over a fixture: the policy baseline (fixtures/presets.ts) is mutated by the test, written
// to YAML and run through the real loader and validator, so findings carry real files, paths and lines.
import { type ConfigData, policyBaseline, toFiles } from "../../../fixtures/builder";
import type { Finding } from "../../../routing/findings";
import { type RoutingConfig, loadConfig } from "../../../routing/config/loader";
import { validate } from "../../../routing/validate";

export interface Run {
  readonly files: Map<string, string>;
  readonly config: RoutingConfig;
  readonly findings: Finding[];
}

/** Builds the policy baseline, lets `mutate` change it, loads and validates. Fails the test on load (shape) errors. */
export function run(mutate: (d: ConfigData) => void = () => undefined): Run {
  const data = policyBaseline();
  mutate(data);
  const files = toFiles(data);
  const loaded = loadConfig(files);
  if (!loaded.config)
    throw new Error(`fixture does not load:\n${loaded.errors.map((e) => `${e.file} ${e.path}: ${e.message}`).join("\n")}`);
  return { files, config: loaded.config, findings: validate(loaded.config) };
}

export function ofRule(findings: readonly Finding[], rule: string): Finding[] {
  return findings.filter((f) => f.rule === rule);
}

/** The text of the line a finding points at, to check that the line is the right one. */
export function lineText(r: Run, f: Finding): string {
  const text = r.files.get(f.file) ?? "";
  return f.line === undefined ? "" : (text.split("\n")[f.line - 1] ?? "");
}

/**
 * Asserts that `rule` produced exactly one finding, at `file` and `path`, with a line, and returns it.
 * `onLine`, when given, must appear on the line the finding points at.
 */
export function expectOne(
  r: Run,
  expected: { rule: string; level: "error" | "warning"; file: string; path: string; onLine?: string },
): Finding {
  const found = ofRule(r.findings, expected.rule);
  expect(found.map((f) => `${f.file} ${f.path}: ${f.message}`)).toHaveLength(1);
  const f = found[0];
  expect({ rule: f!.rule, level: f!.level, file: f!.file, path: f!.path }).toEqual({
    rule: expected.rule,
    level: expected.level,
    file: expected.file,
    path: expected.path,
  });
  expect(f!.line).toBeGreaterThan(0);
  if (expected.onLine !== undefined) expect(lineText(r, f!)).toContain(expected.onLine);
  return f!;
}
