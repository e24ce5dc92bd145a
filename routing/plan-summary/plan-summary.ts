// A reviewer's summary of a Terraform plan in Terraform's documented JSON format (`terraform show -json plan`):
// counts, deletions and replacements first, routing-relevant resources called out, changed attributes listed.
// Sensitive values never reach the output: values are masked through before_sensitive/after_sensitive, and as a
// second line of defence every sensitive value (and every value of a sensitive variable) is scrubbed from the text.
import { EXIT, UserError } from "../errors";

/** Bad input: not JSON, or not a Terraform JSON plan. The CLI prints the message and exits 2. */
export class PlanSummaryError extends UserError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

type PlanAction = "create" | "update" | "replace" | "delete" | "read" | "no-op" | "other";

interface PlanAttributeChange {
  /** e.g. `model.name` or `tags["cost-center"]`. */
  readonly path: string;
  /** Rendered value; `(sensitive)` or `(known after apply)` where it applies; undefined when absent. */
  readonly before?: string;
  readonly after?: string;
}

interface PlanResourceChange {
  readonly address: string;
  readonly type: string;
  readonly action: PlanAction;
  /** Terraform's own actions list, e.g. ["delete","create"]. */
  readonly actions: readonly string[];
  /** Whether the resource carries routing: model deployments, APIM policies, backends, named values. */
  readonly routing: boolean;
  /** Paths Terraform says force the replacement (replace_paths). */
  readonly replacePaths: readonly string[];
  readonly changes: readonly PlanAttributeChange[];
  /** Changed attributes beyond the listed ones. */
  readonly moreChanges: number;
}

interface PlanSummary {
  readonly terraformVersion?: string;
  readonly counts: Readonly<Record<"create" | "update" | "replace" | "delete", number>>;
  /** Deletions and replacements first, then the rest; each group sorted by address. */
  readonly resources: readonly PlanResourceChange[];
}

/** Attribute changes listed per resource before "… and N more". */
const MAX_CHANGES_PER_RESOURCE = 20;
const MAX_VALUE = 80;
const SENSITIVE = "(sensitive)";
const UNKNOWN = "(known after apply)";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

/** Parses plan JSON text; throws PlanSummaryError with one clear message. */
export function parsePlan(text: string, file = "plan.json"): Record<string, Json> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new PlanSummaryError(
      `${file} is not valid JSON (${(e as Error).message}); expected the output of "terraform show -json <planfile>"`,
    );
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new PlanSummaryError(
      `${file} is not a Terraform JSON plan: expected an object with format_version and resource_changes, found ${Array.isArray(data) ? "a list" : typeof data}`,
    );
  }
  const plan = data as Record<string, Json>;
  if (typeof plan.format_version !== "string") {
    throw new PlanSummaryError(
      `${file} is not a Terraform JSON plan: format_version is missing (expected the output of "terraform show -json <planfile>", not of "terraform plan")`,
    );
  }
  if (plan.resource_changes !== undefined && !Array.isArray(plan.resource_changes)) {
    throw new PlanSummaryError(`${file} is not a Terraform JSON plan: resource_changes must be a list`);
  }
  return plan;
}

const ROUTING_TYPES = new Set([
  "azurerm_cognitive_deployment",
  "azurerm_api_management_api_policy",
  "azurerm_api_management_api_operation_policy",
  "azurerm_api_management_policy",
  "azurerm_api_management_product_policy",
  "azurerm_api_management_backend",
  "azurerm_api_management_named_value",
]);
const ROUTING_AZAPI = [
  /^Microsoft\.CognitiveServices\/accounts\/deployments@/i,
  /^Microsoft\.ApiManagement\/service\/(backends|policies|apis\/policies|namedValues)@/i,
];

function isRouting(type: string, before: Json | undefined, after: Json | undefined): boolean {
  if (ROUTING_TYPES.has(type)) return true;
  if (type !== "azapi_resource") return false;
  const armType = [after, before]
    .map((v) => (v && typeof v === "object" && !Array.isArray(v) ? v.type : undefined))
    .find((t) => typeof t === "string");
  return typeof armType === "string" && ROUTING_AZAPI.some((re) => re.test(armType));
}

function classify(actions: readonly string[]): PlanAction {
  const key = actions.join(",");
  if (key === "create") return "create";
  if (key === "update") return "update";
  if (key === "delete") return "delete";
  if (key === "delete,create" || key === "create,delete") return "replace";
  if (key === "read") return "read";
  if (key === "no-op" || key === "") return "no-op";
  return "other";
}

/** Summarizes a parsed plan. */
export function summarizePlan(plan: Record<string, Json>): PlanSummary {
  const secrets = sensitiveValues(plan);
  const counts = { create: 0, update: 0, replace: 0, delete: 0 };
  const resources: PlanResourceChange[] = [];
  for (const rc of (plan.resource_changes ?? []) as Json[]) {
    if (!rc || typeof rc !== "object" || Array.isArray(rc)) continue;
    if (rc.mode === "data") continue;
    const change = (rc.change ?? {}) as Record<string, Json>;
    const actions = Array.isArray(change.actions) ? change.actions.map(String) : [];
    const action = classify(actions);
    if (action === "no-op" || action === "read") continue;
    if (action in counts) counts[action as keyof typeof counts]++;
    const type = String(rc.type ?? "");
    const before = change.before ?? undefined;
    const after = change.after ?? undefined;
    const all = action === "update" || action === "replace" ? attributeChanges(change, secrets) : [];
    resources.push({
      address: String(rc.address ?? `${type}.${String(rc.name ?? "")}`),
      type,
      action,
      actions,
      routing: isRouting(type, before, after),
      replacePaths: Array.isArray(change.replace_paths)
        ? change.replace_paths.map((p) => (Array.isArray(p) ? formatPath(p as Path) : String(p))).sort()
        : [],
      changes: all.slice(0, MAX_CHANGES_PER_RESOURCE),
      moreChanges: Math.max(0, all.length - MAX_CHANGES_PER_RESOURCE),
    });
  }
  const order: Record<PlanAction, number> = { delete: 0, replace: 0, update: 1, create: 2, other: 3, read: 4, "no-op": 5 };
  resources.sort((a, b) => order[a.action] - order[b.action] || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return { terraformVersion: typeof plan.terraform_version === "string" ? plan.terraform_version : undefined, counts, resources };
}

function attributeChanges(change: Record<string, Json>, secrets: readonly string[]): PlanAttributeChange[] {
  const before = change.before ?? null;
  const after = change.after ?? null;
  const sens = [change.before_sensitive, change.after_sensitive];
  const leaves = new Map<string, Path>();
  for (const root of [before, after]) for (const p of leafPaths(root)) leaves.set(JSON.stringify(p), p);
  for (const p of markedPaths(change.after_unknown)) leaves.set(JSON.stringify(p), p);
  const out: PlanAttributeChange[] = [];
  for (const path of [...leaves.values()]) {
    const b = valueAt(before, path);
    const a = valueAt(after, path);
    const unknown = isMarked(change.after_unknown, path);
    if (!unknown && JSON.stringify(b) === JSON.stringify(a)) continue;
    const sensitive = sens.some((s) => isMarked(s, path));
    out.push({
      path: formatPath(path),
      before: b === undefined ? undefined : sensitive ? SENSITIVE : show(b, secrets),
      after: unknown ? UNKNOWN : a === undefined ? undefined : sensitive ? SENSITIVE : show(a, secrets),
    });
  }
  return out.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

/** Leaf paths of a JSON value; empty objects and lists count as leaves. */
function leafPaths(v: Json | undefined, prefix: Path = []): Path[] {
  if (v !== null && typeof v === "object") {
    const entries: [string | number, Json][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
    if (entries.length === 0) return prefix.length === 0 ? [] : [prefix];
    return entries.flatMap(([k, x]) => leafPaths(x, [...prefix, k]));
  }
  return prefix.length === 0 ? [] : [prefix];
}

/** Paths marked `true` in a before_sensitive / after_sensitive / after_unknown structure. */
function markedPaths(mark: Json | undefined, prefix: Path = []): Path[] {
  if (mark === true) return prefix.length === 0 ? [] : [prefix];
  if (mark !== null && typeof mark === "object") {
    const entries: [string | number, Json][] = Array.isArray(mark) ? mark.map((x, i) => [i, x]) : Object.entries(mark);
    return entries.flatMap(([k, x]) => markedPaths(x, [...prefix, k]));
  }
  return [];
}

/** Whether `path` or any ancestor of it is marked `true`. */
function isMarked(mark: Json | undefined, path: Path): boolean {
  let m: Json | undefined = mark;
  for (let i = 0; ; i++) {
    if (m === true) return true;
    if (i === path.length || m === null || typeof m !== "object") return false;
    m = (m as Record<string | number, Json>)[path[i]!];
  }
}

function valueAt(v: Json | undefined, path: Path): Json | undefined {
  let cur: Json | undefined = v;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, Json>)[seg];
  }
  return cur;
}

/** JSON of a value, secrets scrubbed before truncation so that no prefix of one survives. */
function show(v: Json, secrets: readonly string[]): string {
  const s = scrub(JSON.stringify(v), secrets);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

function formatPath(path: Path): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Every sensitive value in the plan: values under sensitive marks, and values of sensitive variables. */
function sensitiveValues(plan: Record<string, Json>): string[] {
  const found = new Set<string>();
  const collect = (v: Json | undefined) => {
    if (v === undefined || v === null) return;
    if (typeof v === "object") {
      for (const x of Array.isArray(v) ? v : Object.values(v)) collect(x);
      return;
    }
    const s = String(v);
    // Short values (true, 1, ab) would scrub innocent text; they are masked by the structural check anyway.
    if (s.length >= 4) {
      found.add(s);
      const quoted = JSON.stringify(s).slice(1, -1);
      if (quoted !== s) found.add(quoted);
    }
  };
  for (const rc of (plan.resource_changes ?? []) as Json[]) {
    if (!rc || typeof rc !== "object" || Array.isArray(rc)) continue;
    const change = (rc.change ?? {}) as Record<string, Json>;
    for (const [valueKey, markKey] of [
      ["before", "before_sensitive"],
      ["after", "after_sensitive"],
    ] as const) {
      for (const p of markedPaths(change[markKey])) collect(valueAt(change[valueKey], p));
      if (change[markKey] === true) collect(change[valueKey]);
    }
  }
  const config = plan.configuration as Record<string, Json> | undefined;
  const rootVars = ((config?.root_module as Record<string, Json> | undefined)?.variables ?? {}) as Record<string, Json>;
  const values = (plan.variables ?? {}) as Record<string, Json>;
  for (const [name, decl] of Object.entries(rootVars)) {
    if (decl && typeof decl === "object" && !Array.isArray(decl) && decl.sensitive === true) {
      const v = values[name];
      collect(v && typeof v === "object" && !Array.isArray(v) ? v.value : undefined);
    }
  }
  // Longest first, so a secret that contains another is scrubbed whole.
  return [...found].sort((a, b) => b.length - a.length);
}

/** Markdown for a PR comment: counts, deletions and replacements first, routing resources marked. */
function renderPlanSummary(summary: PlanSummary, secrets: readonly string[] = []): string {
  const c = summary.counts;
  const lines: string[] = ["<!-- foundry-routes-plan-summary -->", "### Terraform plan", ""];
  lines.push(
    `**${c.create} to create, ${c.update} to update, ${c.replace} to replace, ${c.delete} to delete**${summary.terraformVersion ? ` (Terraform ${summary.terraformVersion})` : ""}`,
  );
  lines.push("");
  if (summary.resources.length === 0) {
    lines.push("No changes: the infrastructure matches the configuration.", "");
    return scrub(lines.join("\n"), secrets);
  }
  const destructive = summary.resources.filter((r) => r.action === "delete" || r.action === "replace");
  const rest = summary.resources.filter((r) => r.action !== "delete" && r.action !== "replace");
  if (destructive.length > 0) {
    const servingish = destructive.filter((r) => r.routing).length;
    lines.push("> [!CAUTION]");
    lines.push(
      `> **${destructive.length} resource(s) will be deleted or replaced**${servingish > 0 ? `, ${servingish} of them routing-relevant (model deployments or gateway routing)` : ""}. A replaced deployment is unavailable between its delete and its create.`,
    );
    lines.push("");
    lines.push("#### Deletions and replacements");
    lines.push("");
    for (const r of destructive) lines.push(...resourceLines(r));
    lines.push("");
  }
  const routing = rest.filter((r) => r.routing);
  const other = rest.filter((r) => !r.routing);
  if (routing.length > 0) {
    lines.push("#### Routing-relevant changes", "");
    for (const r of routing) lines.push(...resourceLines(r));
    lines.push("");
  }
  if (other.length > 0) {
    lines.push("#### Other changes", "");
    lines.push(`<details><summary>${other.length} resource(s)</summary>`, "");
    for (const r of other) lines.push(...resourceLines(r));
    lines.push("", "</details>", "");
  }
  return scrub(lines.join("\n"), secrets);
}

function resourceLines(r: PlanResourceChange): string[] {
  const tag = r.routing ? " · routing" : "";
  const forced = r.replacePaths.length > 0 ? ` — forced by ${r.replacePaths.map((p) => `\`${p}\``).join(", ")}` : "";
  const out = [`- **${r.action}** \`${r.address}\`${tag}${forced}`];
  for (const ch of r.changes) {
    out.push(`  - \`${ch.path}\`: ${ch.before ?? "(absent)"} → ${ch.after ?? "(absent)"}`);
  }
  if (r.moreChanges > 0) out.push(`  - … and ${r.moreChanges} more changed attribute(s)`);
  return out;
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join(SENSITIVE);
  return out;
}

/** Text in, Markdown out; throws PlanSummaryError on bad input. */
export function planSummaryMarkdown(text: string, file?: string): string {
  const plan = parsePlan(text, file);
  return renderPlanSummary(summarizePlan(plan), sensitiveValues(plan));
}
