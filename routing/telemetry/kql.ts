// The canonical usage query: ApiManagementGatewayLogs (what served, from the routed response headers) joined with
// ApiManagementGatewayLlmLog (tokens) on CorrelationId, one row per request, or aggregated per day. Pure.
import { ROUTED_HEADERS } from "../gateway/policy";

/** The usage-record columns, one definition with the reader (routing/evidence/records.ts). */
export { AGGREGATED_COLUMNS as AGGREGATE_COLUMNS, RAW_COLUMNS as USAGE_COLUMNS } from "../evidence/records";
import { AGGREGATED_COLUMNS as AGGREGATE_COLUMNS, RAW_COLUMNS as USAGE_COLUMNS } from "../evidence/records";

interface UsageQueryInput {
  readonly environment: string;
  /** APIM API names (ApiId) of the environment's gateway. */
  readonly apiIds: readonly string[];
  /** Days back from now. @default 30 */
  readonly days?: number;
  /** One row per (day, key) instead of per request. @default false */
  readonly aggregate?: boolean;
}

/** A KQL string literal: backslash and quote escaped, control characters refused upstream by the config layer. */
export function kqlString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r")}"`;
}

export function usageQuery(input: UsageQueryInput): string {
  const days = input.days ?? 30;
  const header = (h: string) => `tostring(ResponseHeaders[${kqlString(h)}])`;
  const lines = [
    `// foundry-routes usage records for environment ${input.environment}: ${input.aggregate ? "aggregated per day" : "one row per request"}, last ${days} days`,
    `let since = ago(${days}d);`,
    "let tokens = ApiManagementGatewayLlmLog",
    "    | where TimeGenerated >= since",
    // Long prompts and completions are split over several rows with the same CorrelationId and counts.
    "    | summarize prompt_tokens = max(PromptTokens), completion_tokens = max(CompletionTokens) by CorrelationId;",
    "ApiManagementGatewayLogs",
    "| where TimeGenerated >= since",
    `| where ApiId in (${input.apiIds.map(kqlString).join(", ")})`,
    "| join kind=leftouter tokens on CorrelationId",
    "| project",
    "    time = TimeGenerated,",
    `    environment = ${kqlString(input.environment)},`,
    `    consumer = ${header(ROUTED_HEADERS.consumer)},`,
    `    task_class = ${header(ROUTED_HEADERS.taskClass)},`,
    `    deployment = ${header(ROUTED_HEADERS.deployment)},`,
    `    model = ${header(ROUTED_HEADERS.model)},`,
    `    routing_version = ${header(ROUTED_HEADERS.routingVersion)},`,
    `    fallback = isnotempty(${header(ROUTED_HEADERS.fallback)}),`,
    "    status = ResponseCode,",
    "    prompt_tokens = coalesce(prompt_tokens, 0),",
    "    completion_tokens = coalesce(completion_tokens, 0),",
    "    duration_ms = TotalTime",
  ];
  if (input.aggregate) {
    lines.push(
      "| summarize requests = count(), prompt_tokens = sum(prompt_tokens), completion_tokens = sum(completion_tokens), duration_ms = sum(duration_ms)",
      "    by day = startofday(time), environment, consumer, task_class, deployment, model, routing_version, fallback, status",
      `| project ${AGGREGATE_COLUMNS.join(", ")}`,
      "| order by day asc, task_class asc, deployment asc",
    );
  } else {
    lines.push(`| project ${USAGE_COLUMNS.join(", ")}`, "| order by time asc");
  }
  return `${lines.join("\n")}\n`;
}
