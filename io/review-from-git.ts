// `review` from git: reads config/ at both revisions (no checkout), synthesizes the valid ones into temporary
// directories, and hands both to the pure report builder (routing/review/index.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TerraformJson } from "../routing/review/infra";
import { type ReviewInput, type ReviewReport, type RevisionInput, type Synthesizer, buildReview } from "../routing/review";
import type { RoutingConfig } from "../routing/config/loader";
import { readConfigDir } from "./config-files";
import { configFilesAt, repoRoot, resolveRev } from "./git";
import { synthesize } from "./synth";
import { evidenceFilesAt, readEvidenceFiles } from "./evals";

/** Synthesizes into a temporary directory (removed afterwards) and returns each environment's Terraform JSON. */
function synthesizeStacks(config: RoutingConfig): Map<string, TerraformJson> {
  const outdir = mkdtempSync(join(tmpdir(), "foundry-routes-review-"));
  try {
    return new Map(synthesize(config, outdir).stacks.map((s) => [s.name, s.json]));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

interface GitReviewOptions {
  /** A directory inside the repository; config/ is read at the repository's top level. */
  readonly repo: string;
  /** Base revision (branch, tag, sha). */
  readonly base: string;
  /**
   * Head revision.
   * @default the working tree
   */
  readonly head?: string;
  /** @default synthesizeStacks */
  readonly synthesize?: Synthesizer | null;
  /**
   * When eval evidence age is measured.
   * @default no age check
   */
  readonly now?: Date;
  /** Recorded usage to replay and to take traffic from (read with readUsage). @default none */
  readonly usage?: ReviewInput["usage"];
}

/** Reads both revisions through git (no checkout) and builds the report. Throws GitError for bad refs. */
export function reviewFromGit(options: GitReviewOptions): ReviewReport {
  const root = repoRoot(options.repo);
  const baseSha = resolveRev(root, options.base);
  const baseFiles = configFilesAt(root, baseSha);
  let head: RevisionInput;
  if (options.head === undefined) {
    head = { label: "working tree", files: readConfigDir(root), evidence: readEvidenceFiles(root) };
  } else {
    const sha = resolveRev(root, options.head);
    head = { label: options.head, sha, files: configFilesAt(root, sha), evidence: evidenceFilesAt(root, sha) };
  }
  const synth = options.synthesize === undefined ? synthesizeStacks : options.synthesize;
  return buildReview({
    base: { label: options.base, sha: baseSha, files: baseFiles },
    head,
    synthesize: synth,
    now: options.now,
    ...(options.usage ? { usage: options.usage } : {}),
  });
}
