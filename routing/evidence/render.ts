// The one place where observe results become words: one renderer per format (table, md, json), as conftest does.
// Findings are rendered by `findingLine` only.
import { isoUtc } from "../audit/dates";
import { formatMoney, formatUsd } from "../review/cost";
import type { DeclaredSource } from "./declared";
import type { CostLine, KeyedCostLine, UsageCost } from "./cost";
import { type ClassReport, type EvidenceFinding, type ObserveResult, type RouteGroup, type Share, fmtInt, pct } from "./observe";

interface ObserveReport {
  readonly result: ObserveResult;
  readonly cost?: UsageCost;
}

interface Renderer {
  readonly format: "table" | "md" | "json";
  render(report: ObserveReport): string;
}

/** `error FR-OBS-SPLIT prod autocomplete eus2/gpt-4o-mini [d61c5121e22c]: …` */
function findingLine(f: EvidenceFinding): string {
  const subject = [f.environment, f.taskClass, f.deployment].filter((s) => s !== undefined && s !== "").join(" ");
  const versions = f.routingVersions && f.rule !== "FR-OBS-VERSION" ? ` [${f.routingVersions.join(", ")}]` : "";
  return `${f.level} ${f.rule} ${subject}${versions}: ${f.message}`;
}

function summaryLine(r: ObserveResult): string {
  const errors = r.findings.filter((f) => f.level === "error").length;
  const warnings = r.findings.length - errors;
  return `${errors} error(s), ${warnings} warning(s)`;
}

function sourceText(s: DeclaredSource | undefined): string {
  if (!s) return "UNKNOWN: no commit produced it";
  if (s.kind === "head") return "the working tree's config (no commit produced it)";
  const subject = s.commit.subject.length > 72 ? `${s.commit.subject.slice(0, 71)}…` : s.commit.subject;
  return `commit ${s.commit.sha.slice(0, 7)} (${isoUtc(s.commit.committerDate)}, ${s.commit.author.name}: ${subject})`;
}

/** "1.5M", "40.1K", "950". */
function compact(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (a >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${(n / 1e3).toFixed(1)}K`;
  return fmtInt(n);
}

const ms = (x: number | undefined) => (x === undefined ? "n/a" : `${fmtInt(x)} ms`);
const share = (x: number | undefined) => (x === undefined ? "-" : pct(x));
const tol = (s: Share) => (s.tolerance === undefined ? "-" : `±${(s.tolerance * 100).toFixed(1)} pts`);
const roleText = (s: Share) => (s.role === "unnamed" ? "UNNAMED" : s.role);
const statusText = (c: ClassReport) => c.statuses.map((s) => `${s.status} ${pct(s.requests / c.requests)}`).join(", ");
const consumersText = (c: ClassReport) => c.topConsumers.map((u) => `${u.consumer} ${pct(u.requests / c.requests)}`).join(", ");

/** Plain text, aligned columns. */
function pad(rows: readonly (readonly string[])[], indent: string): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => (indent + r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ")).trimEnd());
}

function header(r: ObserveResult): string[] {
  const period = r.firstDay ? `, ${r.firstDay} to ${r.lastDay}` : "";
  return [
    `Usage: ${fmtInt(r.requests)} request(s) (${r.form} records)${period}`,
    `Routing versions looked up in ${r.searched}`,
    `Drift when |observed - declared| > ${r.z}·sqrt(p(1-p)/n) + ${(r.floor * 100).toFixed(1)} points (n = first-choice requests); fallback threshold ${pct(r.fallbackThreshold)}`,
  ];
}

function shareRows(g: RouteGroup): string[][] {
  return [
    ["deployment", "role", "declared", "observed", "tolerance", "first choice", "via fallback", ""],
    ...g.shares.map((s) => [
      s.deployment,
      roleText(s),
      share(s.declared),
      share(s.observed),
      tol(s),
      fmtInt(s.firstChoice),
      fmtInt(s.fallback),
      s.drift ? "DRIFT" : "",
    ]),
  ];
}

const tableRenderer: Renderer = {
  format: "table",
  render({ result: r, cost }) {
    const lines = header(r);
    for (const e of r.environments) {
      lines.push("", `${e.environment}  ${fmtInt(e.requests)} request(s)`);
      for (const v of e.versions) {
        lines.push(
          `  routing version ${v.routingVersion}  ${fmtInt(v.requests)} request(s), ${v.firstDay} to ${v.lastDay}: ${sourceText(v.source)}`,
        );
      }
      for (const c of e.classes) {
        lines.push(
          "",
          `  ${c.taskClass}  ${fmtInt(c.requests)} request(s), fallback ${pct(c.fallbackRate)}, p50 ${ms(c.p50Ms)}, p95 ${ms(c.p95Ms)}, mean ${ms(c.meanMs)}, tokens ${compact(c.promptTokens)} in / ${compact(c.completionTokens)} out`,
          `    status ${statusText(c)}`,
          `    consumers ${consumersText(c)}`,
        );
        if (c.unknownVersionRequests > 0)
          lines.push(`    ${fmtInt(c.unknownVersionRequests)} request(s) under an unknown routing version: not checked`);
        if (c.unroutedRequests > 0)
          lines.push(`    ${fmtInt(c.unroutedRequests)} request(s) under a routing version that does not route the class`);
        for (const g of c.routes) {
          lines.push(
            `    routing ${g.routingVersions.join(", ")}${g.sticky ? " (sticky)" : ""}: ${fmtInt(g.firstChoice)} first-choice request(s)`,
          );
          lines.push(...pad(shareRows(g), "      "));
        }
      }
    }
    lines.push("", "Findings");
    if (r.findings.length === 0) lines.push("  none: every checked class is within tolerance");
    for (const f of r.findings) lines.push(`  ${findingLine(f)}`);
    lines.push(summaryLine(r));
    if (cost) lines.push("", ...costTable(cost));
    return lines.join("\n") + "\n";
  },
};

function money(l: CostLine): string {
  return formatMoney(l.cost);
}

function costRows(title: string, key: (l: KeyedCostLine) => string, lines: readonly KeyedCostLine[]): string[] {
  return [
    title,
    ...pad(
      [
        ["", "cost (USD)", "requests", "prompt tokens", "completion tokens", "unpriced prompt", "unpriced completion"],
        ...lines.map((l) => [
          key(l),
          money(l),
          fmtInt(l.requests),
          fmtInt(l.promptTokens),
          fmtInt(l.completionTokens),
          fmtInt(l.unpricedPromptTokens),
          fmtInt(l.unpricedCompletionTokens),
        ]),
      ],
      "  ",
    ),
  ];
}

function priceText(c: UsageCost): string[] {
  return c.prices.map((p) =>
    p.unknown
      ? `  ${p.model || "(none)"}: unknown (${p.unknown})`
      : `  ${p.model}: ${formatUsd(p.inputPer1M!)} in / ${formatUsd(p.outputPer1M!)} out per 1M tokens`,
  );
}

function costTable(c: UsageCost): string[] {
  const t = c.total;
  return [
    "Cost from usage (catalog prices × tokens; an unknown price stays unknown)",
    `  total ${money(t)} for ${fmtInt(t.requests)} request(s); tokens without a price: ${fmtInt(t.unpricedPromptTokens)} prompt, ${fmtInt(t.unpricedCompletionTokens)} completion`,
    "",
    ...costRows("By environment", (l) => l.key.environment!, c.byEnvironment),
    "",
    ...costRows("By task class", (l) => `${l.key.environment} ${l.key.taskClass}`, c.byClass),
    "",
    ...costRows("By deployment", (l) => `${l.key.environment} ${l.key.deployment || "(none)"}`, c.byDeployment),
    "",
    ...costRows("By consumer", (l) => `${l.key.environment} ${l.key.consumer || "(none)"}`, c.byConsumer),
    "",
    ...costRows("By day", (l) => `${l.key.environment} ${l.key.day}`, c.byDay),
    "",
    "Prices (config/models.yaml)",
    ...priceText(c),
  ];
}

function mdTable(rows: readonly (readonly string[])[]): string[] {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  return [
    `| ${rows[0]!.map(esc).join(" | ")} |`,
    `| ${rows[0]!.map(() => "---").join(" | ")} |`,
    ...rows.slice(1).map((r) => `| ${r.map(esc).join(" | ")} |`),
  ];
}

const markdownRenderer: Renderer = {
  format: "md",
  render({ result: r, cost }) {
    const lines = ["# Routing on evidence", "", ...header(r).map((l) => `${l}  `), "", "## Findings", ""];
    if (r.findings.length === 0) lines.push("None: every checked class is within tolerance.");
    for (const f of r.findings)
      lines.push(
        `- ${f.level === "error" ? "**error**" : "warning"} \`${f.rule}\` ${findingLine(f).slice(f.level.length + f.rule.length + 2)}`,
      );
    lines.push("", summaryLine(r));
    for (const e of r.environments) {
      lines.push(
        "",
        `## ${e.environment}`,
        "",
        ...mdTable([
          ["routing version", "requests", "days", "declared by"],
          ...e.versions.map((v) => [v.routingVersion, fmtInt(v.requests), `${v.firstDay} to ${v.lastDay}`, sourceText(v.source)]),
        ]),
      );
      lines.push(
        "",
        ...mdTable([
          ["task class", "requests", "fallback", "p50", "p95", "prompt tokens", "completion tokens", "status", "top consumers"],
          ...e.classes.map((c) => [
            c.taskClass,
            fmtInt(c.requests),
            pct(c.fallbackRate),
            ms(c.p50Ms),
            ms(c.p95Ms),
            fmtInt(c.promptTokens),
            fmtInt(c.completionTokens),
            statusText(c),
            consumersText(c),
          ]),
        ]),
      );
      for (const c of e.classes) {
        for (const g of c.routes) {
          lines.push(
            "",
            `### ${e.environment} ${c.taskClass} (${g.routingVersions.join(", ")})`,
            "",
            ...mdTable(shareRows(g).map((row, i) => (i === 0 ? row.slice(0, 7).concat(["drift"]) : row))),
          );
        }
      }
    }
    if (cost) {
      const t = cost.total;
      lines.push(
        "",
        "## Cost from usage",
        "",
        `Total ${money(t)} for ${fmtInt(t.requests)} request(s); tokens without a price: ${fmtInt(t.unpricedPromptTokens)} prompt, ${fmtInt(t.unpricedCompletionTokens)} completion.`,
      );
      const section = (title: string, key: (l: KeyedCostLine) => string, ls: readonly KeyedCostLine[]) =>
        lines.push(
          "",
          `### ${title}`,
          "",
          ...mdTable([
            ["", "cost (USD)", "requests", "prompt tokens", "completion tokens", "unpriced prompt", "unpriced completion"],
            ...ls.map((l) => [
              key(l),
              money(l),
              fmtInt(l.requests),
              fmtInt(l.promptTokens),
              fmtInt(l.completionTokens),
              fmtInt(l.unpricedPromptTokens),
              fmtInt(l.unpricedCompletionTokens),
            ]),
          ]),
        );
      section("By environment", (l) => l.key.environment!, cost.byEnvironment);
      section("By task class", (l) => `${l.key.environment} ${l.key.taskClass}`, cost.byClass);
      section("By deployment", (l) => `${l.key.environment} ${l.key.deployment || "(none)"}`, cost.byDeployment);
      section("By consumer", (l) => `${l.key.environment} ${l.key.consumer || "(none)"}`, cost.byConsumer);
      section("By day", (l) => `${l.key.environment} ${l.key.day}`, cost.byDay);
      lines.push("", "### Prices", "", ...priceText(cost).map((l) => `- ${l.trim()}`));
    }
    return lines.join("\n") + "\n";
  },
};

const moneyJson = (l: CostLine) => ({ ...l, cost: { usd: l.cost.known, unknown: l.cost.unknown, text: formatMoney(l.cost) } });

function observeJson({ result: r, cost }: ObserveReport) {
  const source = (s: DeclaredSource | undefined) =>
    !s
      ? { kind: "unknown" }
      : s.kind === "head"
        ? { kind: "head" }
        : {
            kind: "commit",
            commit: s.commit.sha,
            committerDate: isoUtc(s.commit.committerDate),
            author: s.commit.author,
            subject: s.commit.subject,
          };
  return {
    form: r.form,
    requests: r.requests,
    firstDay: r.firstDay,
    lastDay: r.lastDay,
    tolerance: { z: r.z, floor: r.floor },
    fallbackThreshold: r.fallbackThreshold,
    searched: r.searched,
    summary: {
      errors: r.findings.filter((f) => f.level === "error").length,
      warnings: r.findings.filter((f) => f.level === "warning").length,
    },
    findings: r.findings.map((f) => ({ ...f, text: findingLine(f) })),
    environments: r.environments.map((e) => ({ ...e, versions: e.versions.map((v) => ({ ...v, source: source(v.source) })) })),
    cost: cost && {
      currency: "USD",
      total: moneyJson(cost.total),
      byEnvironment: cost.byEnvironment.map(moneyJson),
      byClass: cost.byClass.map(moneyJson),
      byDeployment: cost.byDeployment.map(moneyJson),
      byConsumer: cost.byConsumer.map(moneyJson),
      byDay: cost.byDay.map(moneyJson),
      lines: cost.lines.map(moneyJson),
      prices: cost.prices,
    },
  };
}

const jsonRenderer: Renderer = {
  format: "json",
  render: (report) => `${JSON.stringify(observeJson(report), null, 2)}\n`,
};

export const RENDERERS: readonly Renderer[] = [tableRenderer, markdownRenderer, jsonRenderer];
