// foundry-routes review: routing, compliance, infrastructure and cost changes between two revisions, from git alone.
import { realpathSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { repoRoot } from "../../io/git";
import { renderMarkdown } from "../../routing/review/markdown";
import { readUsage } from "../../io/usage";
import { readConfigFiles } from "../../io/config-files";
import { loadConfig } from "../../routing/config/loader";
import { CliError, EXIT, defineCommand } from "../command";

export const review = defineCommand({
  name: "review",
  summary: "Review a routing change between two git revisions (routing, compliance, infrastructure, cost)",
  usage: "review --base REF [--head REF] [--format md|json] [--out FILE] [--usage FILE]",
  description: [
    "Reads config/ at both revisions through git (no checkout, no credentials), validates both, synthesizes the",
    "valid ones in temporary directories and reports: routing changes per task class with the share of traffic",
    "that moves, provenance and policy findings, predicted replacements and deletions (serving deployments first),",
    "the monthly cost estimate, and a Mermaid diagram of head routing. The head defaults to the working tree.",
    "A deployment whose share grows is checked against its eval evidence under evals/ (docs/evals.md).",
    "With --usage (usage records from `telemetry kql`, docs/evidence.md) the cost estimate uses the observed traffic",
    "instead of the traffic: blocks, and the recorded requests are replayed through the head routing: requests that",
    "move between deployments, the cost delta, prompts over the new target's context window, capacity at the peak.",
    "Exit status: 0 report made and no policy or eval-gate errors at head, 1 such errors, 2 usage or git error.",
  ].join("\n"),
  options: {
    base: { type: "string", valueName: "REF", description: "base revision (branch, tag or commit), e.g. origin/main" },
    head: { type: "string", valueName: "REF", description: "head revision (default: the working tree)" },
    format: { type: "string", choices: ["md", "json"], default: "md", description: "output format" },
    out: { type: "string", valueName: "FILE", description: "write the report to FILE instead of standard output" },
    usage: {
      type: "string",
      valueName: "FILE",
      description: "usage records (CSV, JSON, JSON lines, Parquet) to replay and take traffic from",
    },
  },
  async run(args, io) {
    const base = args.options.base;
    if (base === undefined) throw new CliError("missing --base REF (the revision to compare against, e.g. --base origin/main)", EXIT.usage);
    // A bad ref or a missing repository is a GitError (a UserError): exit 2, one line.
    const root = repoRoot(args.configRoot);
    if (realpathSync(root) !== realpathSync(args.configRoot)) {
      throw new CliError(
        `review reads config/ at the repository's top level (${root}), but the config root is ${args.configRoot}; run it from ${root} or pass --config-root ${root}`,
      );
    }
    // The eval gate measures evidence age against the clock: the one input of the report that is not in git.
    const usageFile = args.options.usage;
    let usage: { file: string; data: Awaited<ReturnType<typeof readUsage>> } | undefined;
    if (usageFile !== undefined) {
      // Prompts are counted against every catalog context window, so any head target's is among them.
      const catalog = loadConfig(readConfigFiles(args.configRoot)).config?.catalog.models ?? [];
      const windows = [...new Set(catalog.map((m) => m.contextWindow.value ?? 0).filter((w) => w > 0))].sort((a, b) => a - b);
      usage = { file: usageFile, data: await readUsage(resolve(io.cwd, usageFile), { promptOver: windows }, usageFile) };
    }
    // Loaded on use, like synth's: reviewing synthesizes both revisions with cdktf.
    const { reviewFromGit } = await import("../../io/review-from-git");
    const report = reviewFromGit({ repo: root, base, head: args.options.head, now: new Date(), ...(usage ? { usage } : {}) });
    const text = args.options.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : renderMarkdown(report);
    if (args.options.out !== undefined) {
      const file = resolve(io.cwd, args.options.out);
      try {
        writeFileSync(file, text);
      } catch (e) {
        throw new CliError(`cannot write ${file}: ${(e as Error).message}`, EXIT.usage);
      }
      io.stderr(
        `review written to ${args.options.out}${report.exitCode !== 0 ? ` (head has ${report.head.errors} policy error(s))` : ""}\n`,
      );
    } else {
      io.stdout(text);
    }
    return report.exitCode === 0 ? EXIT.ok : EXIT.findings;
  },
});
