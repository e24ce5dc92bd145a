// The first-parent history of config/ (and of the eval evidence under evals/), read with ONE `git log` (plus one more
// only when merges must be expanded). A process per commit would make a 1,000-commit audit take minutes; this stays in
// the low seconds.
import { CONFIG_DIR } from "../config/loader";
import { EVALS_DIR } from "../evals/evidence";
import { git } from "../../io/git";
import { oneLine } from "../findings";

export interface Person {
  readonly name: string;
  readonly email: string;
}

export interface LoggedCommit {
  readonly sha: string;
  readonly parents: readonly string[];
  readonly author: Person;
  /** Seconds since the epoch. */
  readonly authorDate: number;
  readonly committer: Person;
  /** Seconds since the epoch: when the commit LANDED on the line, which is what the audit dates by. */
  readonly committerDate: number;
  readonly subject: string;
  /** The message after the subject: the "why". */
  readonly body: string;
}

/** One path under config/ changed by a commit, relative to the first parent. */
interface FileChange {
  /** Path as the loader names it: `config/...` (any repository prefix removed). */
  readonly path: string;
  /** Git's status letter: A, M, D, T. */
  readonly status: string;
  /** Blob after the commit; undefined when deleted. */
  readonly blob?: string;
  /** Git mode after the commit (100644, 120000 for a symbolic link, 160000 for a submodule); undefined when deleted. */
  readonly mode?: string;
}

export interface ConfigCommit extends LoggedCommit {
  /** Files under config/ it changed. */
  readonly files: readonly FileChange[];
  /** Files under evals/ it changed (paths as `evals/...`, any repository prefix removed). */
  readonly evidence: readonly FileChange[];
  /** Whether it changes config/. A commit that changes only evals/ is no audit entry, but moves the evidence in effect. */
  readonly touchesConfig: boolean;
}

/** A commit on the second-parent side of a merge (the merged branch). */
export interface MergedCommit {
  readonly sha: string;
  readonly author: Person;
  readonly authorDate: number;
  readonly subject: string;
}

const FIELDS = ["%H", "%P", "%an", "%ae", "%at", "%cn", "%ce", "%ct", "%s", "%b"];
const N = FIELDS.length;
// Every record starts with NUL + RS. A commit message cannot contain NUL, and every raw entry starts with ":",
// so the marker cannot occur inside a record.
const RECORD = "\0\x1e";
const ZERO = /^0+$/;

/**
 * Commits of the first-parent line of `sha` that change `<prefix>config/` or `<prefix>evals/`, oldest first, each
 * with the files it changed there relative to its first parent (so a merge is one change: the whole merged branch).
 */
export function firstParentConfigLog(repo: string, sha: string, prefix = ""): ConfigCommit[] {
  const dir = `${prefix}${CONFIG_DIR}/`;
  const evals = `${prefix}${EVALS_DIR}/`;
  const out = git(repo, [
    "-c",
    "core.quotePath=false",
    "log",
    "--first-parent",
    "--reverse",
    "-z",
    "--raw",
    "--no-abbrev",
    "--no-renames",
    "--no-show-signature",
    "--diff-merges=first-parent",
    `--format=%x00%x1e${FIELDS.join("%x00")}%x00`,
    sha,
    "--",
    dir,
    evals,
  ]).toString("utf8");
  const commits: ConfigCommit[] = [];
  for (const record of out.split(RECORD)) {
    if (record === "" || record === "\0") continue;
    const parts = record.split("\0");
    // The format gives every record its N fields; the defaults only keep the types honest.
    const [h = "", p, an = "", ae = "", at, cn = "", ce = "", ct, s = "", b = ""] = parts;
    const files: FileChange[] = [];
    const evidence: FileChange[] = [];
    let touchesConfig = false;
    // Raw entries follow the fields as pairs: ":<modes> <old> <new> <status>", "<path>".
    for (let i = N; i < parts.length - 1; i++) {
      const meta = parts[i]!.replace(/^\n/, "");
      if (!meta.startsWith(":")) continue;
      const path = parts[i + 1]!;
      i++;
      const [, newMode, , newBlob = "", status = ""] = meta.slice(1).split(" ");
      const inConfig = path.startsWith(dir);
      if (inConfig) touchesConfig = true;
      if (!inConfig && !path.startsWith(evals)) continue;
      const letter = status.charAt(0);
      const gone = letter === "D" || ZERO.test(newBlob);
      // Config entries keep their mode, so a link or submodule at a revision is refused by name; evidence skips them.
      if (inConfig)
        files.push({ path: path.slice(prefix.length), status: letter, blob: gone ? undefined : newBlob, mode: gone ? undefined : newMode });
      else if (newMode !== "160000") evidence.push({ path: path.slice(prefix.length), status: letter, blob: gone ? undefined : newBlob });
    }
    commits.push({
      sha: h.replace(/^\n/, ""),
      parents: p ? p.split(" ") : [],
      // Names and subjects are whatever the committer typed: kept to one line with escapes (see oneLine).
      author: { name: oneLine(an), email: oneLine(ae) },
      authorDate: Number(at),
      committer: { name: oneLine(cn), email: oneLine(ce) },
      committerDate: Number(ct),
      subject: oneLine(s),
      body: b.trim(),
      files,
      evidence,
      touchesConfig,
    });
  }
  return commits;
}

/**
 * For each of `merges` (first-parent commits of `sha` with more than one parent): the commits it brought in,
 * i.e. reachable from its other parents but not from its first parent, oldest first. One `git log` for all of them.
 */
export function mergedCommits(repo: string, sha: string, merges: ReadonlySet<string>): Map<string, MergedCommit[]> {
  const result = new Map<string, MergedCommit[]>();
  if (merges.size === 0) return result;
  const out = git(repo, ["log", "-z", "--format=%H%x00%P%x00%an%x00%ae%x00%at%x00%s", sha]).toString("utf8");
  const graph = new Map<string, { parents: string[]; commit: MergedCommit; order: number }>();
  let order = 0;
  const fields = out.split("\0");
  for (let i = 0; i + 5 < fields.length && fields[i] !== ""; i += 6) {
    const h = fields[i]!;
    const parents = fields[i + 1]!;
    graph.set(h, {
      parents: parents ? parents.split(" ") : [],
      commit: {
        sha: h,
        author: { name: oneLine(fields[i + 2]!), email: oneLine(fields[i + 3]!) },
        authorDate: Number(fields[i + 4]),
        subject: oneLine(fields[i + 5]!),
      },

      order: order++,
    });
  }
  // Walk the first-parent line oldest first. Everything seen so far is exactly the ancestry of the current commit's
  // first parent, so what a merge's other parents reach beyond it is what the merge brought in.
  const line: string[] = [];
  for (let c: string | undefined = sha; c !== undefined && graph.has(c); c = graph.get(c)!.parents[0]) line.push(c);
  line.reverse();
  const seen = new Set<string>();
  for (const commit of line) {
    seen.add(commit);
    const brought: string[] = [];
    const stack = [...graph.get(commit)!.parents.slice(1)];
    while (stack.length > 0) {
      const c = stack.pop()!;
      if (seen.has(c)) continue;
      seen.add(c);
      const node = graph.get(c);
      if (!node) continue;
      brought.push(c);
      stack.push(...node.parents);
    }
    if (merges.has(commit)) {
      // git log lists newest first (topologically); reverse that order for "oldest first".
      const list = brought.map((c) => graph.get(c)!).sort((a, b) => b.order - a.order);
      result.set(
        commit,
        list.map((n) => n.commit),
      );
    }
  }
  return result;
}
