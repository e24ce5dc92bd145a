// foundry-routes recommend: rank catalog models per task class by the decision framework, and show where the
// current route differs.
import { formatFinding } from "../../routing/findings";
import { loadConfig } from "../../routing/config/loader";
import { recommend as rank, renderRecommendations } from "../../routing/recommend/recommend";
import { UsageError, unknownEnvironment } from "../args";
import { EXIT, defineCommand } from "../command";
import { readConfigFiles } from "../../io/config-files";

export const recommend = defineCommand({
  name: "recommend",
  summary: "Rank catalog models for each task class (provenance, fit, latency, vendor diversity, price)",
  usage: "recommend [--env NAME] [--task-class ID] [--format text|json]",
  description: [
    "Provenance is a hard filter: provenance-required classes get only provenance-clean models. Then complexity",
    "fit, latency positioning, vendor diversity, and price where the catalog knows it (an unknown price never",
    "counts as cheap). Models Foundry does not offer are excluded; unverified ones are marked. Each rank is",
    "explained in one line, and the current primary target of each environment is compared with the ranking.",
    "Exit status: 0 ranking printed, 1 the config does not load, 2 usage error.",
  ].join("\n"),
  options: {
    env: {
      type: "string",
      valueName: "NAME",
      description: "compare with this environment's routes only (and use its traffic profile for prices)",
    },
    "task-class": { type: "string", valueName: "ID", description: "only this task class" },
    format: { type: "string", choices: ["text", "json"], default: "text", description: "output format" },
  },
  run(args, io) {
    const loaded = loadConfig(readConfigFiles(args.configRoot));
    if (!loaded.config) {
      for (const f of loaded.errors) io.stderr(`${formatFinding(f)}\n`);
      io.stderr(`config/ does not load (${loaded.errors.length} error(s)); fix them first (foundry-routes validate)\n`);
      return EXIT.findings;
    }
    const config = loaded.config;
    const env = args.options.env;
    if (env !== undefined && !config.environments.some((e) => e.name === env)) {
      throw unknownEnvironment(
        env,
        config.environments.map((e) => e.name),
      );
    }
    const tc = args.options["task-class"];
    if (tc !== undefined && !config.taskClasses.classes.some((c) => c.id === tc)) {
      throw new UsageError(`unknown task class "${tc}" (known task classes: ${config.taskClasses.classes.map((c) => c.id).join(", ")})`);
    }
    const recs = rank(config, { environment: env, taskClass: tc });
    if (args.options.format === "json") {
      const json = recs.map((r) => ({
        taskClass: r.taskClass.id,
        ranked: r.ranked.map((m) => ({
          rank: m.rank,
          model: m.model.id,
          vendor: m.model.vendor,
          availability: m.model.foundry.availability,
          blendedPer1M: m.blendedPer1M,
          why: m.why,
        })),
        excluded: r.excluded,
        current: r.current,
      }));
      io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      io.stdout(renderRecommendations(recs));
    }
    return EXIT.ok;
  },
});
