// The sample generator: deterministic, shaped like real traffic, honouring the weights through the gateway's buckets.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROD, load, sampleFiles, withEdits } from "../../fixtures/builder";
import { RAW_CSV_HEADER, recordCsvLine } from "../../routing/evidence/records";
import { HOUR_CURVE, sampleUsage } from "../../routing/evidence/sample";
import { declaredShares, tolerance } from "../../routing/evidence/observe";
import { pricedModelId } from "../../routing/evidence/cost";
import { routingTable } from "../../routing/table/table";
import { removeTemps, run } from "../cli/helpers";
import { sampleProject } from "../evidence/helpers";

const config = () => load(sampleFiles());
const digest = (plan: ReturnType<typeof sampleUsage>) => {
  const h = createHash("sha256").update(RAW_CSV_HEADER);
  for (const r of plan.records()) h.update(recordCsvLine(r));
  return h.digest("hex");
};

afterAll(removeTemps);

describe("usage sample", () => {
  test("the same options give the same records; another seed gives others", () => {
    // GIVEN two plans with the same options and one with another seed WHEN their CSV is hashed THEN equal, then different
    const c = config();
    expect(digest(sampleUsage(c, { records: 3000 }))).toBe(digest(sampleUsage(c, { records: 3000 })));
    expect(digest(sampleUsage(c, { records: 3000, seed: 7 }))).not.toBe(digest(sampleUsage(c, { records: 3000 })));
  });

  test("30 days in time order, weekdays busier than weekends, afternoons busier than nights", () => {
    // GIVEN 12,000 records from Wednesday 2026-07-01 WHEN counted per weekday/weekend day and per hour THEN the shapes hold
    const records = [...sampleUsage(config(), { records: 12000 }).records()];
    expect(records.map((r) => r.time)).toEqual([...records.map((r) => r.time)].sort());
    const days = new Set(records.map((r) => r.time.slice(0, 10)));
    expect([days.size, [...days].sort()[0], [...days].sort()[29]]).toEqual([30, "2026-07-01", "2026-07-30"]);
    const perDay = (weekend: boolean) => {
      const ds = [...days].filter((d) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()) === weekend);
      return records.filter((r) => ds.includes(r.time.slice(0, 10))).length / ds.length;
    };
    expect(perDay(true) / perDay(false)).toBeCloseTo(0.35, 1);
    const hour = (h: number) => records.filter((r) => Number(r.time.slice(11, 13)) === h).length;
    // counts per hour are whole numbers apportioned per day, so the ratio is the curve's within rounding (10%)
    expect(Math.abs(hour(14) / hour(3) / (HOUR_CURVE[14]! / HOUR_CURVE[3]!) - 1)).toBeLessThan(0.1);
  });

  test("a sticky class with two targets serves both, near its weights (sessions hashed into FNV buckets)", () => {
    // GIVEN a config whose sticky class has two 50% targets WHEN records are generated THEN both serve, about half each
    const c = load(
      withEdits(sampleFiles(), {
        [PROD]: [
          "      - { deployment: eus2/claude-sonnet-4-5, weight: 100 }\n    fallbacks: [swc/claude-haiku-4-5]\n    sticky",
          "      - { deployment: eus2/claude-sonnet-4-5, weight: 50 }\n      - { deployment: swc/claude-haiku-4-5, weight: 50 }\n    sticky",
        ],
      }),
    );
    const plan = sampleUsage(c, { records: 20000 });
    const sticky = [...plan.records()].filter(
      (r) => r.environment === "prod" && r.taskClass === "agentic-session" && !r.fallback && r.status === 200,
    );
    const targets = new Set(sticky.map((r) => r.deployment));
    expect(targets).toEqual(new Set(["eus2/claude-sonnet-4-5", "swc/claude-haiku-4-5"]));
    // Requests of one session share a bucket, so the split varies more than per-request choice would: a loose band.
    const share = sticky.filter((r) => r.deployment === "swc/claude-haiku-4-5").length / sticky.length;
    expect(Math.abs(share - 0.5)).toBeLessThan(0.25);
  });

  test("the CLI writes the CSV and names what it planted", async () => {
    // GIVEN the sample project WHEN `usage sample` writes 2,000 records THEN the file is the generator's, byte for byte
    const p = sampleProject({ records: 10 });
    const r = await run(["usage", "sample", "--out", "u.csv", "--records", "2000"], { cwd: p.root });
    expect(r.code).toBe(0);
    expect(r.out).toContain("wrote 2,000 usage records to u.csv (2026-07-01 to 2026-07-30, seed 20260701)");
    expect(r.out).toContain("planted drift: prod autocomplete served eus2/mai-code-1-flash 84% / eus2/gpt-4o-mini 16%");
    expect(r.out).toMatch(/planted unknown routing version: dev [0-9a-f]{12} on 2026-07-12, 2026-07-13, 2026-07-14/);
    const text = readFileSync(join(p.root, "u.csv"), "utf8");
    expect(createHash("sha256").update(text).digest("hex")).toBe(digest(sampleUsage(config(), { records: 2000 })));
    const bad = await run(["usage", "sample", "--out", "u.csv", "--records", "many"], { cwd: p.root });
    expect([bad.code, bad.err.split("\n")[0]]).toEqual([
      2,
      'foundry-routes usage sample: option --records expected a whole number, but found "many"',
    ]);
  });
});

describe("evidence arithmetic", () => {
  test("the tolerance is z·sqrt(p(1-p)/n) plus the floor", () => {
    // GIVEN p = 0.1, n = 3600 WHEN the tolerance is computed THEN 3.29 × 0.005 + 0.01
    expect(tolerance(0.1, 3600)).toBeCloseTo(3.29 * 0.005 + 0.01, 12);
    expect(tolerance(1, 10)).toBe(0.01);
  });

  test("declared shares follow the buckets: unowned buckets go to the first target with weight", () => {
    // GIVEN prod's summarization (70/30) and a route whose weights leave 20 buckets unowned
    const c = config();
    const prod = c.environments.find((e) => e.name === "prod")!;
    const summarization = routingTable(c, prod).routes.find((r) => r.taskClass === "summarization")!;
    expect(Object.fromEntries(declaredShares(summarization))).toEqual({ "eus2/gpt-4o-mini": 0.7, "eus2/mai-draft-1": 0.3 });
    const short = {
      ...summarization,
      targets: summarization.targets.map((t, i) => ({ ...t, bucketEnd: i === 0 ? 50 : 80, bucketStart: i === 0 ? 0 : 50 })),
    };
    expect(Object.fromEntries(declaredShares(short))).toEqual({ "eus2/gpt-4o-mini": 0.7, "eus2/mai-draft-1": 0.3 });
  });

  test("a model router's cost is the chosen model's", () => {
    // GIVEN x-routed-model values WHEN priced THEN the catalog id of the model that answered
    expect(pricedModelId("gpt-4o@2024-11-20")).toBe("gpt-4o");
    expect(pricedModelId("model-router@2025-11-18 -> gpt-4o-mini@2024-07-18")).toBe("gpt-4o-mini");
    expect(pricedModelId("")).toBe("");
  });
});
