// Replay of recorded usage: a weight shift moves exactly the requests of the buckets that change owner, each bucket
// decided as resolve() decides it, on both sides.
import { PROD, load, sampleFiles, withEdits } from "../../fixtures/builder";
import { bucketCounts, replayUsage } from "../../routing/evidence/replay";
import type { AggregatedRow } from "../../routing/evidence/records";
import { resolve } from "../../routing/table/resolve";
import { BUCKETS, routingTable } from "../../routing/table/table";

const SPLIT = "      - { deployment: eus2/mai-code-1-flash, weight: 90 }\n      - { deployment: eus2/gpt-4o-mini, weight: 10 }";
const files = sampleFiles();
const base = load(files);
const head = load(withEdits(files, { [PROD]: [SPLIT, SPLIT.replace("weight: 90", "weight: 50").replace("weight: 10", "weight: 50")] }));

const row = (over: Partial<AggregatedRow>): AggregatedRow => ({
  day: "2026-07-01",
  environment: "prod",
  consumer: "ide-assistant",
  taskClass: "autocomplete",
  deployment: "eus2/mai-code-1-flash",
  model: "mai-code-1-flash@1",
  routingVersion: "d61c5121e22c",
  fallback: false,
  status: 200,
  requests: 1000,
  promptTokens: 1_500_000,
  completionTokens: 40_000,
  durationMs: 1000,
  ...over,
});

describe("replay of recorded usage", () => {
  test("bucketCounts spreads a row's requests over every bucket, deterministically", () => {
    const counts = bucketCounts(1234, "k");
    expect(counts).toHaveLength(BUCKETS);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1234);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(bucketCounts(1234, "k")).toEqual(counts);
  });

  test("GIVEN autocomplete shifted from 90/10 to 50/50 WHEN its requests are replayed THEN exactly the moved buckets' requests move", () => {
    // GIVEN recorded requests served by either target, including fallbacks (their first choice is replayed)
    const rows = [
      row({}),
      row({ deployment: "eus2/gpt-4o-mini", model: "gpt-4o-mini@2024-07-18", requests: 137 }),
      row({ fallback: true, requests: 59 }),
    ];
    // WHEN replayed
    const r = replayUsage(rows, base, head, "aggregated");
    // THEN every moved request went from mai-code-1-flash to gpt-4o-mini, as many as the changed buckets hold
    const c = r.classes.find((x) => x.environment === "prod" && x.taskClass === "autocomplete")!;
    const baseTable = routingTable(
      base,
      base.environments.find((e) => e.name === "prod")!,
    );
    const headTable = routingTable(
      head,
      head.environments.find((e) => e.name === "prod")!,
    );
    let expected = 0;
    for (const x of rows) {
      const key = `${x.day}|${x.consumer}|${x.deployment}|${x.routingVersion}|${x.status}|${x.fallback}`;
      bucketCounts(x.requests, key).forEach((n, bucket) => {
        const req = { headers: { "x-task-class": "autocomplete" }, randomBucket: bucket };
        const b = resolve(baseTable, req);
        const h = resolve(headTable, req);
        if (b.status === "routed" && h.status === "routed" && b.chosen.deployment !== h.chosen.deployment) expected += n;
      });
    }
    expect(c.requests).toBe(1196);
    expect(c.moved).toBe(expected);
    expect(c.moved).toBeGreaterThan(0.39 * 1196);
    expect(c.moved).toBeLessThan(0.41 * 1196);
    expect(c.moves).toEqual([{ from: "eus2/mai-code-1-flash", to: "eus2/gpt-4o-mini", requests: expected }]);
    // AND the cost delta is unknown: mai-code-1-flash has no catalog price
    expect(c.unpricedMoves).toBe(expected);
  });

  test("GIVEN an unchanged class WHEN replayed THEN nothing moves, whatever deployment served the records", () => {
    const rows = [row({ taskClass: "general-chat", deployment: "swc/gpt-4o-mini", fallback: true })];
    const r = replayUsage(rows, base, head, "aggregated");
    expect(r.classes.find((x) => x.taskClass === "general-chat")!.moved).toBe(0);
  });

  test("prompts over the head target's window and a deployment that gains traffic past its capacity are reported", () => {
    // GIVEN raw-form rows where 10 of 1000 prompts exceed 128,000 tokens, and a busy minute of 5M tokens
    const windows = [128000, 256000];
    const rows = [row({ promptOver: [10, 0] })];
    const peaks = [{ environment: "prod", taskClass: "autocomplete", tokensPerMinute: 5_000_000 }];
    const r = replayUsage(rows, base, head, "raw", peaks, windows);
    const c = r.classes.find((x) => x.taskClass === "autocomplete")!;
    // THEN the gpt-4o-mini half (128k window) carries its share of the long prompts; mai-code-1-flash (256k) none
    expect(c.overContext).toBe(5);
    // AND gpt-4o-mini, which gains traffic, is checked against its capacity
    expect(r.capacity.map((x) => [x.deployment, x.fits])).toEqual([["eus2/gpt-4o-mini", false]]);
  });
});
