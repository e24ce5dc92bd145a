// Usage records as the gateway's telemetry writes them (docs/evidence.md): the raw form, one row per request, and the
// aggregated form, one row per day and routing decision. io/usage.ts reads both with DuckDB and returns AggregatedRow[];
// everything in routing/evidence works on those rows.

/** Columns of a raw usage record, in the order `usage sample` and `telemetry kql` write them. */
export const RAW_COLUMNS = [
  "time",
  "environment",
  "consumer",
  "task_class",
  "deployment",
  "model",
  "routing_version",
  "fallback",
  "status",
  "prompt_tokens",
  "completion_tokens",
  "duration_ms",
] as const;

/** Columns of the aggregated form: `day` replaces `time`, `requests` counts the rows, the numbers are sums. */
export const AGGREGATED_COLUMNS = [
  "day",
  "environment",
  "consumer",
  "task_class",
  "deployment",
  "model",
  "routing_version",
  "fallback",
  "status",
  "requests",
  "prompt_tokens",
  "completion_tokens",
  "duration_ms",
] as const;

type RawColumn = (typeof RAW_COLUMNS)[number];
type AggregatedColumn = (typeof AGGREGATED_COLUMNS)[number];

/** How a column's values are checked; `expected` is what a validation message says was expected. */
export type ColumnKind = "timestamp" | "day" | "name" | "text" | "routing-version" | "boolean" | "status" | "count" | "amount";

export const COLUMN_KINDS: Readonly<Record<RawColumn | AggregatedColumn, ColumnKind>> = {
  time: "timestamp",
  day: "day",
  environment: "name",
  consumer: "text",
  task_class: "name",
  deployment: "text",
  model: "text",
  routing_version: "routing-version",
  fallback: "boolean",
  status: "status",
  requests: "count",
  prompt_tokens: "amount",
  completion_tokens: "amount",
  duration_ms: "amount",
};

/** What a value of each kind must look like, for validation messages. */
export const EXPECTED: Readonly<Record<ColumnKind, string>> = {
  timestamp: "an ISO-8601 date-time, e.g. 2026-07-01T09:30:00Z",
  day: "a date, e.g. 2026-07-01",
  name: "a non-empty name",
  text: "text",
  "routing-version": "12 hex digits, as in x-routing-version",
  boolean: "true or false",
  status: "an HTTP status code (integer 100-599)",
  count: "a whole number of at least 1",
  amount: "a non-negative number",
};

/** One raw usage record (what the sample generator produces). */
export interface UsageRecord {
  /** ISO-8601 UTC, e.g. 2026-07-01T09:30:00.125Z. */
  readonly time: string;
  readonly environment: string;
  /** Who called: the APIM subscription or team. */
  readonly consumer: string;
  readonly taskClass: string;
  /** `<account>/<deployment>` that served (or last failed); "" when the gateway rejected the request. */
  readonly deployment: string;
  /** As in x-routed-model: `<catalog id>@<version>`, for a router `model-router@<v> -> <chosen>`; "" when rejected. */
  readonly model: string;
  readonly routingVersion: string;
  /** True when a fallback, not the weighted choice, served (or last failed). */
  readonly fallback: boolean;
  readonly status: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly durationMs: number;
}

/** One row of the aggregated form: the records of one day and routing decision, summed. */
export interface AggregatedRow {
  /** YYYY-MM-DD (UTC). */
  readonly day: string;
  readonly environment: string;
  readonly consumer: string;
  readonly taskClass: string;
  readonly deployment: string;
  readonly model: string;
  readonly routingVersion: string;
  readonly fallback: boolean;
  readonly status: number;
  readonly requests: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Sum of duration_ms over the records. */
  readonly durationMs: number;
  /** Raw input read with `promptOver` windows: records of the row whose prompt_tokens exceed each window. */
  readonly promptOver?: readonly number[];
}

/** The busiest minute of an environment and class, in tokens (raw input only). */
export interface PeakTokens {
  readonly environment: string;
  readonly taskClass: string;
  readonly tokensPerMinute: number;
}

/** p50 / p95 of duration_ms per environment and task class; only raw input has them. */
export interface DurationQuantiles {
  readonly environment: string;
  readonly taskClass: string;
  readonly p50: number;
  readonly p95: number;
}

/** What io/usage.ts hands to observe: the rows, and the quantiles when the input was raw. */
export interface UsageData {
  /** "raw" (one row per request) or "aggregated". */
  readonly form: "raw" | "aggregated";
  readonly rows: readonly AggregatedRow[];
  /** Empty for aggregated input (sums cannot give percentiles). */
  readonly quantiles: readonly DurationQuantiles[];
  /** Peak tokens per minute per class; only raw input read with `promptOver`. */
  readonly peaks?: readonly PeakTokens[];
  /** The windows each row's `promptOver` counts against, in that order. */
  readonly promptWindows?: readonly number[];
}

/** RFC 4180 field. */
function csvField(v: string | number | boolean): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const RAW_CSV_HEADER = RAW_COLUMNS.join(",") + "\n";

/** One record as a CSV line (LF-terminated), columns in RAW_COLUMNS order. */
export function recordCsvLine(r: UsageRecord): string {
  return (
    [
      r.time,
      r.environment,
      r.consumer,
      r.taskClass,
      r.deployment,
      r.model,
      r.routingVersion,
      r.fallback,
      r.status,
      r.promptTokens,
      r.completionTokens,
      r.durationMs,
    ]
      .map(csvField)
      .join(",") + "\n"
  );
}
