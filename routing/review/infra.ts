// Infrastructure changes from two synthesized cdk.tf.json files: what Terraform would create, delete, update or
// replace, judged from the configuration alone (no state, no credentials). Pure functions over parsed JSON.
// A replacement is predicted from the providers' ForceNew attributes (forcenew.ts) and propagated: a resource
// whose ForceNew attribute refers to a replaced resource is replaced too (its value is unknown until apply).
import { forcingRule, knowsType, rulePath } from "./forcenew";

/** The parts of a Terraform JSON configuration this module reads. */
export interface TerraformJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
  readonly [key: string]: unknown;
}

type InfraAction = "create" | "delete" | "update" | "replace";

interface AttributeChange {
  /** e.g. `model.name`, `tags.owner`, `sku.capacity`. */
  readonly path: string;
  /** Short JSON of the value; undefined when absent on that side. */
  readonly before?: string;
  readonly after?: string;
  /** Set when this change forces replacement (with the rule's note, if conditional). */
  readonly forcesReplacement?: boolean;
}

/** Why a resource is replaced. */
type ReplacementCause =
  /** A ForceNew attribute changed (`note`: the condition of a conditional rule). */
  | { readonly kind: "attribute"; readonly path: string; readonly note?: string }
  /** A ForceNew attribute refers to `target`, which is replaced, so its value is unknown until apply. */
  | { readonly kind: "reference"; readonly path: string; readonly target: string };

const byPath = (p: ReplacementCause, q: ReplacementCause) =>
  p.path < q.path ? -1 : p.path > q.path ? 1 : p.kind < q.kind ? -1 : p.kind > q.kind ? 1 : 0;

export interface ResourceDiff {
  /** `<type>.<name>`. */
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly action: InfraAction;
  /** Changed attributes (update and replace), sorted by path. */
  readonly changes: readonly AttributeChange[];
  /** Why it is replaced: forcing attributes, or references to replaced resources; sorted by path. */
  readonly replacedBecause: readonly ReplacementCause[];
  /** True for an update of a type the ForceNew table does not cover: it may be a replacement. */
  readonly replacementUndetermined?: boolean;
}

export interface StackDiff {
  readonly stack: string;
  /** `added`/`removed`: the whole stack (environment) is new or gone. */
  readonly status: "added" | "removed" | "changed" | "unchanged";
  /** Replacements and deletions first, then creates, then updates; each sorted by address. */
  readonly resources: readonly ResourceDiff[];
}

/** Keys that are cdktf metadata or meta-arguments, not resource attributes. */
const IGNORED_KEYS = new Set(["//", "depends_on"]);
const MAX_VALUE = 60;

type Path = (string | number)[];

function resourcesOf(json: TerraformJson | undefined): Map<string, { type: string; name: string; body: Record<string, unknown> }> {
  const out = new Map<string, { type: string; name: string; body: Record<string, unknown> }>();
  for (const [type, byName] of Object.entries(json?.resource ?? {})) {
    for (const [name, body] of Object.entries(byName ?? {}))
      out.set(`${type}.${name}`, { type, name, body: (body ?? {}) as Record<string, unknown> });
  }
  return out;
}

function leaves(
  v: unknown,
  prefix: Path = [],
  out = new Map<string, { path: Path; value: unknown }>(),
): Map<string, { path: Path; value: unknown }> {
  if (v !== null && typeof v === "object") {
    const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v as Record<string, unknown>);
    const kept = entries.filter(([k]) => !(prefix.length === 0 && typeof k === "string" && IGNORED_KEYS.has(k)));
    if (kept.length === 0 && prefix.length > 0) out.set(JSON.stringify(prefix), { path: prefix, value: v });
    for (const [k, x] of kept) leaves(x, [...prefix, k], out);
    return out;
  }
  if (prefix.length > 0) out.set(JSON.stringify(prefix), { path: prefix, value: v });
  return out;
}

/** Display path: `model.name`, `sku[0].name`, `tags["cost-center"]`. */
function displayPath(path: Path): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function short(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  const s = JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

/** Diff of one stack's resources. `base`/`head` undefined = the stack does not exist on that side. */
export function diffStack(stack: string, base: TerraformJson | undefined, head: TerraformJson | undefined): StackDiff {
  const b = resourcesOf(base);
  const h = resourcesOf(head);
  const diffs = new Map<string, ResourceDiff>();
  const addresses = [...new Set([...b.keys(), ...h.keys()])].sort();
  for (const address of addresses) {
    const br = b.get(address);
    const hr = h.get(address);
    if (!br && hr) {
      diffs.set(address, { address, type: hr.type, name: hr.name, action: "create", changes: [], replacedBecause: [] });
      continue;
    }
    if (br && !hr) {
      diffs.set(address, { address, type: br.type, name: br.name, action: "delete", changes: [], replacedBecause: [] });
      continue;
    }
    if (!br || !hr) continue;
    const bl = leaves(br.body);
    const hl = leaves(hr.body);
    const changes: AttributeChange[] = [];
    const forcing: ReplacementCause[] = [];
    for (const key of [...new Set([...bl.keys(), ...hl.keys()])]) {
      const x = bl.get(key);
      const y = hl.get(key);
      if (x && y && JSON.stringify(x.value) === JSON.stringify(y.value)) continue;
      const path = (x ?? y)!.path;
      const rule = forcingRule(br.type, rulePath(path), x?.value, y?.value, { before: br.body, after: hr.body });
      const shown = displayPath(path);
      if (rule) forcing.push(rule.note ? { kind: "attribute", path: shown, note: rule.note } : { kind: "attribute", path: shown });
      changes.push({ path: shown, before: short(x?.value), after: short(y?.value), forcesReplacement: rule ? true : undefined });
    }
    if (changes.length === 0) continue;
    changes.sort((p, q) => (p.path < q.path ? -1 : p.path > q.path ? 1 : 0));
    const replaced = forcing.length > 0;
    diffs.set(address, {
      address,
      type: br.type,
      name: br.name,
      action: replaced ? "replace" : "update",
      changes,
      replacedBecause: forcing.sort(byPath),
      replacementUndetermined: !replaced && !knowsType(br.type) ? true : undefined,
    });
  }
  propagateReplacements(b, h, diffs);
  const order: Record<InfraAction, number> = { replace: 0, delete: 0, create: 1, update: 2 };
  const resources = [...diffs.values()].sort(
    (p, q) => order[p.action] - order[q.action] || (p.address < q.address ? -1 : p.address > q.address ? 1 : 0),
  );
  const status = !base && head ? "added" : base && !head ? "removed" : resources.length > 0 ? "changed" : "unchanged";
  return { stack, status, resources };
}

/**
 * A ForceNew attribute whose value refers to a replaced resource (`${type.name.attr}`) is unknown until apply,
 * so Terraform replaces its resource too. Repeats until nothing changes (chains: account → deployment).
 */
function propagateReplacements(
  base: Map<string, { type: string; body: Record<string, unknown> }>,
  head: Map<string, { type: string; name: string; body: Record<string, unknown> }>,
  diffs: Map<string, ResourceDiff>,
): void {
  let changed = true;
  while (changed) {
    changed = false;
    const replaced = [...diffs.values()].filter((d) => d.action === "replace").map((d) => d.address);
    if (replaced.length === 0) return;
    for (const [address, hr] of head) {
      if (!base.has(address)) continue;
      const current = diffs.get(address);
      if (current?.action === "replace") continue;
      const reasons: ReplacementCause[] = [];
      for (const { path, value } of leaves(hr.body).values()) {
        if (typeof value !== "string") continue;
        const target = replaced.find((r) => value.includes(`\${${r}.`));
        if (!target) continue;
        // Any value would do for `when`: the point is that the attribute is ForceNew and its value becomes unknown.
        const rule = forcingRule(hr.type, rulePath(path), undefined, "(unknown)", { before: base.get(address)!.body, after: hr.body });
        if (rule) reasons.push({ kind: "reference", path: displayPath(path), target });
      }
      if (reasons.length === 0) continue;
      diffs.set(address, {
        address,
        type: hr.type,
        name: hr.name,
        action: "replace",
        changes: current?.changes ?? [],
        replacedBecause: [...(current?.replacedBecause ?? []), ...reasons].sort(byPath),
      });
      changed = true;
    }
  }
}

/** `cognitive_account_id refers to azurerm_cognitive_account.x, which is replaced`. */
export function describeReference(r: Extract<ReplacementCause, { kind: "reference" }>): string {
  return `${r.path} refers to ${r.target}, which is replaced`;
}

/** Diffs every stack present on either side, sorted by stack name. */
export function diffStacks(
  base: ReadonlyMap<string, TerraformJson> | undefined,
  head: ReadonlyMap<string, TerraformJson> | undefined,
): StackDiff[] {
  const names = [...new Set([...(base?.keys() ?? []), ...(head?.keys() ?? [])])].sort();
  return names.map((n) => diffStack(n, base?.get(n), head?.get(n)));
}

/** Terraform address of a model deployment in a stack, found by logical id first and by Azure name second. */
export function findDeploymentAddress(json: TerraformJson | undefined, logicalId: string, deploymentName: string): string | undefined {
  const candidates: { address: string; name: string; logical: string }[] = [];
  for (const [type, byName] of Object.entries(json?.resource ?? {})) {
    for (const [logical, body] of Object.entries(byName ?? {})) {
      const armType = typeof body.type === "string" ? body.type : "";
      const isDeployment =
        type === "azurerm_cognitive_deployment" ||
        (type === "azapi_resource" && /^Microsoft\.CognitiveServices\/accounts\/deployments@/i.test(armType));
      if (isDeployment) candidates.push({ address: `${type}.${logical}`, name: String(body.name ?? ""), logical });
    }
  }
  const byLogical = candidates.find((c) => c.logical === logicalId);
  if (byLogical) return byLogical.address;
  const byName = candidates.filter((c) => c.name === deploymentName);
  return byName.length === 1 ? byName[0]!.address : undefined;
}
