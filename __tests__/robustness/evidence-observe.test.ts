// observe on the generated 30-day sample: the planted drift and unknown routing version are found, nothing else is.
import { parse } from "yaml";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { removeTemps, run } from "../cli/helpers";
import { type SampleProject, duckdb, sampleProject, sql } from "../evidence/helpers";

type Json = ReturnType<typeof JSON.parse>;

let p: SampleProject;
let out: Json;
let code: number;

beforeAll(async () => {
  p = sampleProject({ records: 6000 });
  const r = await run(["observe", "--usage", p.csv, "--format", "json", "--cost"], { cwd: p.root });
  code = r.code;
  out = JSON.parse(r.out);
});
afterAll(removeTemps);

const shares = (o: Json) =>
  o.environments.flatMap((e: Json) =>
    e.classes.flatMap((c: Json) =>
      c.routes.flatMap((g: Json) => g.shares.map((s: Json) => ({ env: e.environment, cls: c.taskClass, ...s }))),
    ),
  );

describe("observe on the 30-day sample", () => {
  test("finds the planted drift on both targets of the drifting class, and nowhere else", () => {
    // GIVEN the sample with one class's split moved by 6 points WHEN observed THEN exactly its two targets drift
    const d = p.plan.planted.drift!;
    const drifting = shares(out).filter((s: Json) => s.drift);
    expect(drifting.map((s: Json) => [s.env, s.cls, s.deployment]).sort()).toEqual(
      [
        [d.environment, d.taskClass, d.from],
        [d.environment, d.taskClass, d.to],
      ].sort(),
    );
    const splits = out.findings.filter((f: Json) => f.rule === "FR-OBS-SPLIT");
    expect(splits.map((f: Json) => [f.level, f.environment, f.taskClass, f.deployment]).sort()).toEqual(
      [
        ["error", d.environment, d.taskClass, d.from],
        ["error", d.environment, d.taskClass, d.to],
      ].sort(),
    );
    // the observed share is near the generated weight, not the declared one
    const to = drifting.find((s: Json) => s.deployment === d.to);
    expect(Math.abs(to.observed - d.generated[d.to]! / 100)).toBeLessThan(to.tolerance);
  });

  test("finds the unknown routing version with its environment and days", () => {
    // GIVEN three days of a routing version no config produced WHEN observed THEN one FR-OBS-VERSION error names it
    const u = p.plan.planted.unknownVersion!;
    const versions = out.findings.filter((f: Json) => f.rule === "FR-OBS-VERSION");
    expect(versions).toEqual([
      expect.objectContaining({ level: "error", environment: u.environment, routingVersions: [u.routingVersion] }),
    ]);
    const expected = p.records.filter((r) => r.routingVersion === u.routingVersion).length;
    expect(versions[0].requests).toBe(expected);
    const env = out.environments.find((e: Json) => e.environment === u.environment);
    const v = env.versions.find((x: Json) => x.routingVersion === u.routingVersion);
    expect([v.firstDay, v.lastDay, v.source.kind]).toEqual([u.days[0], u.days[u.days.length - 1], "unknown"]);
  });

  test("reports every other checked class within tolerance, and exits 1 for the errors", () => {
    // GIVEN the findings WHEN the drift and version errors are set aside THEN only the unrouted-class warning is left
    const other = out.findings.filter((f: Json) => f.rule !== "FR-OBS-SPLIT" && f.rule !== "FR-OBS-VERSION");
    expect(other.every((f: Json) => f.rule === "FR-OBS-CLASS" && f.level === "warning" && f.taskClass === "legacy-completion")).toBe(true);
    const checked = shares(out).filter((s: Json) => s.role === "target" && s.firstChoice > 0);
    expect(checked.length).toBeGreaterThan(20);
    expect(code).toBe(1);
  });

  test("the observed counts add up to the generated records", () => {
    // GIVEN the records WHEN requests, fallbacks and tokens are summed in plain JS THEN they match the report
    expect(out.requests).toBe(p.records.length);
    for (const e of out.environments) {
      const mine = p.records.filter((r) => r.environment === e.environment);
      expect(e.requests).toBe(mine.length);
      for (const c of e.classes) {
        const rs = mine.filter((r) => r.taskClass === c.taskClass);
        expect([c.requests, c.fallbackRequests, c.promptTokens]).toEqual([
          rs.length,
          rs.filter((r) => r.fallback).length,
          rs.reduce((s, r) => s + r.promptTokens, 0),
        ]);
      }
    }
  });

  test("p50 and p95 are DuckDB's continuous quantiles of duration_ms", () => {
    // GIVEN one class's durations WHEN the quantiles are computed in JS (linear interpolation) THEN they match
    const prod = out.environments.find((e: Json) => e.environment === "prod");
    const c = prod.classes.find((x: Json) => x.taskClass === "autocomplete");
    const ds = p.records
      .filter((r) => r.environment === "prod" && r.taskClass === "autocomplete")
      .map((r) => r.durationMs)
      .sort((a, b) => a - b);
    const q = (f: number) => {
      const h = (ds.length - 1) * f;
      const lo = Math.floor(h);
      return ds[lo]! + (h - lo) * (ds[Math.min(lo + 1, ds.length - 1)]! - ds[lo]!);
    };
    expect(c.p50Ms).toBeCloseTo(q(0.5), 6);
    expect(c.p95Ms).toBeCloseTo(q(0.95), 6);
  });
});

describe("observe --cost", () => {
  // Independent of routing/evidence/cost.ts: the catalog's prices read with the yaml package, summed per record.
  const catalog = () =>
    new Map<string, { inputPer1M: number; outputPer1M: number } | undefined>(
      (parse(readFileSync(join(p.root, "config", "models.yaml"), "utf8")).models as Json[]).map((m: Json) => [m.id, m.pricing]),
    );
  const priceKey = (model: string) => (model.includes("->") ? model.split("->")[1]! : model).trim().split("@")[0]!;

  test("the total equals catalog prices × the records' tokens, with the unpriced tokens counted apart", () => {
    // GIVEN the generated records and models.yaml WHEN priced record by record THEN the total and unpriced tokens match
    const prices = catalog();
    let known = 0;
    let unpricedPrompt = 0;
    let unpricedCompletion = 0;
    for (const r of p.records) {
      const price = prices.get(priceKey(r.model));
      if (r.promptTokens + r.completionTokens === 0) continue;
      if (price) known += (r.promptTokens * price.inputPer1M + r.completionTokens * price.outputPer1M) / 1e6;
      else {
        unpricedPrompt += r.promptTokens;
        unpricedCompletion += r.completionTokens;
      }
    }
    expect(out.cost.total.cost.usd).toBeCloseTo(known, 6);
    expect([out.cost.total.unpricedPromptTokens, out.cost.total.unpricedCompletionTokens]).toEqual([unpricedPrompt, unpricedCompletion]);
    // the sample routes most traffic to models without a catalog price: the total is "≥ $X + unknown", never $0
    expect(out.cost.total.cost.unknown).toBe(true);
    expect(out.cost.total.cost.text).toMatch(/^≥ \$[\d,]+\.\d\d \+ unknown$/);
  });

  test("an unpriced model reads unknown, and per-day lines add up to the total", () => {
    // GIVEN mai-code-1-flash has no price WHEN its deployment's line is read THEN its cost is unknown with $0 known
    const line = out.cost.byDeployment.find((l: Json) => l.key.environment === "prod" && l.key.deployment === "eus2/mai-code-1-flash");
    expect(line.cost).toEqual({ usd: 0, unknown: true, text: "unknown" });
    expect(line.unpricedPromptTokens).toBe(line.promptTokens);
    const days = out.cost.byDay.reduce((s: number, l: Json) => s + l.cost.usd, 0);
    expect(days).toBeCloseTo(out.cost.total.cost.usd, 6);
    expect(out.cost.prices.find((x: Json) => x.model === "mai-code-1-flash")).toEqual({
      model: "mai-code-1-flash",
      unknown: "no price in the catalog",
    });
  });
});

describe("observe inputs", () => {
  const comparable = (o: Json, withQuantiles = true) => ({
    requests: o.requests,
    findings: o.findings,
    environments: o.environments.map((e: Json) => ({
      ...e,
      classes: e.classes.map((c: Json) => (withQuantiles ? c : { ...c, p50Ms: undefined, p95Ms: undefined })),
    })),
  });
  const observeJson = async (file: string, extra: string[] = []) => {
    const r = await run(["observe", "--usage", file, "--format", "json", ...extra], { cwd: p.root });
    expect(r.err).toBe("");
    return JSON.parse(r.out);
  };

  test("JSON lines, a JSON array, Parquet and Log Analytics output give the same result as CSV", async () => {
    // GIVEN the sample CSV rewritten by DuckDB in each format WHEN each is observed THEN every report is the CSV's
    const base = join(p.root, "usage");
    const src = `read_csv(${sql(p.csv)}, header = true, all_varchar = true)`;
    await duckdb(
      `COPY (SELECT * FROM read_csv(${sql(p.csv)}, header = true)) TO ${sql(`${base}.parquet`)} (FORMAT parquet)`,
      `COPY (SELECT * FROM read_csv(${sql(p.csv)}, header = true)) TO ${sql(`${base}.jsonl`)} (FORMAT json)`,
      `COPY (SELECT * FROM read_csv(${sql(p.csv)}, header = true)) TO ${sql(`${base}.json`)} (FORMAT json, ARRAY true)`,
      // az monitor log-analytics query: an array of objects, every value a string, plus TableName
      `COPY (SELECT 'PrimaryResult' AS TableName, * FROM ${src}) TO ${sql(`${base}-az.json`)} (FORMAT json, ARRAY true)`,
    );
    const csv = comparable(await observeJson(p.csv));
    for (const f of [`${base}.parquet`, `${base}.jsonl`, `${base}.json`, `${base}-az.json`]) {
      expect({ f, result: comparable(await observeJson(f)) }).toEqual({ f, result: csv });
    }
    expect(readFileSync(`${base}-az.json`, "utf8")).toContain('"prompt_tokens":"');
  });

  test("aggregated input gives the same splits, findings and totals as the raw records", async () => {
    // GIVEN the records summed per day and routing decision WHEN observed THEN all but the percentiles are the raw ones
    const agg = join(p.root, "usage-daily.csv");
    await duckdb(
      `COPY (SELECT strftime(CAST(time AS TIMESTAMPTZ), '%Y-%m-%d') AS day, environment, consumer, task_class, deployment, model, routing_version, fallback, status,
              count(*) AS requests, sum(prompt_tokens) AS prompt_tokens, sum(completion_tokens) AS completion_tokens, sum(duration_ms) AS duration_ms
            FROM read_csv(${sql(p.csv)}, header = true) GROUP BY ALL ORDER BY ALL) TO ${sql(agg)} (HEADER)`,
    );
    const raw = await observeJson(p.csv);
    const daily = await observeJson(agg);
    expect(daily.form).toBe("aggregated");
    expect(comparable(daily, false)).toEqual(comparable(raw, false));
    expect(daily.environments[0].classes[0].p50Ms).toBeUndefined();
    expect(readFileSync(agg, "utf8").split("\n").length).toBeLessThan(p.records.length);
  });

  test("--since and --until keep only the records in the window", async () => {
    // GIVEN the unknown version lives on days 12-14 WHEN observed from day 15 THEN it is not reported
    const o = await observeJson(p.csv, ["--since", "2026-07-15", "--until", "2026-07-30"]);
    expect(o.findings.filter((f: Json) => f.rule === "FR-OBS-VERSION")).toEqual([]);
    expect(o.requests).toBe(p.records.filter((r) => r.time >= "2026-07-15").length);
    expect(o.firstDay).toBe("2026-07-15");
  });

  test("--env keeps one environment", async () => {
    // GIVEN both environments in the data WHEN observed with --env prod THEN only prod is reported
    const o = await observeJson(p.csv, ["--env", "prod"]);
    expect(o.environments.map((e: Json) => e.environment)).toEqual(["prod"]);
    expect(o.requests).toBe(p.records.filter((r) => r.environment === "prod").length);
  });
});

describe("observe findings from hand-made records", () => {
  const line = (o: Partial<Record<string, string | number | boolean>>) => {
    const r = {
      time: "2026-07-01T10:00:00Z",
      environment: "prod",
      consumer: "ide-plugin",
      task_class: "image-understanding",
      deployment: "eus2/gpt-4o",
      model: "gpt-4o@2024-11-20",
      routing_version: p.plan.versions.prod!,
      fallback: false,
      status: 200,
      prompt_tokens: 100,
      completion_tokens: 10,
      duration_ms: 500,
      ...o,
    };
    return Object.values(r).join(",");
  };
  const header =
    "time,environment,consumer,task_class,deployment,model,routing_version,fallback,status,prompt_tokens,completion_tokens,duration_ms";
  const observeLines = async (lines: string[], extra: string[] = []) => {
    const f = join(p.root, "hand.csv");
    writeFileSync(f, [header, ...lines].join("\n") + "\n");
    const r = await run(["observe", "--usage", f, "--format", "json", ...extra], { cwd: p.root });
    return { code: r.code, out: JSON.parse(r.out) };
  };

  test("a deployment the routing never names is an error", async () => {
    // GIVEN image-understanding requests served by eus2/gpt-4o-mini (neither target nor fallback) WHEN observed THEN FR-OBS-UNNAMED
    const r = await observeLines([...Array(50).fill(line({})), line({ deployment: "eus2/gpt-4o-mini", model: "gpt-4o-mini@2024-07-18" })]);
    expect(r.out.findings).toEqual([
      expect.objectContaining({ rule: "FR-OBS-UNNAMED", level: "error", deployment: "eus2/gpt-4o-mini", requests: 1 }),
    ]);
    expect(r.code).toBe(1);
  });

  test("a fallback rate well over the threshold is a warning (exit 0); a higher threshold silences it", async () => {
    // GIVEN 100 requests of which 20 were served by the fallback WHEN observed THEN one FR-OBS-FALLBACK warning
    const lines = [...Array(80).fill(line({})), ...Array(20).fill(line({ deployment: "swc/gpt-4o", fallback: true }))];
    const r = await observeLines(lines);
    expect(r.out.findings).toEqual([
      expect.objectContaining({ rule: "FR-OBS-FALLBACK", level: "warning", taskClass: "image-understanding", requests: 20 }),
    ]);
    expect(r.code).toBe(0);
    expect((await observeLines(lines, ["--fallback-threshold", "25"])).out.findings).toEqual([]);
  });

  test("a split inside the tolerance is no finding, one just outside it is", async () => {
    // GIVEN prod summarization declared 70/30 and 200 first-choice requests: tolerance 3.29·sqrt(.21/200)+.01 ≈ 11.7 points
    const s = (n: number, d: string) => Array(n).fill(line({ task_class: "summarization", deployment: d }));
    const inside = await observeLines([...s(120, "eus2/gpt-4o-mini"), ...s(80, "eus2/mai-draft-1")]); // 60% vs 70%
    expect(inside.out.findings).toEqual([]);
    const outside = await observeLines([...s(115, "eus2/gpt-4o-mini"), ...s(85, "eus2/mai-draft-1")]); // 57.5% vs 70%
    expect(outside.out.findings.map((f: Json) => [f.rule, f.deployment])).toEqual([
      ["FR-OBS-SPLIT", "eus2/gpt-4o-mini"],
      ["FR-OBS-SPLIT", "eus2/mai-draft-1"],
    ]);
  });
});
