// `which-commit`: from an `x-routing-version` header back to the commit that produced it and how long it was live.
import { quoted } from "../findings";
import { ROUTING_VERSION_LENGTH } from "../table/hash";
import { isoUtc } from "./dates";
import { AuditInputError } from "./errors";
import { person, short } from "./format";
import type { LoggedCommit } from "./log";
import { type AuditHistory, effectiveState } from "./walk";

interface VersionSpan {
  readonly environment: string;
  /** The full routing version. */
  readonly version: string;
  /** The first-parent commit that produced this version (again, for a later span). */
  readonly from: LoggedCommit;
  /** The next first-parent commit that changed this environment's version; undefined while still live. */
  readonly until?: LoggedCommit;
}

/** Lower-cased routing version or prefix; an AuditInputError when it cannot be one. */
export function normalizeRoutingVersion(input: string): string {
  const v = input
    .trim()
    .replace(/^["']|["']$/g, "")
    .toLowerCase();
  if (!new RegExp(`^[0-9a-f]{4,${ROUTING_VERSION_LENGTH}}$`).test(v)) {
    throw new AuditInputError(
      `${quoted(input)} is not a routing version (expected 4 to ${ROUTING_VERSION_LENGTH} hex digits, as in the x-routing-version response header, e.g. 3f9a0c1d2e4b)`,
    );
  }
  return v;
}

/**
 * Every span during which an environment's routing version started with `prefix`, in history order.
 * Throws AuditInputError when the prefix matches more than one version.
 */
export function findRoutingVersion(history: AuditHistory, prefix: string, environment?: string): VersionSpan[] {
  const spans: { environment: string; version: string; from: LoggedCommit; until?: LoggedCommit }[] = [];
  const open = new Map<string, (typeof spans)[number]>();
  const last = new Map<string, string | undefined>();
  for (const revision of history.revisions) {
    const state = effectiveState(history, revision.index);
    const envs = new Set([...last.keys(), ...(state?.environments.keys() ?? [])]);
    for (const env of [...envs].sort()) {
      if (environment !== undefined && env !== environment) continue;
      const v = state?.environments.get(env)?.version;
      if (v === last.get(env)) continue;
      last.set(env, v);
      const o = open.get(env);
      if (o) {
        o.until = revision.commit;
        open.delete(env);
      }
      if (v !== undefined && v.startsWith(prefix)) {
        const span = { environment: env, version: v, from: revision.commit };
        spans.push(span);
        open.set(env, span);
      }
    }
  }
  const versions = [...new Set(spans.map((s) => s.version))].sort();
  if (versions.length > 1) {
    throw new AuditInputError(`routing version "${prefix}" is ambiguous: it matches ${versions.join(", ")}; give more digits`);
  }
  return spans;
}

export function renderWhichCommitText(spans: readonly VersionSpan[]): string {
  const lines: string[] = [];
  const byEnv = new Map<string, VersionSpan[]>();
  for (const s of spans) byEnv.set(s.environment, [...(byEnv.get(s.environment) ?? []), s]);
  for (const [env, list] of byEnv) {
    const first = list[0]!; // every list has at least the span that created it

    lines.push(`routing version ${first.version} (environment ${env})`);
    lines.push(
      `  first produced by ${short(first.from.sha)}, ${isoUtc(first.from.committerDate)}, ${person(first.from.author)}: ${first.from.subject}`,
    );
    for (const s of list) {
      const end = s.until
        ? `${isoUtc(s.until.committerDate)} (replaced by ${short(s.until.sha)}, ${s.until.author.name}: ${s.until.subject})`
        : "still live";
      lines.push(`  live from ${isoUtc(s.from.committerDate)} (${short(s.from.sha)}) until ${end}`);
    }
  }
  return lines.join("\n") + "\n";
}

export function whichCommitJson(history: AuditHistory, spans: readonly VersionSpan[]) {
  const c = (x: LoggedCommit) => ({ commit: x.sha, committerDate: isoUtc(x.committerDate), author: x.author, subject: x.subject });
  return {
    ref: history.ref,
    head: history.sha,
    spans: spans.map((s) => ({
      environment: s.environment,
      routingVersion: s.version,
      from: c(s.from),
      until: s.until ? c(s.until) : undefined,
      live: s.until === undefined,
    })),
  };
}
