// foundry-routes eval init: write a Promptfoo config that compares a task class's current targets with its candidates.
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { loadConfig } from "../../routing/config/loader";
import { evalInit as buildEvalInit } from "../../routing/evals/promptfoo-config";
import { formatFinding } from "../../routing/findings";
import { readConfigFiles } from "../../io/config-files";
import { readUserFile, writeAll } from "../../io/evals";
import { UsageError, unknownEnvironment } from "../args";
import { EXIT, defineCommand } from "../command";

/** The generated config's file name inside --out. */
const EVAL_CONFIG_FILE = "promptfooconfig.yaml";

export const evalInit = defineCommand({
  name: "eval init",
  summary: "Write a Promptfoo config comparing a task class's current targets with its ranked candidates",
  usage: "eval init --env NAME --task-class ID --prompts FILE [--out DIR] [--candidates N]",
  description: [
    "One Promptfoo HTTP provider per deployment: the route's current targets, then the deployments of the best",
    "`recommend` candidates (provenance-clean only for a provenance-required class). Each provider calls its",
    "deployment's own Foundry endpoint with the Entra ID token in $FOUNDRY_ROUTES_TOKEN and is labelled with the",
    "deployment ref. The prompts file (Promptfoo tests: vars.input plus assertions) is referenced, not copied.",
    "Writes DIR/promptfooconfig.yaml (default DIR: evals/<env>/<task-class>). See docs/evals.md.",
    "Exit status: 0 written, 1 the config does not load, 2 usage error.",
  ].join("\n"),
  options: {
    env: { type: "string", valueName: "NAME", required: true, description: "environment whose deployments are called" },
    "task-class": { type: "string", valueName: "ID", required: true, description: "task class to evaluate" },
    prompts: {
      type: "string",
      valueName: "FILE",
      required: true,
      description: "Promptfoo tests file (test cases with vars.input and assertions)",
    },
    out: { type: "string", valueName: "DIR", description: "directory for promptfooconfig.yaml (default: evals/<env>/<task-class>)" },
    candidates: { type: "string", valueName: "N", default: "3", description: "how many ranked candidate models to add" },
  },
  run(args, io) {
    const { env: envName, "task-class": tcId, prompts } = args.options;
    const candidates = Number(args.options.candidates);
    if (!Number.isInteger(candidates) || candidates < 0 || candidates > 20)
      throw new UsageError(`option --candidates expected a whole number from 0 to 20, but found "${args.options.candidates}"`);
    const loaded = loadConfig(readConfigFiles(args.configRoot));
    if (!loaded.config) {
      for (const f of loaded.errors) io.stderr(`${formatFinding(f)}\n`);
      io.stderr(`config/ does not load (${loaded.errors.length} error(s)); fix them first (foundry-routes validate)\n`);
      return EXIT.findings;
    }
    const config = loaded.config;
    const env = config.environments.find((e) => e.name === envName);
    if (!env)
      throw unknownEnvironment(
        envName,
        config.environments.map((e) => e.name),
      );
    const tc = config.taskClasses.classes.find((c) => c.id === tcId);
    if (!tc)
      throw new UsageError(`unknown task class "${tcId}" (known task classes: ${config.taskClasses.classes.map((c) => c.id).join(", ")})`);
    const promptsFile = resolve(io.cwd, prompts);
    readUserFile(promptsFile, prompts, "a Promptfoo tests file (YAML, JSON or CSV of test cases)");
    const outDir = args.options.out !== undefined ? resolve(io.cwd, args.options.out) : join(args.configRoot, "evals", env.name, tc.id);
    const rel = relative(outDir, promptsFile);
    const promptsRef = (isAbsolute(rel) ? rel : rel.split(sep).join("/")) || promptsFile;
    const shownPrompts = relative(args.configRoot, promptsFile).split(sep).join("/");
    const result = buildEvalInit(config, env, tc, { promptsRef, promptsFile: shownPrompts, candidates });
    if (result.providers.length === 0) {
      io.stderr(`${env.name}/${tc.id}: no deployment to evaluate (no routed target and no candidate deployed in ${env.name})\n`);
      for (const s of result.skipped) io.stderr(`  not evaluated: ${s.model}: ${s.reason}\n`);
      return EXIT.findings;
    }
    const file = join(outDir, EVAL_CONFIG_FILE);
    writeAll(new Map([[file, result.text]]));
    io.stdout(`wrote ${relative(io.cwd, file) || file} (${result.providers.length} provider(s))\n`);
    for (const p of result.providers)
      io.stdout(
        `  ${p.deployment}: ${p.model}@${p.version} ${p.role === "target" ? `target, weight ${p.weight}` : `candidate, rank ${p.rank}`}\n`,
      );
    for (const s of result.skipped) io.stdout(`  not evaluated: ${s.model}: ${s.reason}\n`);
    return EXIT.ok;
  },
});
