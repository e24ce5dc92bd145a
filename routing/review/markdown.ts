// The review as Markdown for one pull-request comment. It starts with a hidden marker so CI can find and update
// the comment in place. Deletions and replacements of serving deployments come first, above everything else.
import { formatDelta, formatMoney, formatUsd } from "./cost";
import { type Finding, formatFinding } from "../findings";
import type { ProvenanceSide } from "./compliance";
import { type ResourceDiff, describeReference } from "./infra";
import type { ReviewReport, RouteChangeRow, ServingAlert, TrafficUse } from "./index";
import { describeChange, describeChangeInEnvironment, split } from "../changes/describe";

/** First line of every review comment; CI finds the comment to update by it. */
export const REVIEW_MARKER = "<!-- foundry-routes-review -->";

/** GitHub rejects comments over 65,536 characters; long resource lists are cut to stay below. */
export const MAX_COMMENT_CHARS = 60_000;
const MAX_FINDINGS_LISTED = 30;
const MAX_CHANGES_PER_RESOURCE = 12;

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function code(text: string): string {
  return text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function revision(r: ReviewReport["base"]): string {
  if (!r.sha) return code(r.label);
  return r.sha.startsWith(r.label) ? code(r.sha.slice(0, 7)) : `${code(r.label)} (${r.sha.slice(0, 7)})`;
}

function use(u: TrafficUse): string {
  return u.role === "target" ? `${u.taskClass} ${u.weight}%` : `${u.taskClass} (fallback ${u.position})`;
}

function uses(list: readonly TrafficUse[]): string {
  return list.length === 0 ? "no traffic" : list.map(use).join(", ");
}

function alertLines(a: ServingAlert): string[] {
  const what = a.action === "deleted" ? "is **DELETED**" : "is **REPLACED** (destroyed, then created: unavailable in between)";
  const lines = [
    `> - **${a.environment} ${code(a.deployment)}** (${a.model}) ${what}. At base it serves: ${uses(a.servesAtBase)}.${a.action === "replaced" ? ` At head: ${uses(a.servesAtHead)}.` : ""}`,
  ];
  for (const r of a.reasons) lines.push(`>   - ${r}`);
  if (a.source === "config") lines.push(">   - inferred from the YAML diff (the infrastructure diff is unavailable)");
  return lines;
}

const NO_ROUTE = "(no route)";

function rowBefore(r: RouteChangeRow): string {
  return r.kind === "renamed" ? `(as ${r.from})` : r.kind === "added" ? NO_ROUTE : split(r.before, NO_ROUTE);
}

function rowAfter(r: RouteChangeRow): string {
  return r.kind === "renamed" ? "unchanged" : r.kind === "removed" ? NO_ROUTE : split(r.after, NO_ROUTE);
}

function findingLine(f: Finding): string {
  return `- ${code(formatFinding(f))}`;
}

function provenanceCell(side: ProvenanceSide | undefined): string {
  if (!side) return "—";
  if (!side.routed) return "not routed";
  const name = (r: ProvenanceSide["reach"][number]) => `${r.deployment}${r.role === "fallback" ? " (fallback)" : ""}`;
  if (side.clean) return `✅ clean: ${side.reach.map(name).join(", ")}`;
  const bad = side.reach.filter((r) => !r.clean);
  return `❌ **violation**: ${bad.map((r) => `${name(r)} runs ${r.model}`).join("; ")}`;
}

function resourceLines(r: ResourceDiff): string[] {
  const label: Record<ResourceDiff["action"], string> = {
    replace: "**replace**",
    delete: "**delete**",
    create: "create",
    update: "update",
  };
  const note = r.replacementUndetermined ? " (replacement not determined: type not in the ForceNew table)" : "";
  const out = [`- ${label[r.action]} ${code(r.address)}${note}`];
  for (const cause of r.replacedBecause) if (cause.kind === "reference") out.push(`  - ${describeReference(cause)}`);
  for (const c of r.changes.slice(0, MAX_CHANGES_PER_RESOURCE)) {
    out.push(
      `  - ${code(c.path)}: ${c.before === undefined ? "(absent)" : code(c.before)} → ${c.after === undefined ? "(absent)" : code(c.after)}${c.forcesReplacement ? " — **forces replacement**" : ""}`,
    );
  }
  if (r.changes.length > MAX_CHANGES_PER_RESOURCE)
    out.push(`  - … and ${r.changes.length - MAX_CHANGES_PER_RESOURCE} more changed attribute(s)`);
  return out;
}

/** Renders the report. */
export function renderMarkdown(report: ReviewReport): string {
  const out: string[] = [REVIEW_MARKER, "## foundry-routes review", ""];
  const { base, head } = report;
  out.push(`Base ${revision(base)} → head ${revision(head)}.`);
  out.push("");

  // ---- Serving deployments deleted or replaced: first and loud ----
  if (report.alerts.length > 0) {
    out.push("> [!CAUTION]");
    out.push(
      `> **${report.alerts.length} deployment(s) that serve traffic at base are deleted or replaced.** Requests routed to them fail (or go to fallbacks) until the change completes.`,
    );
    out.push(">");
    for (const a of report.alerts) out.push(...alertLines(a));
    out.push("");
  }
  if (head.errors > 0) {
    out.push("> [!WARNING]");
    out.push(`> **Head has ${head.errors} policy error(s)**: this change cannot be synthesized or deployed as is.`);
    for (const e of head.firstErrors) out.push(`> - ${code(e)}`);
    out.push("");
  }
  if (base.errors > 0 || !base.loaded) {
    out.push("> [!NOTE]");
    out.push(
      base.loaded
        ? `> Base has ${base.errors} error(s) under today's rules; it was compared as loaded but not synthesized.`
        : `> Base config could not be loaded (${base.errors} YAML/schema error(s)); changes are shown against an empty base and base was not synthesized.`,
    );
    for (const e of base.firstErrors.slice(0, 3)) out.push(`> - ${code(e)}`);
    out.push("");
  }

  // ---- Summary ----
  const rows = report.routing.environments.reduce((n, e) => n + e.rows.length, 0);
  const others = report.routing.environments.reduce((n, e) => n + e.other.length, 0) + report.routing.catalog.length;
  const violations = report.compliance.provenance.filter((p) => p.head && !p.head.clean).length;
  out.push(
    `**Summary:** ${rows} route change(s), ${others} other change(s); ${violations} provenance violation(s) at head; ${report.compliance.newFindings.length} new and ${report.compliance.resolvedFindings.length} resolved finding(s); ${head.errors} error(s) at head.`,
  );
  out.push("");

  // ---- 1. Routing ----
  out.push("### 1. Routing changes", "");
  const changedEnvs = report.routing.environments.filter((e) => e.status !== "unchanged");
  if (changedEnvs.length === 0 && report.routing.catalog.length === 0) out.push("No routing changes.", "");
  for (const env of changedEnvs) {
    out.push(
      `#### ${env.environment}${env.status === "added" ? " (new environment)" : env.status === "removed" ? " (environment removed)" : ""}`,
      "",
    );
    if (env.rows.length > 0) {
      out.push("| Task class | Before | After | Share of class traffic moved | Requests/day moved |", "|---|---|---|---:|---:|");
      for (const r of env.rows) {
        const rpd = r.requestsPerDayMoved === undefined ? "no traffic profile" : Math.round(r.requestsPerDayMoved).toLocaleString("en-US");
        out.push(
          `| ${cell(r.taskClass)}${r.kind === "added" ? " (new)" : r.kind === "removed" ? " (removed)" : ""} | ${cell(rowBefore(r))} | ${cell(rowAfter(r))} | ${r.movedPercent}% | ${rpd} |`,
        );
      }
      out.push("");
    }
    for (const o of env.other) out.push(`- ${describeChangeInEnvironment(o)}`);
    if (env.other.length > 0) out.push("");
  }
  if (report.routing.catalog.length > 0) {
    out.push("#### Catalog and task classes", "");
    for (const c of report.routing.catalog) out.push(`- ${describeChange(c)}`);
    out.push("");
  }

  // ---- 2. Compliance ----
  out.push("### 2. Compliance", "");
  if (report.compliance.provenance.length > 0) {
    out.push("Provenance-required task classes (every target and fallback must be licensed and non-distilled):", "");
    out.push("| Environment | Task class | Base | Head |", "|---|---|---|---|");
    for (const p of report.compliance.provenance)
      out.push(`| ${cell(p.environment)} | ${cell(p.taskClass)} | ${cell(provenanceCell(p.base))} | ${cell(provenanceCell(p.head))} |`);
    out.push("");
    // Evidence once per model, not once per cell.
    const evidence = new Map<string, string>();
    for (const p of report.compliance.provenance)
      for (const r of [...(p.base?.reach ?? []), ...(p.head?.reach ?? [])])
        evidence.set(r.model, `${r.clean ? "clean" : "not clean"}: ${r.provenance}`);
    out.push("Provenance of these models (evidence in parentheses):", "");
    for (const [m, text] of [...evidence].sort((a, b) => (a[0] < b[0] ? -1 : 1))) out.push(`- ${m}: ${text}`);
    out.push("");
  } else {
    out.push("No provenance-required task classes.", "");
  }
  if (report.compliance.acknowledgementsAdded.length > 0) {
    out.push("Availability acknowledgements added (unverified models deployed on someone's word; check it):", "");
    for (const a of report.compliance.acknowledgementsAdded) out.push(`- ${describeChange(a)}`);
    out.push("");
  }
  const listFindings = (title: string, list: readonly Finding[]) => {
    out.push(`${title} (${list.length}):`, "");
    if (list.length === 0) out.push("- none");
    for (const f of list.slice(0, MAX_FINDINGS_LISTED)) out.push(findingLine(f));
    if (list.length > MAX_FINDINGS_LISTED) out.push(`- … and ${list.length - MAX_FINDINGS_LISTED} more (run \`foundry-routes validate\`)`);
    out.push("");
  };
  listFindings("New policy findings", report.compliance.newFindings);
  listFindings("Resolved policy findings", report.compliance.resolvedFindings);

  // ---- 3. Infrastructure ----
  out.push("### 3. Infrastructure changes (from the synthesized Terraform JSON)", "");
  if (!report.infrastructure.available) {
    out.push(`Not available: ${report.infrastructure.note ?? "a side was not synthesized"}.`, "");
  } else {
    const changedStacks = report.infrastructure.stacks.filter((s) => s.status !== "unchanged");
    if (changedStacks.length === 0) out.push("No resource changes.", "");
    for (const s of changedStacks) {
      const count = (a: ResourceDiff["action"]) => s.resources.filter((r) => r.action === a).length;
      out.push(
        `#### Stack ${code(s.stack)}${s.status === "added" ? " (new)" : s.status === "removed" ? " (removed)" : ""}: ${count("replace")} to replace, ${count("delete")} to delete, ${count("create")} to create, ${count("update")} to update`,
        "",
      );
      const destructive = s.resources.filter((r) => r.action === "replace" || r.action === "delete");
      const rest = s.resources.filter((r) => r.action === "create" || r.action === "update");
      for (const r of destructive) out.push(...resourceLines(r));
      if (rest.length > 0) {
        if (destructive.length > 0) out.push("");
        out.push(`<details><summary>${rest.length} created or updated resource(s)</summary>`, "");
        for (const r of rest) out.push(...resourceLines(r));
        out.push("", "</details>");
      }
      out.push("");
    }
    out.push(
      "_Predicted from the configuration with the providers' ForceNew attributes (see docs/review.md); a Terraform plan against real state is authoritative._",
      "",
    );
  }

  // ---- 4. Cost ----
  out.push("### 4. Cost (monthly estimate)", "");
  const costRows = report.cost.environments.filter((e) => e.base || e.head);
  if (costRows.length === 0) {
    out.push("Not available: neither side could be loaded.", "");
  } else {
    out.push("| Environment | Base | Head | Delta | Head if vendor claims hold |", "|---|---:|---:|---:|---:|");
    for (const e of costRows) {
      const claims = e.head?.ifClaimsHold ? formatMoney(e.head.ifClaimsHold) : "—";
      out.push(
        `| ${cell(e.environment)} | ${e.base ? cell(formatMoney(e.base.total)) : "—"} | ${e.head ? cell(formatMoney(e.head.total)) : "—"} | ${cell(formatDelta(e.base?.total, e.head?.total))} | ${cell(claims)} |`,
      );
    }
    out.push("");
    for (const e of costRows) {
      const classes = [...new Set([...(e.base?.classes ?? []), ...(e.head?.classes ?? [])].map((c) => c.taskClass))].sort();
      if (classes.length === 0) continue;
      // Only classes whose estimate or split changes; the totals above cover the rest.
      const changed = classes.filter((id) => {
        const b = e.base?.classes.find((c) => c.taskClass === id);
        const h = e.head?.classes.find((c) => c.taskClass === id);
        return JSON.stringify(b ?? null) !== JSON.stringify(h ?? null);
      });
      if (changed.length === 0) continue;
      out.push(`<details><summary>${e.environment}: ${changed.length} task class(es) whose estimate changes</summary>`, "");
      out.push("| Task class | Base | Head | Head by target |", "|---|---:|---:|---|");
      for (const id of changed) {
        const b = e.base?.classes.find((c) => c.taskClass === id);
        const h = e.head?.classes.find((c) => c.taskClass === id);
        const byTarget = (h?.targets ?? [])
          .map(
            (t) =>
              `${t.deployment} ${t.weight}%: ${t.monthly === undefined ? (t.weight > 0 ? "*unknown*" : "$0.00") : formatUsd(t.monthly)}`,
          )
          .join("; ");
        out.push(
          `| ${cell(id)} | ${b ? cell(formatMoney(b.total)) : "—"} | ${h ? cell(formatMoney(h.total)) : "—"} | ${cell(byTarget || "—")} |`,
        );
      }
      const unprofiled = e.head?.unprofiled ?? [];
      if (unprofiled.length > 0) out.push("", `No traffic profile (not estimated): ${unprofiled.join(", ")}.`);
      out.push("", "</details>", "");
    }
    out.push(
      "_requestsPerDay × (inputTokens × input price + outputTokens × output price) × 30 days, split by target weight; fallbacks carry no traffic in the estimate; an unknown price is never counted as $0. Vendor efficiency claims are not applied to the estimate._",
      "",
    );
  }

  // ---- 5. Diagram ----
  out.push("### 5. Routing at head", "");
  if (report.diagrams.length === 0) out.push("Not available: head could not be loaded.", "");
  for (const d of report.diagrams) {
    const env = report.routing.environments.find((e) => e.environment === d.environment);
    const unchanged = env?.status === "unchanged" && !report.alerts.some((a) => a.environment === d.environment);
    if (unchanged) out.push(`<details><summary>${d.environment} (unchanged)</summary>`, "");
    else out.push(`#### ${d.environment}`, "");
    out.push("```mermaid", d.mermaid, "```", "");
    if (unchanged) out.push("</details>", "");
  }
  out.push(
    "_Solid edges: weighted targets; dashed: fallbacks in order. Orange: changed since base (edges, and deployments that are new, replaced or run another model). Red: breaks provenance for a class it serves._",
    "",
  );

  let text = out.join("\n");
  if (text.length > MAX_COMMENT_CHARS) {
    text = `${text.slice(0, MAX_COMMENT_CHARS)}\n\n…(cut to fit a GitHub comment; run \`foundry-routes review --format json\` for everything)\n`;
  }
  return text;
}
