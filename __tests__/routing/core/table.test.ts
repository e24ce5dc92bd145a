import { stickyBucket, fnv1a32, routingVersion, canonicalJson } from "../../../routing/table/hash";
import { routingTable, targetForBucket, BUCKETS } from "../../../routing/table/table";
import { deploymentOf, load, routeOf, tableBaseline } from "../../../fixtures/builder";

describe("routing table", () => {
  test("weighted targets own consecutive bucket ranges in YAML order", () => {
    // GIVEN autocomplete split 90/10 between mai-code-1-flash and gpt-4o-mini
    const spec = tableBaseline();
    routeOf(spec, "prod", "autocomplete").targets = [
      { deployment: "eus2/mai-code-1-flash", weight: 90 },
      { deployment: "eus2/gpt-4o-mini", weight: 10 },
    ];
    const config = load(spec);
    // WHEN the table is built
    const table = routingTable(config, config.environments[0]!);
    const route = table.routes.find((r) => r.taskClass === "autocomplete")!;
    // THEN buckets 0-89 go to the first target and 90-99 to the second
    expect(route.targets.map((t) => [t.deployment, t.bucketStart, t.bucketEnd])).toEqual([
      ["eus2/mai-code-1-flash", 0, 90],
      ["eus2/gpt-4o-mini", 90, 100],
    ]);
    expect(targetForBucket(route, 89)?.deployment).toBe("eus2/mai-code-1-flash");
    expect(targetForBucket(route, 90)?.deployment).toBe("eus2/gpt-4o-mini");
    // AND the fallbacks keep their order and carry the pinned version
    expect(route.fallbacks.map((f) => `${f.deployment}@${f.version}`)).toEqual(["eus2/gpt-4o@1"]);
  });

  test("routes are sorted by task class whatever the YAML order", () => {
    // GIVEN the routes listed in reverse order
    const spec = tableBaseline();
    spec.envs.prod!.routes.reverse();
    const config = load(spec);
    // WHEN the table is built THEN it is ordered by task class
    expect(routingTable(config, config.environments[0]!).routes.map((r) => r.taskClass)).toEqual(["autocomplete", "docstring"]);
  });
});

describe("hashes", () => {
  test("FNV-1a matches the published test vectors", () => {
    // GIVEN the reference values of FNV-1a 32-bit
    // THEN our implementation reproduces them (including non-ASCII via UTF-8)
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
    expect(stickyBucket("foobar")).toBe(0xbf9cf968 % BUCKETS);
    expect(fnv1a32("é")).not.toBe(fnv1a32("e"));
  });

  test("the FNV-1a hash of a prefix continues over the rest, for ASCII and UTF-8 text alike", () => {
    // GIVEN strings split at a character boundary WHEN the second part is hashed from the first part's hash
    // THEN it is the hash of the whole (what the usage replay relies on to hash `${key}#${bucket}` per bucket)
    for (const [a, b] of [
      ["foo", "bar"],
      ["", "foobar"],
      ["2026-07-01|ide-plugin|eus2/gpt-4o-mini", "#42"],
      ["café", "#7"],
      ["#", "日本語"],
    ])
      expect(fnv1a32(b!, fnv1a32(a!))).toBe(fnv1a32(a! + b!));
    // AND the ASCII shortcut and the UTF-8 path agree with FNV-1a over the UTF-8 bytes
    const reference = (t: string) => [...Buffer.from(t, "utf8")].reduce((h, byte) => Math.imul(h ^ byte, 0x01000193) >>> 0, 0x811c9dc5);
    for (const t of ["café", "日本語", "a#1", "eus2/gpt-4o-mini|0f3a"]) expect(fnv1a32(t)).toBe(reference(t));
  });

  test("the routing version ignores key order and YAML order of routes, but not a weight", () => {
    // GIVEN the same routing written in two orders, and one with a shifted weight
    const a = load(tableBaseline());
    const reordered = tableBaseline();
    reordered.envs.prod!.routes.reverse();
    const b = load(reordered);
    const shifted = tableBaseline();
    routeOf(shifted, "prod", "autocomplete").targets = [
      { deployment: "eus2/gpt-4o-mini", weight: 99 },
      { deployment: "eus2/mai-code-1-flash", weight: 1 },
    ];
    const c = load(shifted);
    // WHEN versions are computed
    const va = routingVersion(routingTable(a, a.environments[0]!));
    // THEN order does not matter and the weight does
    expect(va).toMatch(/^[0-9a-f]{12}$/);
    expect(routingVersion(routingTable(b, b.environments[0]!))).toBe(va);
    expect(routingVersion(routingTable(c, c.environments[0]!))).not.toBe(va);
  });

  test("the routing version does not change with capacity (capacity is not routing)", () => {
    // GIVEN a capacity change only
    const spec = tableBaseline();
    deploymentOf(spec, "prod", "eus2/gpt-4o").capacity = 99;
    const a = load(tableBaseline());
    const b = load(spec);
    // THEN the routing version is the same
    expect(routingVersion(routingTable(b, b.environments[0]!))).toBe(routingVersion(routingTable(a, a.environments[0]!)));
  });

  test("canonical JSON sorts keys at every level and keeps array order", () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }, 3] })).toBe('{"a":[{"c":2,"d":1},3],"b":1}');
  });
});
