// Reading config/ at any revision straight from git objects: no checkout, no working-tree changes.
// Used by `review` (base and head) and the audit commands (every commit of a history).
import { quoted } from "../routing/findings";
import { EXIT, UserError } from "../routing/errors";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { CONFIG_DIR, type ConfigFileContent, type ConfigFiles, type RefusedFile } from "../routing/config/loader";

/** A git failure a person can act on (bad ref, not a repository); printed without a stack trace, exit 2. */
export class GitError extends UserError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

const MAX_BUFFER = 1024 * 1024 * 1024;

/** Runs git synchronously; throws GitError with git's own first line of complaint. */
export function git(repo: string, args: readonly string[], input?: string | Buffer): Buffer {
  const r = spawnSync("git", args, {
    cwd: repo,
    input,
    maxBuffer: MAX_BUFFER,
    env: { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" },
  });
  if (r.error) throw new GitError(`cannot run git: ${r.error.message}`);
  if (r.status !== 0) {
    const msg = r.stderr.toString("utf8").trim().split("\n")[0] || `git ${args[0]} exited with ${r.status}`;
    throw new GitError(`git ${args[0]} failed: ${msg}`);
  }
  return r.stdout;
}

/** The full sha of a revision, or a GitError that names it. */
export function resolveRev(repo: string, rev: string): string {
  if (rev.startsWith("-")) throw new GitError(`${quoted(rev)} is not a revision`);
  try {
    return git(repo, ["rev-parse", "--verify", "--quiet", `${rev}^{commit}`])
      .toString("utf8")
      .trim();
  } catch {
    throw new GitError(`unknown revision ${quoted(rev)} (expected a branch, tag or commit in ${repo})`);
  }
}

/** Reads many blobs with one `git cat-file --batch` process, as bytes (decoding is the reader's business). */
export function readBlobs(repo: string, shas: readonly string[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const unique = [...new Set(shas)];
  if (unique.length === 0) return out;
  const buf = git(repo, ["cat-file", "--batch"], unique.join("\n") + "\n");
  let pos = 0;
  while (pos < buf.length) {
    const nl = buf.indexOf(0x0a, pos);
    if (nl < 0) break;
    const header = buf.subarray(pos, nl).toString("utf8");
    const [sha, type, size] = header.split(" ");
    if (sha === undefined || type === "missing" || size === undefined) {
      pos = nl + 1;
      continue;
    }
    const n = Number(size);
    out.set(sha, buf.subarray(nl + 1, nl + 1 + n));
    pos = nl + 1 + n + 1;
  }
  return out;
}

/**
 * Reads many blobs, each only when it is at most `maxBytes`: one `git cat-file --batch-check` for the sizes, then one
 * `--batch` for the small ones. A blob over the limit is never loaded; its size is returned instead.
 */
export function readSmallBlobs(
  repo: string,
  shas: readonly string[],
  maxBytes: number,
): { readonly texts: Map<string, string>; readonly oversized: Map<string, number> } {
  const oversized = new Map<string, number>();
  const unique = [...new Set(shas)];
  if (unique.length === 0) return { texts: new Map(), oversized };
  const small: string[] = [];
  for (const line of git(repo, ["cat-file", "--batch-check"], unique.join("\n") + "\n")
    .toString("utf8")
    .split("\n")) {
    const [sha, type, size] = line.split(" ");
    if (sha === undefined || type !== "blob" || size === undefined) continue;
    if (Number(size) > maxBytes) oversized.set(sha, Number(size));
    else small.push(sha);
  }
  // Evidence is JSON text; a byte that is not UTF-8 then fails the content hash and shows as tampered.
  return { texts: new Map([...readBlobs(repo, small)].map(([sha, bytes]) => [sha, bytes.toString("utf8")])), oversized };
}

/** An entry of a git tree: its mode (100644 file, 100755 executable, 120000 symbolic link, 160000 submodule). */
export interface TreeEntry {
  readonly mode: string;
  readonly type: string;
  readonly sha: string;
}

/** Mode of a regular file in a git tree (plain or executable). */
export const isRegularFileMode = (mode: string): boolean => mode === "100644" || mode === "100755";

/**
 * What stands at a config path in git instead of a file (a link, a submodule), as the loader's refusal; undefined
 * for a regular file. At a revision a link is never followed: it could point anywhere, in the tree or outside it.
 */
export function refusedEntry(mode: string): RefusedFile | undefined {
  if (isRegularFileMode(mode)) return undefined;
  if (mode === "120000")
    return { refused: "a symbolic link in the commit; config is read only from regular files, links are not followed" };
  if (mode === "160000") return { refused: "a submodule where a YAML file was expected" };
  return { refused: `not a regular file (git mode ${mode}); expected a YAML file` };
}

/** Every entry under `dir` (repository-relative) at a revision, by path; `dir` itself when it is not a directory. */
export function treeAt(repo: string, rev: string, dir: string): Map<string, TreeEntry> {
  const listing = git(repo, ["ls-tree", "-r", "-z", "--full-tree", rev, "--", dir]).toString("utf8");
  const m = new Map<string, TreeEntry>();
  for (const entry of listing.split("\0")) {
    if (!entry) continue;
    const tab = entry.indexOf("\t");
    const [mode, type, sha] = entry.slice(0, tab).split(" ");
    if (mode !== undefined && type !== undefined && sha !== undefined) m.set(entry.slice(tab + 1), { mode, type, sha });
  }
  return m;
}

/** Blob ids of the regular files under `dir` (repository-relative) at a revision, by path. */
export function blobsAt(repo: string, rev: string, dir: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const [path, e] of treeAt(repo, rev, dir)) if (e.type === "blob" && isRegularFileMode(e.mode)) m.set(path, e.sha);
  return m;
}

/**
 * config/ at a revision, as the loader takes it: each file's bytes (the loader decodes them strictly and checks
 * their size), a refusal for a link or a submodule, and a refusal at `config` itself when it is not a directory.
 */
export function configFilesAt(repo: string, rev: string): ConfigFiles {
  const sha = resolveRev(repo, rev);
  const entries = treeAt(repo, sha, CONFIG_DIR);
  const contents = readBlobs(
    repo,
    [...entries.values()].filter((e) => e.type === "blob" && isRegularFileMode(e.mode)).map((e) => e.sha),
  );
  const files = new Map<string, ConfigFileContent>();
  for (const [path, e] of [...entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (path === CONFIG_DIR) files.set(path, { refused: `a file where the ${CONFIG_DIR}/ directory was expected` });
    else files.set(path, refusedEntry(e.mode) ?? contents.get(e.sha) ?? new Uint8Array());
  }
  return files;
}

/** The repository top level containing `dir`. */
export function repoRoot(dir: string): string {
  try {
    return git(dir, ["rev-parse", "--show-toplevel"]).toString("utf8").trim();
  } catch {
    throw new GitError(`${dir} is not inside a git repository`);
  }
}

/** The repository holding the project directory `dir`, and the project's path inside it. */
export function locateProject(dir: string): { repo: string; prefix: string } {
  if (!existsSync(dir)) throw new GitError(`${dir} does not exist`);
  const repo = repoRoot(dir);
  const prefix = git(dir, ["rev-parse", "--show-prefix"]).toString("utf8").trim();
  return { repo, prefix };
}
