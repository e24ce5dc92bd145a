// A two-commit repository for the `review` benchmark: the sample config at base, a realistic routing change at head
// (shift 10 points of traffic between the first two targets of each environment's first split route, and pin an
// explicit model version on one deployment, which Azure answers with a replacement).
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { isMap, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from "yaml";

function git(dir: string, args: readonly string[]): string {
  const r = spawnSync("git", args, {
    cwd: dir,
    encoding: "utf8",
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: dir,
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_AUTHOR_NAME: "bench",
      GIT_AUTHOR_EMAIL: "bench@example.com",
      GIT_COMMITTER_NAME: "bench",
      GIT_COMMITTER_EMAIL: "bench@example.com",
      GIT_AUTHOR_DATE: "2026-01-01T00:00:00Z",
      GIT_COMMITTER_DATE: "2026-01-01T00:00:00Z",
    },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}

function writeFiles(dir: string, files: ReadonlyMap<string, string>): void {
  for (const [path, text] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** The change a platform engineer makes in a typical routing PR; returns the changed files and what changed. */
function realisticChange(files: ReadonlyMap<string, string>): { files: Map<string, string>; changes: string[] } {
  const out = new Map(files);
  const changes: string[] = [];
  let pinned = false;
  for (const [path, text] of files) {
    if (!path.startsWith("config/environments/")) continue;
    const doc = parseDocument(text);
    const routes = doc.get("routes");
    if (isSeq(routes)) {
      for (const route of (routes as YAMLSeq).items) {
        if (!isMap(route)) continue;
        const targets = (route as YAMLMap).get("targets");
        if (!isSeq(targets) || targets.items.length < 2) continue;
        const [a, b] = targets.items as [YAMLMap, YAMLMap];

        const wa = Number(a.get("weight"));
        const wb = Number(b.get("weight"));
        if (!(wa >= 10)) continue;
        a.set("weight", wa - 10);
        b.set("weight", wb + 10);
        changes.push(
          `${path}: ${String((route as YAMLMap).get("taskClass"))} moves 10% from ${String(a.get("deployment"))} to ${String(b.get("deployment"))}`,
        );
        break;
      }
    }
    const accounts = doc.get("accounts");
    if (!pinned && isSeq(accounts)) {
      const first = (accounts as YAMLSeq).items[0];
      const deployments = isMap(first) ? (first as YAMLMap).get("deployments") : undefined;
      const d = isSeq(deployments) ? ((deployments as YAMLSeq).items[0] as YAMLMap) : undefined;
      if (d && isMap(d)) {
        d.set("version", `${String(d.get("version") ?? "1")}-bench`);
        changes.push(`${path}: ${String(d.get("name"))} pinned to version ${String(d.get("version"))} (replacement)`);
        pinned = true;
      }
    }
    out.set(path, doc.toString());
  }
  return { files: out, changes };
}

/** Creates `dir` as a repository with two commits on main: base = `files`, head = the realistic change. */
export function makeReviewRepo(dir: string, files: ReadonlyMap<string, string>): { base: string; head: string; changes: string[] } {
  const change = realisticChange(files);
  return { ...makeCommitPair(dir, files, change.files, "route: shift traffic, pin a version"), changes: change.changes };
}

/** Creates `dir` as a repository with two commits on main: `base` (config/ files), then `head` with `message`. */
export function makeCommitPair(
  dir: string,
  base: ReadonlyMap<string, string>,
  head: ReadonlyMap<string, string>,
  message: string,
): { base: string; head: string } {
  mkdirSync(dir, { recursive: true });
  git(dir, ["init", "-q", "-b", "main"]);
  writeFiles(dir, base);
  git(dir, ["add", "config"]);
  git(dir, ["commit", "-q", "-m", "base: sample routing"]);
  const baseSha = git(dir, ["rev-parse", "HEAD"]).trim();
  writeFiles(dir, head);
  git(dir, ["commit", "-q", "-am", message]);
  return { base: baseSha, head: git(dir, ["rev-parse", "HEAD"]).trim() };
}
