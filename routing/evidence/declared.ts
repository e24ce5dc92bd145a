// The routing a record was served under: its routing_version, looked up in the git history of config/ (as
// `which-commit` does: every state of the first-parent line, hashed as the gateway hashes it), then in the head
// config (the working tree, for a change not committed yet). A version found in neither is unknown.
import type { RoutingConfig } from "../config/loader";
import type { AuditHistory } from "../audit/walk";
import type { LoggedCommit } from "../audit/log";
import { routingVersion } from "../table/hash";
import { type RoutingTable, routingTable } from "../table/table";

export type DeclaredSource =
  /** The first first-parent commit whose config produced the version. */
  | { readonly kind: "commit"; readonly commit: LoggedCommit }
  /** The config in the working tree (no commit produced it, or there is no git history). */
  | { readonly kind: "head" };

export interface DeclaredRouting {
  readonly environment: string;
  readonly routingVersion: string;
  readonly table: RoutingTable;
  readonly source: DeclaredSource;
}

export interface VersionIndex {
  /** The routing behind a version of an environment, or undefined when no commit and not the head config made it. */
  lookup(environment: string, version: string): DeclaredRouting | undefined;
  /** Environments any known state declares, sorted. */
  readonly environments: readonly string[];
  /** Where the index looked, for the report, e.g. "first-parent history of HEAD (6 commits touching config/) and the working tree". */
  readonly searched: string;
}

/**
 * Every routing version of `history` (first commit producing it wins) and then of `head`.
 * Either may be undefined: no git repository, or a working tree whose config does not load.
 */
export function versionIndex(
  history: AuditHistory | undefined,
  head: RoutingConfig | undefined,
  headNote = "the working tree",
): VersionIndex {
  const byKey = new Map<string, DeclaredRouting>();
  const envs = new Set<string>();
  const key = (env: string, v: string) => `${env}\0${v}`;
  for (const revision of history?.revisions ?? []) {
    for (const [env, state] of revision.state.environments) {
      envs.add(env);
      const k = key(env, state.version);
      if (!byKey.has(k))
        byKey.set(k, {
          environment: env,
          routingVersion: state.version,
          table: state.table,
          source: { kind: "commit", commit: revision.commit },
        });
    }
  }
  for (const env of head?.environments ?? []) {
    envs.add(env.name);
    const table = routingTable(head!, env);
    const v = routingVersion(table);
    if (!byKey.has(key(env.name, v)))
      byKey.set(key(env.name, v), { environment: env.name, routingVersion: v, table, source: { kind: "head" } });
  }
  const where = [
    history ? `the first-parent history of ${history.ref} (${history.revisions.length} commit(s) touching config/)` : undefined,
    head ? headNote : undefined,
  ].filter((s) => s !== undefined);
  return {
    lookup: (env, v) => byKey.get(key(env, v.toLowerCase())),
    environments: [...envs].sort(),
    searched: where.length > 0 ? where.join(" and ") : "nothing (no git history and no loadable config)",
  };
}
