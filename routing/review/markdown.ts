// The review as Markdown for one pull-request comment. It starts with a hidden marker so CI can find and update
// the comment in place. Deletions and replacements of serving deployments come first, above everything else.
// One function per section; when the comment is too long, sections give way whole (see SHORTEN_ORDER), never cut.
import { formatDelta, formatMoney, formatUsd } from "./cost";
import { type Finding, formatFinding } from "../findings";
import type { ProvenanceSide } from "./compliance";
import { type ResourceDiff, describeReference } from "./infra";
import type { ReviewReport, RouteChangeRow, ServingAlert, TrafficUse } from "./index";
import { type EvidenceCheck, percent } from "../evals/gate";
import { describeChange, describeChangeInEnvironment, routerText, split } from "../changes/describe";

/** First line of every review comment; CI finds the comment to update by it. */
export const REVIEW_MARKER = "<!-- foundry-routes-review -->";

/** GitHub rejects a comment body over 65,536 characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** The review's budget: below GitHub's limit, leaving room for the plan summary the CI plan job appends. */
export const MAX_COMMENT_CHARS = 60_000;
const MAX_FINDINGS_LISTED = 30;
const MAX_CHANGES_PER_RESOURCE = 12;
/** Eval-gate lines shown per environment under its route table. */
const MAX_GATE_LINES = 20;

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
  if (r.kind === "router") return `${r.deployment}: router ${routerText(r.before)}`;
  return r.kind === "renamed" ? `(as ${r.from})` : r.kind === "added" ? NO_ROUTE : split(r.before, NO_ROUTE);
}

function rowAfter(r: RouteChangeRow): string {
  if (r.kind === "router") return `${r.deployment}: router ${routerText(r.after)}`;
  return r.kind === "renamed" ? "unchanged" : r.kind === "removed" ? NO_ROUTE : split(r.after, NO_ROUTE);
}

const GATE_MARK: Readonly<Record<EvidenceCheck["status"], string>> = {
  ok: "evidence ok",
  missing: "no evidence",
  "below-threshold": "**below threshold**",
  stale: "**stale evidence**",
  tampered: "**tampered evidence**",
};

/** `- general-chat eus2/gpt-4o 0% → 50%: pass rate 100% (min 90%), evaluated 2026-12-01, `evals/…json``. */
function evidenceLine(c: EvidenceCheck): string {
  const level = c.status === "ok" ? "" : c.status === "missing" && !c.required ? " (warning)" : " (error)";
  const rate = c.passRate === undefined ? "" : `pass rate ${percent(c.passRate)} (min ${percent(c.minPassRate)})`;
  const when =
    c.evaluatedAt === undefined
      ? ""
      : `, evaluated ${c.evaluatedAt.slice(0, 10)}${c.ageDays === undefined ? "" : ` (${c.ageDays} days ago)`}`;
  const detail = c.status === "ok" ? `${rate}${when}` : `${c.problem ?? ""}${rate ? `; ${rate}` : ""}`;
  return `- Eval gate ${cell(c.taskClass)} ${code(c.deployment)} ${c.before}% → ${c.after}%: ${GATE_MARK[c.status]}${level}: ${detail.replace(c.evidenceFile, "").trim()} — ${code(c.evidenceFile)}`;
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

/** Lines of a comment part as text; every part ends with a blank line, so parts join with "\n". */
const text = (lines: readonly string[]): string => lines.join("\n");

type SectionId = "caution" | "routing" | "compliance" | "infrastructure" | "cost" | "replay" | "diagram";

/** A part of the comment that may give way: whole, shortened to a line of counts, or omitted with a note. */
interface Section {
  readonly id: SectionId;
  /** Names the section in the note that says what was shortened. */
  readonly title: string;
  readonly full: string;
  readonly short: string;
  readonly omitted: string;
}

/**
 * When the comment is too long, sections switch to their short form in this order, least important first, and
 * then, in the same order, are omitted with a one-line note. The diagram repeats section 1 as a picture; the cost is
 * an estimate; the infrastructure diff is a prediction the plan job replaces, and its deletions and replacements of
 * serving deployments are repeated in the caution block; routing changes are what the pull request is about;
 * compliance decides whether it may merge; the caution block is the last to go. The title, the notes about errors
 * and the summary are always kept (a few lines each).
 */
const SHORTEN_ORDER: readonly SectionId[] = ["diagram", "cost", "replay", "infrastructure", "routing", "compliance", "caution"];

/** How to get what a shortened comment leaves out: the same review, run locally. */
function fullReportCommand(report: ReviewReport): string {
  const headArg = report.head.sha ? ` --head ${report.head.label}` : "";
  return code(`foundry-routes review --base ${report.base.label}${headArg}`);
}

const heading = (title: string) => `### ${title}`;

/** A short form's pointer; the command itself is given once, in the note under the summary. */
const SEE_NOTE = "_Too long for this comment: the note under the summary says how to see all of it._";

/** A section under a `### title` heading; its short form keeps the heading and says where the rest is. */
function headed(id: SectionId, title: string, full: readonly string[], counts: string): Section {
  return {
    id,
    title,
    full: text(full),
    short: text([heading(title), "", `${counts} ${SEE_NOTE}`, ""]),
    omitted: text([`_${title}: omitted to fit a GitHub comment._`, ""]),
  };
}

function titleLines(report: ReviewReport): string[] {
  return [REVIEW_MARKER, "## foundry-routes review", "", `Base ${revision(report.base)} → head ${revision(report.head)}.`, ""];
}

/** Serving deployments deleted or replaced: first and loud, even when shortened. */
function cautionSection(report: ReviewReport): Section | undefined {
  const alerts = report.alerts;
  if (alerts.length === 0) return undefined;
  const headline = `> **${alerts.length} deployment(s) that serve traffic at base are deleted or replaced.**`;
  const full = ["> [!CAUTION]", `${headline} Requests routed to them fail (or go to fallbacks) until the change completes.`, ">"];
  for (const a of alerts) full.push(...alertLines(a));
  full.push("");
  const deleted = alerts.filter((a) => a.action === "deleted").length;
  const envs = [...new Set(alerts.map((a) => a.environment))].sort().join(", ");
  return {
    id: "caution",
    title: "Serving deployments deleted or replaced",
    full: text(full),
    short: text(["> [!CAUTION]", `${headline} ${deleted} deleted, ${alerts.length - deleted} replaced, in ${envs}. ${SEE_NOTE}`, ""]),
    omitted: text(["> [!CAUTION]", `${headline} Details omitted to fit a GitHub comment.`, ""]),
  };
}

function headErrorLines(report: ReviewReport): string[] {
  const { head } = report;
  if (head.errors === 0) return [];
  return [
    "> [!WARNING]",
    `> **Head has ${head.errors} policy error(s)**: this change cannot be synthesized or deployed as is.`,
    ...head.firstErrors.map((e) => `> - ${code(e)}`),
    "",
  ];
}

function baseNoteLines(report: ReviewReport): string[] {
  const { base } = report;
  if (base.errors === 0 && base.loaded) return [];
  return [
    "> [!NOTE]",
    base.loaded
      ? `> Base has ${base.errors} error(s) under today's rules; it was compared as loaded but not synthesized.`
      : `> Base config could not be loaded (${base.errors} YAML/schema error(s)); changes are shown against an empty base and base was not synthesized.`,
    ...base.firstErrors.slice(0, 3).map((e) => `> - ${code(e)}`),
    "",
  ];
}

function routeRowCount(report: ReviewReport): number {
  return report.routing.environments.reduce((n, e) => n + e.rows.length, 0);
}

function otherChangeCount(report: ReviewReport): number {
  return report.routing.environments.reduce((n, e) => n + e.other.length, 0) + report.routing.catalog.length;
}

function summaryLines(report: ReviewReport): string[] {
  const violations = report.compliance.provenance.filter((p) => p.head && !p.head.clean).length;
  return [
    `**Summary:** ${routeRowCount(report)} route change(s), ${otherChangeCount(report)} other change(s); ${violations} provenance violation(s) at head; ${report.compliance.newFindings.length} new and ${report.compliance.resolvedFindings.length} resolved finding(s); ${report.head.errors} error(s) at head.`,
    "",
  ];
}

function routingSection(report: ReviewReport): Section {
  const title = "1. Routing changes";
  const out = [heading(title), ""];
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
      // Problems first (errors, then warnings), then passing checks; at most MAX_GATE_LINES per environment.
      const rank = (c: EvidenceCheck) => (c.status === "ok" ? 2 : c.status === "missing" && !c.required ? 1 : 0);
      const gate = env.rows.flatMap((r) => r.evidence ?? []).sort((a, b) => rank(a) - rank(b));
      for (const c of gate.slice(0, MAX_GATE_LINES)) out.push(evidenceLine(c));
      if (gate.length > MAX_GATE_LINES)
        out.push(`- Eval gate: … and ${gate.length - MAX_GATE_LINES} more check(s) (\`foundry-routes review --format json\` lists all)`);
      if (gate.length > 0) out.push("");
    }
    for (const o of env.other) out.push(`- ${describeChangeInEnvironment(o)}`);
    if (env.other.length > 0) out.push("");
  }
  if (report.routing.catalog.length > 0) {
    out.push("#### Catalog and task classes", "");
    for (const c of report.routing.catalog) out.push(`- ${describeChange(c)}`);
    out.push("");
  }
  const perEnv = changedEnvs.map((e) => `${e.environment} ${e.rows.length} route / ${e.other.length} other`);
  if (report.routing.catalog.length > 0) perEnv.push(`catalog and task classes ${report.routing.catalog.length}`);
  const counts = `${routeRowCount(report)} route change(s) and ${otherChangeCount(report)} other change(s)${perEnv.length > 0 ? ` (${perEnv.join("; ")})` : ""}.`;
  return headed("routing", title, out, counts);
}

function complianceSection(report: ReviewReport): Section {
  const { compliance } = report;
  const title = "2. Compliance";
  const out = [heading(title), ""];
  if (compliance.provenance.length > 0) {
    out.push("Provenance-required task classes (every target and fallback must be licensed and non-distilled):", "");
    out.push("| Environment | Task class | Base | Head |", "|---|---|---|---|");
    for (const p of compliance.provenance)
      out.push(`| ${cell(p.environment)} | ${cell(p.taskClass)} | ${cell(provenanceCell(p.base))} | ${cell(provenanceCell(p.head))} |`);
    out.push("");
    // Evidence once per model, not once per cell.
    const evidence = new Map<string, string>();
    for (const p of compliance.provenance)
      for (const r of [...(p.base?.reach ?? []), ...(p.head?.reach ?? [])])
        evidence.set(r.model, `${r.clean ? "clean" : "not clean"}: ${r.provenance}`);
    out.push("Provenance of these models (evidence in parentheses):", "");
    for (const [m, line] of [...evidence].sort((a, b) => (a[0] < b[0] ? -1 : 1))) out.push(`- ${m}: ${line}`);
    out.push("");
  } else {
    out.push("No provenance-required task classes.", "");
  }
  if (compliance.acknowledgementsAdded.length > 0) {
    out.push("Availability acknowledgements added (unverified models deployed on someone's word; check it):", "");
    for (const a of compliance.acknowledgementsAdded) out.push(`- ${describeChange(a)}`);
    out.push("");
  }
  const listFindings = (title: string, list: readonly Finding[]) => {
    out.push(`${title} (${list.length}):`, "");
    if (list.length === 0) out.push("- none");
    for (const f of list.slice(0, MAX_FINDINGS_LISTED)) out.push(findingLine(f));
    if (list.length > MAX_FINDINGS_LISTED) out.push(`- … and ${list.length - MAX_FINDINGS_LISTED} more (run \`foundry-routes validate\`)`);
    out.push("");
  };
  listFindings("New policy findings", compliance.newFindings);
  listFindings("Resolved policy findings", compliance.resolvedFindings);
  // Every gate check is shown next to its route change (routing section); errors are listed here as well.
  const gateErrors = compliance.evalFindings.filter((f) => f.level === "error");
  if (gateErrors.length > 0) listFindings("Eval gate errors (docs/evals.md)", gateErrors);
  const violations = compliance.provenance.filter((p) => p.head && !p.head.clean).length;
  const counts = `${compliance.provenance.length} provenance-required route(s), ${violations} with a violation at head; ${compliance.acknowledgementsAdded.length} availability acknowledgement(s) added; ${compliance.newFindings.length} new and ${compliance.resolvedFindings.length} resolved policy finding(s).`;
  return headed("compliance", title, out, counts);
}

function infrastructureSection(report: ReviewReport): Section {
  const title = "3. Infrastructure changes (from the synthesized Terraform JSON)";
  const out = [heading(title), ""];
  const changedStacks = report.infrastructure.stacks.filter((s) => s.status !== "unchanged");
  const count = (resources: readonly ResourceDiff[], a: ResourceDiff["action"]) => resources.filter((r) => r.action === a).length;
  const counts = (resources: readonly ResourceDiff[]) =>
    `${count(resources, "replace")} to replace, ${count(resources, "delete")} to delete, ${count(resources, "create")} to create, ${count(resources, "update")} to update`;
  if (!report.infrastructure.available) {
    out.push(`Not available: ${report.infrastructure.note ?? "a side was not synthesized"}.`, "");
  } else {
    if (changedStacks.length === 0) out.push("No resource changes.", "");
    for (const s of changedStacks) {
      out.push(
        `#### Stack ${code(s.stack)}${s.status === "added" ? " (new)" : s.status === "removed" ? " (removed)" : ""}: ${counts(s.resources)}`,
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
  const all = changedStacks.flatMap((s) => s.resources);
  return headed("infrastructure", title, out, `${changedStacks.length} stack(s) change: ${counts(all)}.`);
}

function costSection(report: ReviewReport): Section {
  const title = "4. Cost (monthly estimate)";
  const out = [heading(title), ""];
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
    for (const e of costRows) out.push(...costDetailLines(e));
    out.push(
      "_requestsPerDay × (inputTokens × input price + outputTokens × output price) × 30 days, split by target weight; fallbacks carry no traffic in the estimate; an unknown price is never counted as $0. Vendor efficiency claims are not applied to the estimate._",
      "",
    );
  }
  const totals = costRows.map(
    (e) =>
      `${e.environment} ${e.base ? formatMoney(e.base.total) : "—"} → ${e.head ? formatMoney(e.head.total) : "—"} (${formatDelta(e.base?.total, e.head?.total)})`,
  );
  const counts = totals.length === 0 ? "Not available." : `Monthly estimate, base → head: ${totals.join("; ")}.`;
  return headed("cost", title, out, counts);
}

type CostRow = ReviewReport["cost"]["environments"][number];

/** The task classes of one environment whose estimate or split changes, folded; the totals cover the rest. */
function costDetailLines(e: CostRow): string[] {
  const classes = [...new Set([...(e.base?.classes ?? []), ...(e.head?.classes ?? [])].map((c) => c.taskClass))].sort();
  const changed = classes.filter((id) => {
    const b = e.base?.classes.find((c) => c.taskClass === id);
    const h = e.head?.classes.find((c) => c.taskClass === id);
    return JSON.stringify(b ?? null) !== JSON.stringify(h ?? null);
  });
  if (changed.length === 0) return [];
  const out = [`<details><summary>${e.environment}: ${changed.length} task class(es) whose estimate changes</summary>`, ""];
  out.push("| Task class | Base | Head | Head by target |", "|---|---:|---:|---|");
  for (const id of changed) {
    const b = e.base?.classes.find((c) => c.taskClass === id);
    const h = e.head?.classes.find((c) => c.taskClass === id);
    const byTarget = (h?.targets ?? [])
      .map(
        (t) => `${t.deployment} ${t.weight}%: ${t.monthly === undefined ? (t.weight > 0 ? "*unknown*" : "$0.00") : formatUsd(t.monthly)}`,
      )
      .join("; ");
    out.push(
      `| ${cell(id)} | ${b ? cell(formatMoney(b.total)) : "—"} | ${h ? cell(formatMoney(h.total)) : "—"} | ${cell(byTarget || "—")} |`,
    );
  }
  const unprofiled = e.head?.unprofiled ?? [];
  if (unprofiled.length > 0) out.push("", `No traffic profile (not estimated): ${unprofiled.join(", ")}.`);
  out.push("", "</details>", "");
  return out;
}

/** Recorded requests replayed through head routing: what moves, what it costs, what no longer fits. */
function replaySection(replay: NonNullable<ReviewReport["replay"]>): Section {
  const title = "Replay of recorded usage";
  const r = replay.report;
  const total = r.classes.reduce((s, c) => s + c.requests, 0);
  const moved = r.classes.reduce((s, c) => s + c.moved, 0);
  const n = (x: number) => x.toLocaleString("en-US");
  const money = (x: number) => `${x < 0 ? "−" : "+"}$${Math.abs(x).toFixed(2)}`;
  const out = [
    heading(title),
    "",
    `${n(total)} recorded request(s) over ${replay.days} day(s) from ${code(replay.file)}, replayed through head routing ` +
      "and base routing alike (records carry no sticky key, so each class's requests are spread over the buckets by weight, and a move is a change of routing).",
    "",
  ];
  const changed = r.classes.filter((c) => c.moved > 0 || (c.overContext ?? 0) > 0);
  if (changed.length === 0) out.push("No recorded request would be served by another deployment.", "");
  else {
    out.push(
      "| Environment | Task class | Requests | Moved | From → to | Cost delta (recorded period) | Prompts over the head target's context |",
    );
    out.push("|---|---|---:|---:|---|---:|---:|");
    for (const c of changed) {
      const moves = c.moves.map((m) => `${m.from} → ${m.to} (${n(m.requests)})`).join("<br>") || "—";
      const cost =
        c.unpricedMoves === 0
          ? money(c.costDelta)
          : c.unpricedMoves >= c.moved
            ? "unknown (no catalog price)"
            : `${money(c.costDelta)} + unknown for ${n(c.unpricedMoves)}`;
      out.push(
        `| ${cell(c.environment)} | ${cell(c.taskClass)} | ${n(c.requests)} | ${n(c.moved)} | ${cell(moves)} | ${cost} | ${c.overContext === undefined ? "—" : n(c.overContext)} |`,
      );
    }
    out.push("");
  }
  const tight = r.capacity.filter((c) => !c.fits);
  if (r.capacity.length > 0) {
    out.push(
      tight.length === 0
        ? "Capacity: every head deployment holds its projected peak (recorded busiest minutes × head shares)."
        : "Capacity: these head deployments would not hold the recorded peak (busiest minute per class × head share):",
      "",
    );
    if (tight.length > 0) {
      out.push("| Environment | Deployment | Capacity | Projected peak |", "|---|---|---:|---:|");
      for (const c of tight)
        out.push(`| ${cell(c.environment)} | ${cell(c.deployment)} | ${n(c.capacityKTpm * 1000)} TPM | ${n(c.projectedPeakTpm)} TPM |`);
      out.push("");
    }
  } else if (r.form === "aggregated")
    out.push("Capacity and context-window checks need raw records (aggregated rows have no minutes or prompt sizes).", "");
  return headed("replay", title, out, `${n(moved)} of ${n(total)} recorded request(s) would move.`);
}

function diagramSection(report: ReviewReport): Section {
  const title = "5. Routing at head";
  const out = [heading(title), ""];
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
  const envs = report.diagrams.map((d) => d.environment).join(", ");
  const counts =
    report.diagrams.length === 0 ? "Not available." : `${report.diagrams.length} Mermaid diagram(s) of head routing (${envs}).`;
  return headed("diagram", title, out, counts);
}

type Form = "full" | "short" | "omitted";

function shorteningNote(report: ReviewReport, sections: readonly Section[], forms: ReadonlyMap<SectionId, Form>): string[] {
  const named = (form: Form) => sections.filter((s) => forms.get(s.id) === form).map((s) => s.title);
  const shortened = named("short");
  const omitted = named("omitted");
  if (shortened.length + omitted.length === 0) return [];
  const what = [
    shortened.length > 0 ? `summarized: ${shortened.join(", ")}` : undefined,
    omitted.length > 0 ? `omitted: ${omitted.join(", ")}` : undefined,
  ].filter((x) => x !== undefined);
  return [
    `_This comment was shortened to fit GitHub's ${GITHUB_COMMENT_LIMIT.toLocaleString("en-US")}-character limit (${what.join("; ")}). Run ${fullReportCommand(report)} for the full report._`,
    "",
  ];
}

/** Renders the report; over `limit` characters, sections give way whole in SHORTEN_ORDER. */
export function renderMarkdown(report: ReviewReport, limit: number = MAX_COMMENT_CHARS): string {
  const caution = cautionSection(report);
  const body = [
    routingSection(report),
    complianceSection(report),
    infrastructureSection(report),
    costSection(report),
    ...(report.replay ? [replaySection(report.replay)] : []),
    diagramSection(report),
  ];
  const sections = caution ? [caution, ...body] : body;
  const forms = new Map<SectionId, Form>(sections.map((s) => [s.id, "full"]));
  const compose = () => {
    const pick = (s: Section) => s[forms.get(s.id) ?? "full"];
    return [
      text(titleLines(report)),
      ...(caution ? [pick(caution)] : []),
      text(headErrorLines(report)),
      text(baseNoteLines(report)),
      text(summaryLines(report)),
      text(shorteningNote(report, sections, forms)),
      ...body.map(pick),
    ]
      .filter((part) => part !== "")
      .join("\n");
  };
  let out = compose();
  for (const form of ["short", "omitted"] as const) {
    for (const id of SHORTEN_ORDER) {
      if (out.length <= limit) return out;
      const s = sections.find((x) => x.id === id);
      // Switch only when it makes the comment shorter: a one-line "not available" stays as it is.
      if (!s || s[form].length >= s[forms.get(id)!].length) continue;
      forms.set(id, form);
      out = compose();
    }
  }
  return out;
}
