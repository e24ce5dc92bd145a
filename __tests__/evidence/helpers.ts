// A throw-away project holding a copy of the embedded sample config/ (dev and prod) and its generated usage records.
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { asRecord, load, sampleFiles } from "../../fixtures/builder";
import { type SampleOptions, type SamplePlan, sampleUsage } from "../../routing/evidence/sample";
import type { UsageRecord } from "../../routing/evidence/records";
import { writeSampleCsv } from "../../io/usage-sample";
import { tempRoot } from "../cli/helpers";

export interface SampleProject {
  readonly root: string;
  /** Absolute path of the generated CSV. */
  readonly csv: string;
  readonly plan: SamplePlan;
  readonly records: readonly UsageRecord[];
}

/** A temp project (not a git repository) with config/ and `usage.csv` of `records` sample records. */
export function sampleProject(options: SampleOptions = { records: 6000 }): SampleProject {
  const files = sampleFiles();
  const root = tempRoot(asRecord(files));
  const config = load(files);
  const plan = sampleUsage(config, options);
  const csv = join(root, "usage.csv");
  writeSampleCsv(plan, csv);
  return { root, csv, plan, records: [...plan.records()] };
}

/** Runs SQL statements in a fresh in-memory DuckDB (to write Parquet, JSON and aggregated files in tests). */
export async function duckdb(...statements: string[]): Promise<void> {
  const instance = await DuckDBInstance.create(":memory:");
  const c = await instance.connect();
  try {
    for (const s of statements) await c.run(s);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

export const sql = (s: string) => `'${s.replace(/'/g, "''")}'`;
