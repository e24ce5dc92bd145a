// Determinism at scale: the same config synthesizes byte-identically, also after its YAML mapping keys are
// reordered. List order is left alone: it carries meaning (see docs/determinism.md).
import { join } from "node:path";
import { generateConfig, shuffleMappingKeys } from "../../fixtures/builder";
import { readTree } from "../../fixtures/tf-json";
import { type ConfigFiles, loadConfig } from "../../routing/config/loader";
import { readConfigDir } from "../../io/config-files";
import { synthesize } from "../../io/synth";
import { validateLoaded } from "../../routing/validate";
import { REPO, removeDir, tempDir } from "./tree";

let work: string;
beforeAll(() => (work = tempDir("determinism")));
afterAll(() => removeDir(work));

let n = 0;
function synthTree(files: ConfigFiles): Map<string, Buffer> {
  const result = validateLoaded(loadConfig(files));
  expect(result.errors.map((e) => `${e.file} ${e.path}: ${e.message}`)).toEqual([]);
  const out = join(work, `out-${n++}`);
  synthesize(result.config!, out);
  const tree = readTree(out);
  removeDir(out);
  return tree;
}

function shuffled(files: ReadonlyMap<string, string>, seed: number): Map<string, string> {
  return new Map([...files].map(([path, text]) => [path, shuffleMappingKeys(text, seed)]));
}

/** First differing file, for a readable failure instead of a megabyte diff. */
function firstDifference(a: Map<string, Buffer>, b: Map<string, Buffer>): string | undefined {
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths.find((p) => !a.get(p)?.equals(b.get(p) ?? Buffer.alloc(0)) || !a.has(p) || !b.has(p));
}

describe("synth output is deterministic", () => {
  const cases: [string, () => ReadonlyMap<string, string>][] = [
    ["the sample config in config/", () => readConfigDir(REPO)],
    ["the ×10 generated config (100 deployments, 500 routes)", () => generateConfig({ scale: 10 }).files],
    [
      "a generated config with a gateway",
      () => generateConfig({ scale: 1, gateway: true, sizes: { environments: 2, accountsPerEnv: 3 } }).files,
    ],
  ];

  it.each(cases)("%s: twice, and after mapping keys are shuffled", (_, files) => {
    // GIVEN a config, and the same config with every mapping's keys in another (seeded) order
    const original = files();
    const reordered = shuffled(original, 7);
    expect([...reordered.values()]).not.toEqual([...original.values()]); // the shuffle really changed the text
    // WHEN each is synthesized (the original twice)
    const first = synthTree(original);
    const second = synthTree(original);
    const third = synthTree(reordered);
    // THEN all three trees are byte-identical
    expect(first.size).toBeGreaterThan(1);
    expect(firstDifference(first, second)).toBeUndefined();
    expect(firstDifference(first, third)).toBeUndefined();
  });

  // The order of models, task classes, accounts and routes must not matter either: see regressions.test.ts.

  it("changes when list order changes (control: target order is meaningful)", () => {
    // GIVEN the ×1 config, and the same config with the first two-target route's targets swapped
    const original = generateConfig({ scale: 1, gateway: true }).files;
    const env = "config/environments/dev.yaml";
    const text = original.get(env)!;
    const swapped = text.replace(
      /( {6}- deployment: (\S+)\n {8}weight: 60\n)( {6}- deployment: (\S+)\n {8}weight: 40\n)/,
      (_m, _a, d1, _b, d2) => `      - deployment: ${d2}\n        weight: 40\n      - deployment: ${d1}\n        weight: 60\n`,
    );
    expect(swapped).not.toEqual(text);
    // WHEN both are synthesized
    const a = synthTree(original);
    const b = synthTree(new Map([...original, [env, swapped]]));
    // THEN the output differs (the routing version and, with a gateway, the bucket ranges change)
    expect(firstDifference(a, b)).toBeDefined();
  });
});
