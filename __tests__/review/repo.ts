// Real temporary git repositories for the review tests, to commit revisions of a config built with fixtures/builder.ts.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ConfigData, clone, toFiles, writeFiles } from "../../fixtures/builder";

/** A real git repository in a temporary directory; `commit` replaces config/ with the given files. */
export class TempRepo {
  readonly dir: string;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), "foundry-routes-review-test-"));
    this.git("init", "-q", "-b", "main");
    this.git("config", "user.email", "test@example.com");
    this.git("config", "user.name", "Review Test");
    this.git("config", "commit.gpgsign", "false");
  }

  git(...args: string[]): string {
    return execFileSync("git", args, { cwd: this.dir, encoding: "utf8", env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } });
  }

  /** Writes config/ (and nothing else) as the working tree. */
  write(files: ReadonlyMap<string, string>): void {
    rmSync(join(this.dir, "config"), { recursive: true, force: true });
    writeFiles(this.dir, files);
  }

  /** Writes config/ and commits it; returns the commit sha. */
  commit(files: ReadonlyMap<string, string>, message: string): string {
    this.write(files);
    this.git("add", "-A");
    this.git("commit", "-q", "--allow-empty", "-m", message);
    return this.git("rev-parse", "HEAD").trim();
  }

  /** Commits `data` after `mutate` changed a copy of it. */
  commitData(data: ConfigData, message: string, mutate: (d: ConfigData) => void = () => undefined): string {
    const copy = clone(data);
    mutate(copy);
    return this.commit(toFiles(copy), message);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
