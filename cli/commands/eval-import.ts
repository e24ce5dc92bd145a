// foundry-routes eval import: Promptfoo's --output JSON → one evidence file per deployment under evals/.
import { join, relative, resolve } from "node:path";
import { loadConfig } from "../../routing/config/loader";
import { ResultsShapeError, evidencePath, evidenceText, importResults } from "../../routing/evals/evidence";
import { percent } from "../../routing/evals/gate";
import { formatFinding } from "../../routing/findings";
import { readConfigFiles } from "../../io/config-files";
import { readUserFile, writeAll } from "../../io/evals";
import { UsageError, unknownEnvironment } from "../args";
import { CliError, EXIT, defineCommand } from "../command";

export const evalImport = defineCommand({
  name: "eval import",
  summary: "Turn Promptfoo's --output JSON into evidence files under evals/ (pass rate, failures, tokens, latency)",
  usage: "eval import RESULTS_JSON --env NAME --task-class ID [--out DIR]",
  description: [
    "Reads the JSON `promptfoo eval -c <eval init config> --output RESULTS_JSON` wrote and writes one evidence file",
    "per deployment: DIR/<env>/<task-class>/<account>/<deployment>.json (default DIR: evals). Each holds the pass",
    "rate and failures, tokens, latency, the Promptfoo version, hashes of the config and the test cases, and a",
    "hash of its own content. The same results give byte-identical files. A results file of another shape or",
    "format version is refused and nothing is written. See docs/evals.md.",
    "Exit status: 0 written, 1 the results file is not one eval import reads, 2 usage error.",
  ].join("\n"),
  positionals: [{ name: "RESULTS_JSON", description: "Promptfoo's --output JSON file", required: true }],
  options: {
    env: { type: "string", valueName: "NAME", required: true, description: "environment the eval ran against" },
    "task-class": { type: "string", valueName: "ID", required: true, description: "task class the eval measured" },
    out: { type: "string", valueName: "DIR", description: "evidence directory (default: evals under the config root)" },
  },
  run(args, io) {
    const { env: envName, "task-class": tcId } = args.options;
    const shownAs = args.positionals[0]!;
    const loaded = loadConfig(readConfigFiles(args.configRoot));
    if (!loaded.config) {
      for (const f of loaded.errors) io.stderr(`${formatFinding(f)}\n`);
      io.stderr(`config/ does not load (${loaded.errors.length} error(s)); fix them first (foundry-routes validate)\n`);
      return EXIT.findings;
    }
    const config = loaded.config;
    if (!config.environments.some((e) => e.name === envName))
      throw unknownEnvironment(
        envName,
        config.environments.map((e) => e.name),
      );
    if (!config.taskClasses.classes.some((c) => c.id === tcId))
      throw new UsageError(`unknown task class "${tcId}" (known task classes: ${config.taskClasses.classes.map((c) => c.id).join(", ")})`);
    const text = readUserFile(resolve(io.cwd, shownAs), shownAs, "the JSON file promptfoo eval --output writes");
    let evidence;
    try {
      evidence = importResults({ file: shownAs, text, environment: envName, taskClass: tcId });
    } catch (e) {
      if (e instanceof ResultsShapeError) throw new CliError(e.message, EXIT.findings);
      throw e;
    }
    const outDir = args.options.out !== undefined ? resolve(io.cwd, args.options.out) : join(args.configRoot, "evals");
    // evidencePath is evals/<env>/…; under another --out the same relative layout is kept.
    const files = new Map(
      evidence.map((e) => [join(outDir, evidencePath(e.environment, e.taskClass, e.deployment).slice("evals/".length)), evidenceText(e)]),
    );
    writeAll(files);
    for (const e of evidence) {
      const file = join(outDir, evidencePath(e.environment, e.taskClass, e.deployment).slice("evals/".length));
      io.stdout(
        `${relative(io.cwd, file) || file}: ${e.deployment} passed ${e.results.passed}/${e.results.tests} (${percent(e.results.passRate)}), ${e.tokens.total} tokens, p95 ${e.latencyMs.p95} ms\n`,
      );
    }
    return EXIT.ok;
  },
});
