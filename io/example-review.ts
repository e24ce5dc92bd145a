// Regenerates docs/example-review.md with the tool itself: a temporary git repository whose `main` is the
// project's config/ and whose feature branch is a realistic pull request on top of it, reviewed by `review`.
//
//   npm run build && node dist/routing/review/example.js          (writes docs/example-review.md)
//
// The pull request edits the YAML text (comments kept), as a person would:
//   - summarization: MAI-Draft-1 canary from 30% to 50% (a weight shift);
//   - retrieval-answer: a 20% canary of gpt-4o-mini next to gpt-4o (cost);
//   - swc/gpt-4o moves from GlobalStandard to the regional Standard SKU to keep EU fallback traffic in Sweden,
//     which replaces a deployment that serves traffic (sku.name is ForceNew), the kind of change review exists for.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { readConfigDir } from "./config-files";
import { reviewFromGit } from "./review-from-git";
import { renderMarkdown } from "../routing/review/markdown";

/** One text edit of the pull request; `from` must occur exactly once in the file. */
interface Edit {
  readonly file: string;
  readonly from: string;
  readonly to: string;
}

const EXAMPLE_EDITS: readonly Edit[] = [
  {
    file: "config/environments/prod.yaml",
    from: "      - { deployment: eus2/gpt-4o-mini, weight: 70 }\n      - { deployment: eus2/mai-draft-1, weight: 30 }\n",
    to: "      - { deployment: eus2/gpt-4o-mini, weight: 50 }\n      - { deployment: eus2/mai-draft-1, weight: 50 }\n",
  },
  {
    file: "config/environments/prod.yaml",
    from: "  - taskClass: retrieval-answer\n    targets:\n      - { deployment: eus2/gpt-4o, weight: 100 }\n",
    to: "  - taskClass: retrieval-answer\n    targets:\n      - { deployment: eus2/gpt-4o, weight: 80 }\n      - { deployment: eus2/gpt-4o-mini, weight: 20 }\n",
  },
  {
    file: "config/environments/prod.yaml",
    from: "      - name: gpt-4o\n        model: gpt-4o\n        sku: GlobalStandard\n        capacity: 400\n",
    to: "      - name: gpt-4o\n        model: gpt-4o\n        # EU residency: regional deployment keeps fallback traffic in Sweden.\n        sku: Standard\n        capacity: 400\n",
  },
];

const BASE_BRANCH = "main";
const HEAD_BRANCH = "feature/eu-residency-and-canaries";

/** Applies the edits; throws naming the edit whose text is not found exactly once (the sample changed). */
function applyEdits(files: ReadonlyMap<string, string>, edits: readonly Edit[]): Map<string, string> {
  const out = new Map(files);
  for (const e of edits) {
    const text = out.get(e.file);
    const count = text === undefined ? 0 : text.split(e.from).length - 1;
    if (text === undefined || count !== 1) {
      throw new Error(
        `example edit of ${e.file} expects its text exactly once but found it ${count} time(s); update EXAMPLE_EDITS in io/example-review.ts:\n${e.from}`,
      );
    }
    out.set(e.file, text.replace(e.from, e.to));
  }
  return out;
}

/** Builds the repository, reviews HEAD_BRANCH against BASE_BRANCH, returns the Markdown. */
function generateExample(projectRoot: string): string {
  const dir = mkdtempSync(join(tmpdir(), "foundry-routes-example-"));
  // Fixed identity and dates: the same config gives the same commits, so the example only changes when it should.
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: "Example",
    GIT_AUTHOR_EMAIL: "example@example.com",
    GIT_COMMITTER_NAME: "Example",
    GIT_COMMITTER_EMAIL: "example@example.com",
    GIT_AUTHOR_DATE: "2026-01-01T00:00:00Z",
    GIT_COMMITTER_DATE: "2026-01-01T00:00:00Z",
  };
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, env, encoding: "utf8" });
  const write = (files: ReadonlyMap<string, string>) => {
    rmSync(join(dir, "config"), { recursive: true, force: true });
    for (const [path, text] of files) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  };
  try {
    git("init", "-q", "-b", BASE_BRANCH);
    git("config", "commit.gpgsign", "false");
    const base = readConfigDir(projectRoot);
    write(base);
    git("add", "-A");
    git("commit", "-q", "-m", "sample config");
    git("checkout", "-q", "-b", HEAD_BRANCH);
    write(applyEdits(base, EXAMPLE_EDITS));
    git("add", "-A");
    git("commit", "-q", "-m", "EU residency for swc/gpt-4o; canaries on summarization and retrieval-answer");
    return renderMarkdown(reviewFromGit({ repo: dir, base: BASE_BRANCH, head: HEAD_BRANCH }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const root = process.cwd();
  const out = join(root, "docs", "example-review.md");
  writeFileSync(out, generateExample(root));
  process.stdout.write(`wrote ${out}\n`);
}
