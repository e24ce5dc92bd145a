// Reading usage files with DuckDB: CSV, JSON (an array, e.g. `az monitor log-analytics query` output), JSON lines or
// Parquet, raw (one row per request) or aggregated. DuckDB scans the file and returns only the aggregated rows (one
// per day and routing decision) and the duration percentiles, so a 10M-row file never enters JS memory.
// Every row is validated first (types, ranges); a bad file is a UserError (exit 1) naming the file, the first bad rows
// and columns, what was expected and what was found; nothing is returned from it.
import type { PeakTokens } from "../routing/evidence/records";
import { existsSync, statSync } from "node:fs";
import { extname } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { EXIT, UserError } from "../routing/errors";
import { checkColumns } from "../routing/evidence/columns";
import {
  AGGREGATED_COLUMNS,
  type AggregatedRow,
  COLUMN_KINDS,
  type ColumnKind,
  type DurationQuantiles,
  EXPECTED,
  RAW_COLUMNS,
  type UsageData,
} from "../routing/evidence/records";

type UsageFormat = "csv" | "json" | "jsonl" | "parquet";

const EXTENSIONS: Readonly<Record<string, UsageFormat>> = {
  ".csv": "csv",
  ".json": "json",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".parquet": "parquet",
};

/** Bad rows shown in a validation message. */
const BAD_ROWS_SHOWN = 5;

interface ReadUsageOptions {
  /** Only records at or after this time (epoch seconds); aggregated input compares whole days. */
  readonly since?: number;
  /** Only records at or before this time (epoch seconds). */
  readonly until?: number;
  /** Only this environment. */
  readonly environment?: string;
  /**
   * Raw input only: count, per row group, the records whose prompt_tokens exceed each of these context windows
   * (`review --usage` asks for the windows of the head targets), and the peak tokens per minute per class.
   * @default [] (no counts, no peaks)
   */
  readonly promptOver?: readonly number[];
}

/** The file's format from its extension; a UserError (exit 2) for anything else. */
function usageFormat(file: string): UsageFormat {
  const ext = extname(file).toLowerCase();
  const f = EXTENSIONS[ext];
  if (!f) {
    throw new UserError(
      `${file}: cannot tell the format from "${ext || "(no extension)"}" (expected ${Object.keys(EXTENSIONS).join(", ")})`,
      EXIT.usage,
    );
  }
  return f;
}

/** Reads, validates and aggregates one usage file. `label` names it in messages (default: the path). */
export async function readUsage(file: string, options: ReadUsageOptions = {}, label = file): Promise<UsageData> {
  if (/[*?[\]{}]/.test(file))
    throw new UserError(`${label}: the path must name one file (no * ? [ ] { }; DuckDB would read them as a pattern)`, EXIT.usage);
  if (!existsSync(file) || !statSync(file).isFile())
    throw new UserError(`${label}: no such file (expected a usage records file: CSV, JSON, JSON lines or Parquet)`, EXIT.usage);
  const format = usageFormat(file);
  // Loaded here, not with the module: DuckDB (its native library and 180 files) is for the commands that read usage.
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(":memory:", { autoinstall_known_extensions: "false", autoload_known_extensions: "true" });
  const c = await instance.connect();
  try {
    await c.run("SET TimeZone = 'UTC'");
    const found = await columnsOf(c, file, format, label);
    const { form, problems } = checkColumns(found);
    if (problems.length > 0) {
      throw new UserError(
        `${label}: ${problems.length === 1 ? problems[0] : `${problems.length} column problems:\n  ${problems.join("\n  ")}`}\n  (columns found: ${found.join(", ") || "none"})`,
        EXIT.findings,
      );
    }
    const columns = form === "raw" ? RAW_COLUMNS : AGGREGATED_COLUMNS;
    const source = reader(file, format, columns);

    // One scan: rows grouped by their key columns as written (per-row checks of times and numbers on the way), the
    // key values checked once per group afterwards, and for raw input the duration percentiles in the same pass.
    await c.run("SET preserve_insertion_order = false");
    const result = await read(c, label, () => c.runAndReadAll(fastQuery(source, form, options)));
    const rows: AggregatedRow[] = [];
    const quantiles: DurationQuantiles[] = [];
    let bad = 0;
    for (const r of result.getRowsJS()) {
      const [
        level,
        dn,
        environment,
        consumer,
        taskClass,
        deployment,
        model,
        routingVersion,
        fallback,
        status,
        requests,
        pt,
        ct,
        dur,
        badRows,
        q,
        over,
      ] = r;
      bad += Number(badRows);
      if (Number(level) === 1) {
        const [p50, p95] = (q ?? []) as number[];
        if (p50 !== undefined && p50 !== null)
          quantiles.push({ environment: String(environment), taskClass: String(taskClass), p50: Number(p50), p95: Number(p95) });
        continue;
      }
      if (dn === null) continue; // only invalid rows
      rows.push({
        day: new Date(Number(dn) * 86_400_000).toISOString().slice(0, 10),
        environment: String(environment),
        consumer: String(consumer),
        taskClass: String(taskClass),
        deployment: String(deployment),
        model: String(model),
        routingVersion: String(routingVersion),
        fallback: Boolean(fallback),
        status: Number(status),
        requests: Number(requests),
        promptTokens: Number(pt),
        completionTokens: Number(ct),
        durationMs: Number(dur),
        ...(form === "raw" && (options.promptOver ?? []).length > 0
          ? { promptOver: ((over ?? []) as number[]).map((x) => Number(x)) }
          : {}),
      });
    }
    if (bad > 0) throw new UserError(await badRowsMessage(c, typedQuery(source, columns), columns, format, label), EXIT.findings);
    const peaks = form === "raw" && (options.promptOver ?? []).length > 0 ? await peakTokens(c, label, source, options) : [];
    const promptWindows = form === "raw" ? (options.promptOver ?? []).map((w) => Math.floor(w)) : [];
    return { form, rows, quantiles: form === "raw" ? quantiles : [], peaks, promptWindows };
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

/** The busiest minute (prompt + completion tokens) of each environment and class, from valid raw records. */
async function peakTokens(c: DuckDBConnection, label: string, source: string, o: ReadUsageOptions): Promise<PeakTokens[]> {
  const t = "try_cast(trim(CAST(time AS VARCHAR)) AS TIMESTAMPTZ)";
  const n = (col: string) => `coalesce(try_cast(trim(CAST(${col} AS VARCHAR)) AS DOUBLE), 0)`;
  const where = [`${t} IS NOT NULL`];
  if (o.since !== undefined) where.push(`${t} >= to_timestamp(${Math.floor(o.since)})`);
  if (o.until !== undefined) where.push(`${t} <= to_timestamp(${Math.floor(o.until)})`);
  if (o.environment !== undefined) where.push(`trim(CAST(environment AS VARCHAR)) = ${sqlString(o.environment)}`);
  const q = [
    "SELECT env, cls, max(tpm) FROM (",
    `  SELECT trim(CAST(environment AS VARCHAR)) AS env, trim(CAST(task_class AS VARCHAR)) AS cls, date_trunc('minute', ${t}) AS m,`,
    `    sum(${n("prompt_tokens")} + ${n("completion_tokens")}) AS tpm`,
    `  FROM ${source} WHERE ${where.join(" AND ")} GROUP BY ALL`,
    ") GROUP BY env, cls ORDER BY env, cls",
  ].join("\n");
  const r = await read(c, label, () => c.runAndReadAll(q));
  return r.getRowsJS().map(([env, cls, tpm]) => ({ environment: String(env), taskClass: String(cls), tokensPerMinute: Number(tpm) }));
}

/** Runs a query over the file; DuckDB's complaints about the file itself become a UserError (exit 2). */
async function read<T>(_c: DuckDBConnection, label: string, q: () => Promise<T>): Promise<T> {
  try {
    return await q();
  } catch (e) {
    throw new UserError(`${label}: cannot read it: ${firstLine((e as Error).message)}`, EXIT.usage);
  }
}

function firstLine(s: string): string {
  return s.split("\n")[0]!.trim();
}

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The table function reading the file: every expected column explicitly VARCHAR (Parquet keeps its own types). */
function reader(file: string, format: UsageFormat, columns: readonly string[]): string {
  const path = sqlString(file);
  const varchar = `{${columns.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(", ")}}`;
  switch (format) {
    case "csv":
      return `read_csv(${path}, header = true, all_varchar = true)`;
    case "json":
      return `read_json(${path}, format = 'auto', columns = ${varchar})`;
    case "jsonl":
      return `read_json(${path}, format = 'newline_delimited', columns = ${varchar})`;
    case "parquet":
      return `read_parquet(${path})`;
  }
}

async function columnsOf(c: DuckDBConnection, file: string, format: UsageFormat, label: string): Promise<string[]> {
  const path = sqlString(file);
  const source =
    format === "csv"
      ? `read_csv(${path}, header = true, all_varchar = true)`
      : format === "parquet"
        ? `read_parquet(${path})`
        : `read_json(${path}, format = ${format === "json" ? "'auto'" : "'newline_delimited'"})`;
  const r = await read(c, label, () => c.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`));
  return r.getRowsJS().map((row) => String(row[0]));
}

/** Value and validity of a column of each kind, from any source type. */
function expressions(column: string, kind: ColumnKind): { value: string; ok: string } {
  const raw = ident(column);
  const text = `trim(CAST(${raw} AS VARCHAR))`;
  const num = `TRY_CAST(${raw} AS DOUBLE)`;
  switch (kind) {
    case "timestamp":
      return { value: `TRY_CAST(${raw} AS TIMESTAMPTZ)`, ok: `TRY_CAST(${raw} AS TIMESTAMPTZ) IS NOT NULL` };
    case "day":
      return { value: `TRY_CAST(${raw} AS DATE)`, ok: `TRY_CAST(${raw} AS DATE) IS NOT NULL` };
    case "name":
      return { value: text, ok: `coalesce(${text}, '') <> ''` };
    case "text":
      return { value: `coalesce(${text}, '')`, ok: "true" };
    case "routing-version":
      return { value: `lower(${text})`, ok: `coalesce(regexp_full_match(lower(${text}), '[0-9a-f]{12}'), false)` };
    case "boolean":
      return {
        value: `lower(${text}) IN ('true', '1')`,
        ok: `coalesce(lower(${text}) IN ('true', 'false', '1', '0'), false)`,
      };
    case "status":
      return { value: `CAST(${num} AS INTEGER)`, ok: `coalesce(${num} = floor(${num}) AND ${num} BETWEEN 100 AND 599, false)` };
    case "count":
      return { value: num, ok: `coalesce(${num} = floor(${num}) AND ${num} >= 1, false)` };
    case "amount":
      return { value: num, ok: `coalesce(isfinite(${num}) AND ${num} >= 0, false)` };
  }
}

/** One row per input row: the raw text (raw_*), the typed value (v_*), per-column validity (ok_*), and `ok`. */
function typedQuery(source: string, columns: readonly string[]): string {
  const parts: string[] = [];
  for (const c of columns) {
    const e = expressions(c, COLUMN_KINDS[c as keyof typeof COLUMN_KINDS]);
    parts.push(`CAST(${ident(c)} AS VARCHAR) AS raw_${c}`, `CASE WHEN ${e.ok} THEN ${e.value} END AS v_${c}`, `${e.ok} AS ok_${c}`);
  }
  parts.push(`(${columns.map((c) => `ok_${c}`).join(" AND ")}) AS ok`);
  // DuckDB resolves the ok_* aliases in the same SELECT list (lateral column aliases).
  return `SELECT ${parts.join(", ")} FROM ${source}`;
}

/** Kinds checked on every row during the scan; the others are checked once per group, on the grouped key values. */
const ROW_KINDS: ReadonlySet<ColumnKind> = new Set(["timestamp", "day", "amount", "count"]);
const KEYS = ["environment", "consumer", "task_class", "deployment", "model", "routing_version", "fallback", "status"] as const;

/**
 * The one-scan query. Columns: level (0 = a day and routing decision, 1 = an environment and class, raw only),
 * day number (days since 1970-01-01, UTC), the eight key values, requests, token and duration sums, invalid rows,
 * and [p50, p95] of duration_ms (level 1).
 */
function fastQuery(source: string, form: "raw" | "aggregated", o: ReadUsageOptions): string {
  const over = (o.promptOver ?? []).map((w) => Math.floor(w));
  const columns = form === "raw" ? RAW_COLUMNS : AGGREGATED_COLUMNS;
  const rowChecks = columns.filter((c) => ROW_KINDS.has(COLUMN_KINDS[c]));
  const scan = [
    ...rowChecks.map((c) => `CASE WHEN ${expressions(c, COLUMN_KINDS[c]).ok} THEN ${expressions(c, COLUMN_KINDS[c]).value} END AS v_${c}`),
    ...KEYS.map((k) => ident(k)),
    `(${rowChecks.map((c) => expressions(c, COLUMN_KINDS[c]).ok).join(" AND ")}) AS row_ok`,
  ];
  const dn = form === "raw" ? "CAST(floor(epoch(v_time) / 86400) AS BIGINT)" : "CAST(v_day - DATE '1970-01-01' AS BIGINT)";
  const windowed: string[] = [];
  if (form === "raw") {
    if (o.since !== undefined) windowed.push(`v_time >= to_timestamp(${Math.floor(o.since)})`);
    if (o.until !== undefined) windowed.push(`v_time <= to_timestamp(${Math.floor(o.until)})`);
  } else {
    if (o.since !== undefined) windowed.push(`v_day >= CAST(to_timestamp(${Math.floor(o.since)}) AS DATE)`);
    if (o.until !== undefined) windowed.push(`v_day <= CAST(to_timestamp(${Math.floor(o.until)}) AS DATE)`);
  }
  if (o.environment !== undefined) windowed.push(`trim(CAST(environment AS VARCHAR)) = ${sqlString(o.environment)}`);
  const requests = form === "raw" ? "count(*)" : "sum(v_requests)";
  const fine = `(dn, ${KEYS.join(", ")})`;
  const grouping = form === "raw" ? `GROUPING SETS (${fine}, (environment, task_class))` : fine;
  const inner = [
    `SELECT grouping(dn) AS lvl, dn, ${KEYS.join(", ")}, CAST(count(*) AS DOUBLE) AS records, CAST(${requests} AS DOUBLE) AS requests,`,
    "  CAST(sum(v_prompt_tokens) AS DOUBLE) AS pt, CAST(sum(v_completion_tokens) AS DOUBLE) AS ct, CAST(sum(v_duration_ms) AS DOUBLE) AS dur,",
    `  CAST(count_if(NOT row_ok) AS DOUBLE) AS bad${form === "raw" ? ", quantile_cont(v_duration_ms, [0.5, 0.95]) AS q" : ", NULL AS q"},`,
    `  ${form === "raw" && over.length > 0 ? `[${over.map((w) => `CAST(count_if(v_prompt_tokens > ${w}) AS DOUBLE)`).join(", ")}]` : "NULL"} AS over`,
    `FROM (SELECT *, CASE WHEN row_ok THEN ${dn} END AS dn FROM (SELECT ${scan.join(", ")} FROM ${source}))`,
    windowed.length > 0 ? `WHERE NOT row_ok OR (${windowed.join(" AND ")})` : "",
    `GROUP BY ${grouping}`,
  ].join("\n");
  // Key checks once per group: a group of bad keys counts all its rows as invalid.
  const keyExpr = KEYS.map((k) => expressions(k, COLUMN_KINDS[k]));
  return [
    `SELECT lvl, dn, ${keyExpr.map((e, i) => `${e.value} AS ${KEYS[i]}`).join(", ")}, requests, pt, ct, dur,`,
    `  bad + CASE WHEN lvl = 0 AND NOT (${keyExpr.map((e) => e.ok).join(" AND ")}) THEN records ELSE 0 END AS bad, q, over`,
    `FROM (${inner})`,
  ].join("\n");
}

/** The first BAD_ROWS_SHOWN invalid rows, in file order, with every bad column of each. */
async function badRowsMessage(
  c: DuckDBConnection,
  typed: string,
  columns: readonly string[],
  format: UsageFormat,
  label: string,
): Promise<string> {
  await c.run("SET threads = 1");
  await c.run("SET preserve_insertion_order = true");
  const select = columns.flatMap((col) => [`raw_${col}`, `ok_${col}`]).join(", ");
  const r = await read(c, label, () =>
    c.runAndReadAll(
      `SELECT rn, ${select}, count(*) OVER () AS total FROM (SELECT row_number() OVER () AS rn, * FROM (${typed})) WHERE NOT ok ORDER BY rn LIMIT ${BAD_ROWS_SHOWN}`,
    ),
  );
  const lines: string[] = [];
  let bad = 0;
  for (const row of r.getRowsJS()) {
    bad = Number(row[row.length - 1]);
    const rn = Number(row[0]);
    const where = format === "csv" ? `row ${rn} (line ${rn + 1})` : `row ${rn}`;
    columns.forEach((col, i) => {
      const raw = row[1 + 2 * i];
      const ok = row[2 + 2 * i];
      if (ok) return;
      const kind = COLUMN_KINDS[col as keyof typeof COLUMN_KINDS];
      const shown = raw === null || raw === undefined || String(raw).trim() === "" ? "an empty value" : JSON.stringify(String(raw));
      lines.push(`${where}, column ${col}: expected ${EXPECTED[kind]}, found ${shown}`);
    });
  }
  const head = `${label}: ${bad.toLocaleString("en-US")} row(s) with bad values${bad > BAD_ROWS_SHOWN ? ` (the first ${BAD_ROWS_SHOWN} shown)` : ""}; nothing was read:`;
  return [head, ...lines.map((l) => `  ${l}`)].join("\n");
}
