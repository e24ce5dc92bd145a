// Real temporary git repositories for the audit tests: fixed names and dates, no global or system git config,
// nothing outside os.tmpdir(). Config files come from compact specs (compactConfig in fixtures/presets.ts).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type ConfigSpec, compactConfig, toFiles } from "../../fixtures/builder";

/** Who makes a commit and when (ISO date-time, UTC). The committer defaults to the author. */
export interface Who {
  readonly author: string;
  readonly date: string;
  /** @default the author */
  readonly committer?: string;
  /** When the commit lands (the committer date). @default `date` */
  readonly committed?: string;
}

const ISOLATED = { GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_TERMINAL_PROMPT: "0" };

export class TempRepo {
  /** Creates an empty repository on branch main in a fresh temporary directory. */
  static create(): TempRepo {
    const repo = new TempRepo(mkdtempSync(join(tmpdir(), "foundry-routes-audit-")));
    repo.git(["init", "-q", "-b", "main"]);
    return repo;
  }

  private constructor(readonly dir: string) {}

  /** Runs git in the repository; throws with git's stderr on failure. */
  git(args: readonly string[], env: Record<string, string> = {}): string {
    const r = spawnSync("git", args, { cwd: this.dir, env: { ...process.env, ...ISOLATED, ...env } });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${r.stderr.toString("utf8")}`);
    return r.stdout.toString("utf8").trim();
  }

  /** Replaces config/ with the files of `spec` (files it no longer has are deleted, e.g. a removed environment). */
  writeConfig(spec: ConfigSpec | ReadonlyMap<string, string>): void {
    const files = spec instanceof Map ? spec : toFiles(compactConfig(spec as ConfigSpec));
    for (const old of this.configPaths()) if (!files.has(old)) unlinkSync(join(this.dir, old));
    for (const [path, text] of files) this.writeFile(path, text);
  }

  writeFile(path: string, text: string): void {
    mkdirSync(dirname(join(this.dir, path)), { recursive: true });
    writeFileSync(join(this.dir, path), text);
  }

  /** Stages everything and commits with fixed identity and dates; returns the full sha. */
  commit(message: string, who: Who): string {
    this.git(["add", "-A"]);
    this.git(
      [
        "-c",
        `user.name=${who.author}`,
        "-c",
        `user.email=${who.author}@example.com`,
        "-c",
        "commit.gpgsign=false",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        message,
      ],
      this.dates(who),
    );
    return this.head();
  }

  /** Creates and switches to a branch at the current commit. */
  branch(name: string): void {
    this.git(["checkout", "-q", "-b", name]);
  }

  checkout(name: string): void {
    this.git(["checkout", "-q", name]);
  }

  /** `git merge --no-ff` of `branch` into the current branch; returns the merge commit's sha. */
  mergeNoFf(branch: string, message: string, who: Who): string {
    this.git(
      [
        "-c",
        `user.name=${who.committer ?? who.author}`,
        "-c",
        `user.email=${who.committer ?? who.author}@example.com`,
        "-c",
        "commit.gpgsign=false",
        "merge",
        "-q",
        "--no-ff",
        "-m",
        message,
        branch,
      ],
      this.dates(who),
    );
    return this.head();
  }

  head(): string {
    return this.git(["rev-parse", "HEAD"]);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private dates(who: Who): Record<string, string> {
    const committer = who.committer ?? who.author;
    return {
      GIT_AUTHOR_NAME: who.author,
      GIT_AUTHOR_EMAIL: `${who.author}@example.com`,
      GIT_AUTHOR_DATE: who.date,
      GIT_COMMITTER_NAME: committer,
      GIT_COMMITTER_EMAIL: `${committer}@example.com`,
      GIT_COMMITTER_DATE: who.committed ?? who.date,
    };
  }

  private configPaths(): string[] {
    const out: string[] = [];
    const walk = (rel: string) => {
      let names: string[] = [];
      try {
        names = readdirSync(join(this.dir, rel), { withFileTypes: true }).map((d) => (d.isDirectory() ? `${d.name}/` : d.name));
      } catch {
        return;
      }
      for (const n of names) {
        if (n.endsWith("/")) walk(`${rel}/${n.slice(0, -1)}`);
        else out.push(`${rel}/${n}`);
      }
    };
    walk("config");
    return out;
  }
}
