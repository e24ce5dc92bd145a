// Replays the first-parent history of config/ forward and parses every distinct state once.
// The three audit questions (history, at, which-commit) are pure functions over the result.
import type { Finding } from "../findings";
import { isRegularFileMode, locateProject, readBlobs, readSmallBlobs, refusedEntry, resolveRev } from "../../io/git";
import { MAX_EVIDENCE_FILE_BYTES, oversizedEvidence } from "../evals/evidence";
import {
  CONFIG_DIR,
  type ConfigFileContent,
  type ConfigFiles,
  ENVIRONMENTS_DIR,
  type LoadResult,
  MODELS_FILE,
  type ParseCache,
  type RoutingConfig,
  TASK_CLASSES_FILE,
  loadConfig,
} from "../config/loader";
import { routingVersion } from "../table/hash";
import { type RoutingTable, routingTable } from "../table/table";
import { validateLoaded } from "../validate";
import { type ConfigCommit, type LoggedCommit, type MergedCommit, firstParentConfigLog, mergedCommits } from "./log";

/**
 * How the CURRENT loader and schema read a revision:
 * - `valid`: loads; a routing state (whether it also passes the current policy rules is `policyErrors`);
 * - `invalid`: the YAML parses but the schema refuses it (a misspelt key, a missing file);
 * - `unparseable`: the YAML itself is broken.
 * Neither of the last two is a routing state: the last valid state stays in effect across them (docs/audit.md).
 */
export type RevisionStatus = "valid" | "invalid" | "unparseable";

interface EnvironmentState {
  readonly table: RoutingTable;
  /** routingVersion(table): what the gateway sends as `x-routing-version`. */
  readonly version: string;
}

export interface ConfigState {
  readonly status: RevisionStatus;
  /** Why the revision is invalid or unparseable; empty when valid. */
  readonly errors: readonly Finding[];
  /** Undefined unless valid. */
  readonly config?: RoutingConfig;
  /** Per environment, sorted by name; empty unless valid. */
  readonly environments: ReadonlyMap<string, EnvironmentState>;
  /**
   * Unsuppressed errors of the current policy rules (routing/validate.ts), computed on first access: rules evolve, so
   * an old revision that breaks today's rules is still what was on main (and may have been deployed). Empty unless valid.
   */
  readonly policyErrors: readonly Finding[];
}

export interface Revision {
  /** Position on the first-parent line of config commits, oldest = 0. */
  readonly index: number;
  readonly commit: ConfigCommit;
  /** Config files (loader paths) → blob ids after this commit. */
  readonly tree: ReadonlyMap<string, string>;
  /** This commit's own config. */
  readonly state: ConfigState;
  /** Index of the revision whose config is in effect after this commit: itself when valid, else the last valid one; -1 when none yet. */
  readonly effective: number;
  /** For merges: the commits of the merged branch, oldest first. */
  readonly merged?: readonly MergedCommit[];
  /** The eval evidence files (`evals/**.json`) in the tree of this commit, by path. */
  readonly evidence: ReadonlyMap<string, EvidenceBlob>;
}

/** One evidence file at a commit: its blob, and the first-parent commit that gave the path this content. */
export interface EvidenceBlob {
  readonly blob: string;
  /** May be a commit that changed only evals/ (no revision of its own). */
  readonly since: LoggedCommit;
}

export interface AuditHistory {
  /** Repository top level. */
  readonly repo: string;
  /** Path of the project inside the repository ("" or e.g. "infra/"), so config/ is `<prefix>config/`. */
  readonly prefix: string;
  /** The ref as given, and the commit it named. */
  readonly ref: string;
  readonly sha: string;
  /** Oldest first. */
  readonly revisions: readonly Revision[];
  /**
   * The text of every evidence blob some revision holds, by blob id; a blob over MAX_EVIDENCE_FILE_BYTES is not read
   * and stands as oversizedEvidence(size), so reading evidence never costs more than the limit per file.
   */
  readonly evidenceTexts: ReadonlyMap<string, string>;
}

// Everything under config/: the loader refuses what synth would refuse on disk (an unexpected file, a link, a
// submodule, bytes that are not UTF-8), so such a revision is listed with its errors, never read as routing.
function isConfigFile(path: string): boolean {
  return path.startsWith(`${CONFIG_DIR}/`) || path === CONFIG_DIR;
}

/** Walks the first-parent history of `ref` in the project at `dir`: one `git log`, one `git cat-file --batch` (plus one `git log` for merges, and small rev-parse calls). */
export function walkHistory(dir: string, ref: string): AuditHistory {
  const { repo, prefix } = locateProject(dir);
  const sha = resolveRev(repo, ref);
  const logged = firstParentConfigLog(repo, sha, prefix);

  // Evidence path → blob forward over every commit (one that changes only evals/ included); each config commit
  // keeps the evidence of its tree. Unchanged evidence shares one map.
  const evidenceNow = new Map<string, EvidenceBlob>();
  let evidenceTree: ReadonlyMap<string, EvidenceBlob> = new Map();
  const commits: ConfigCommit[] = [];
  const evidenceTrees: ReadonlyMap<string, EvidenceBlob>[] = [];
  for (const c of logged) {
    if (c.evidence.length > 0) {
      for (const f of c.evidence) {
        if (f.blob === undefined || !f.path.endsWith(".json")) evidenceNow.delete(f.path);
        else if (evidenceNow.get(f.path)?.blob !== f.blob) evidenceNow.set(f.path, { blob: f.blob, since: c });
      }
      evidenceTree = new Map([...evidenceNow].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    if (!c.touchesConfig) continue;
    commits.push(c);
    evidenceTrees.push(evidenceTree);
  }
  const evidenceBlobs = new Set(evidenceTrees.flatMap((t) => [...t.values()].map((e) => e.blob)));
  const small = readSmallBlobs(repo, [...evidenceBlobs], MAX_EVIDENCE_FILE_BYTES);
  const evidenceTexts = new Map(small.texts);
  for (const [blob, size] of small.oversized) evidenceTexts.set(blob, oversizedEvidence(size));

  // Replay path → blob forward; a state is the sorted list of config blobs, so identical trees share one parse.
  const current = new Map<string, string>();
  const modes = new Map<string, string>();
  const trees: Map<string, string>[] = [];
  const blobs = new Set<string>();
  for (const c of commits) {
    for (const f of c.files) {
      if (!isConfigFile(f.path)) continue;
      if (f.blob === undefined) current.delete(f.path);
      else {
        current.set(f.path, f.blob);
        if (f.mode !== undefined) modes.set(f.blob, f.mode);
        if (f.mode === undefined || isRegularFileMode(f.mode)) blobs.add(f.blob);
      }
    }
    trees.push(new Map([...current.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
  }
  const contents = readBlobs(repo, [...blobs]);
  const contentOf = (path: string, blob: string): ConfigFileContent =>
    path === CONFIG_DIR
      ? { refused: `a file where the ${CONFIG_DIR}/ directory was expected` }
      : (refusedEntry(modes.get(blob) ?? "100644") ?? contents.get(blob) ?? new Uint8Array());

  const states = new Map<string, ConfigState>();
  const parsed: ParseCache = new Map();
  // An environment's table depends only on its file, the catalog and the task classes: most commits change one
  // environment, so the others' tables (and routing versions) are reused, not rebuilt.
  const tables = new Map<string, EnvironmentState>();
  const stateOf = (tree: Map<string, string>): ConfigState => {
    const key = [...tree].map(([p, b]) => `${p}\t${b}`).join("\n");
    let s = states.get(key);
    if (!s) {
      const files = new Map([...tree].map(([p, b]) => [p, contentOf(p, b)]));
      s = parseState(
        files,
        (env) => `${tree.get(MODELS_FILE)}|${tree.get(TASK_CLASSES_FILE)}|${env}|${tree.get(`${ENVIRONMENTS_DIR}/${env}.yaml`)}`,
        tables,
        parsed,
      );
      states.set(key, s);
    }
    return s;
  };

  const merges = new Set(commits.filter((c) => c.parents.length > 1).map((c) => c.sha));
  const merged = mergedCommits(repo, sha, merges);
  const revisions: Revision[] = [];
  let effective = -1;
  commits.forEach((commit, index) => {
    const tree = trees[index]!; // one tree per commit
    const state = stateOf(tree);
    if (state.config) effective = index;
    revisions.push({
      index,
      commit,
      tree,
      state,
      effective,
      ...(merges.has(commit.sha) ? { merged: merged.get(commit.sha) ?? [] } : {}),
      evidence: evidenceTrees[index]!,
    });
  });
  return { repo, prefix, ref, sha, revisions, evidenceTexts };
}

// Consecutive revisions share most files, so the walk passes loadConfig one per-file cache (parse + shape check)
// for the whole history: a file unchanged since the last revision is not parsed again.
const load: (files: ConfigFiles, cache?: ParseCache) => LoadResult = loadConfig;

/**
 * Reads one config tree with the CURRENT loader and schema and builds each environment's table. The policy rules
 * run only on first use of `policyErrors`. `tableKey`/`tableCache` let a caller reuse an environment's table across
 * states that share its inputs; `parseCache` lets consecutive states share parsed files.
 */
function parseState(
  files: ConfigFiles,
  tableKey?: (env: string) => string,
  tableCache: Map<string, EnvironmentState> = new Map(),
  parseCache?: ParseCache,
): ConfigState {
  const loaded = load(files, parseCache);
  if (!loaded.config) {
    const status = loaded.errors.some((f) => f.rule === "FR-YAML") ? "unparseable" : "invalid";
    return { status, errors: loaded.errors, environments: new Map(), policyErrors: [] };
  }
  const config = loaded.config;
  const environments = new Map<string, EnvironmentState>();
  for (const env of config.environments) {
    const key = tableKey?.(env.name);
    let e = key === undefined ? undefined : tableCache.get(key);
    if (!e) {
      const table = routingTable(config, env);
      e = { table, version: routingVersion(table) };
      if (key !== undefined) tableCache.set(key, e);
    }
    environments.set(env.name, e);
  }
  let policy: readonly Finding[] | undefined;
  return {
    status: "valid",
    errors: [],
    config,
    environments,
    get policyErrors() {
      return (policy ??= validateLoaded(loaded).errors);
    },
  };
}

/** The state in effect after revision `index` (undefined before the first valid revision). */
export function effectiveState(history: AuditHistory, index: number): ConfigState | undefined {
  const e = index < 0 ? -1 : history.revisions[index]!.effective;
  return e < 0 ? undefined : history.revisions[e]!.state;
}

/** Index of the last revision committed at or before `epoch` (committer date, first-parent order); -1 when none. */
export function revisionAt(history: AuditHistory, epoch: number): number {
  for (let i = history.revisions.length - 1; i >= 0; i--) {
    if (history.revisions[i]!.commit.committerDate <= epoch) return i;
  }
  return -1;
}
