// foundry-routes telemetry kql: the Log Analytics query that turns gateway logs into usage records.
import { loadConfig } from "../../routing/config/loader";
import { environmentGatewayPlan } from "../../routing/gateway/plan";
import { usageQuery } from "../../routing/telemetry/kql";
import { validateLoaded } from "../../routing/validate";
import { readConfigFiles } from "../../io/config-files";
import { UsageError, unknownEnvironment } from "../args";
import { CliError, EXIT, defineCommand } from "../command";

export const telemetry = defineCommand({
  name: "telemetry kql",
  summary: "Print the KQL that joins gateway logs into usage records",
  usage: "telemetry kql --env NAME [--days N] [--aggregate]",
  description: [
    "Prints a Kusto query for the environment's Log Analytics workspace: ApiManagementGatewayLogs joined with",
    "ApiManagementGatewayLlmLog on CorrelationId, one row per request with the columns time, environment, consumer,",
    "task_class, deployment, model, routing_version, fallback, status, prompt_tokens, completion_tokens, duration_ms;",
    "with --aggregate one row per day and key with requests and sums. Run it with `az monitor log-analytics query`.",
    "Exit status: 0 printed, 1 config errors, 2 usage error or an environment without a gateway.",
  ].join("\n"),
  options: {
    env: { type: "string", valueName: "NAME", required: true, description: "environment whose gateway logs are queried" },
    days: { type: "string", valueName: "N", default: "30", description: "days back from now (1-730)" },
    aggregate: { type: "boolean", description: "one row per day, consumer, class, deployment, model, version, fallback, status" },
  },
  run(args, io) {
    const days = Number(args.options.days);
    if (!Number.isInteger(days) || days < 1 || days > 730)
      throw new UsageError(`--days must be a whole number from 1 to 730, found "${args.options.days}"`);
    const result = validateLoaded(loadConfig(readConfigFiles(args.configRoot)));
    if (!result.config) {
      io.stderr(`config/ has errors; run "foundry-routes validate"\n`);
      return EXIT.findings;
    }
    const env = result.config.environments.find((e) => e.name === args.options.env);
    if (!env) {
      throw unknownEnvironment(
        args.options.env,
        result.config.environments.map((e) => e.name),
      );
    }
    if (!env.spec.gateway) throw new CliError(`environment ${env.name} has no gateway, so it logs nothing to query`, EXIT.usage);
    const plan = environmentGatewayPlan(result.config, env);
    io.stdout(usageQuery({ environment: env.name, apiIds: plan.apis.map((a) => a.name), days, aggregate: args.options.aggregate }));
    return EXIT.ok;
  },
});
