// `eval init`: the Promptfoo config that compares a task class's current targets with its candidates.
// One HTTP provider per deployment, pinned to that deployment's own Foundry endpoint (the URL, api-version and body
// the gateway's backend for it would use, routing/gateway/forwarding.ts), labelled with the deployment ref so results
// map back. Auth is the caller's Entra ID token from an environment variable; nothing secret is written.
// YAML 1.1 quoting, because Promptfoo reads YAML 1.1 (an unquoted 2025-11-18 would be a date there).
// Pure: the caller reads nothing and writes the returned text.
import { stringify } from "yaml";
import type { Environment, RoutingConfig } from "../config/loader";
import { type DeploymentInfo, deploymentsByRef, modelsById } from "../config/model";
import type { TaskClass } from "../config/schema";
import { ANTHROPIC_VERSION, COGNITIVE_SERVICES_RESOURCE, backendUrl, forwardingFor } from "../gateway/forwarding";
import { accountSubdomain } from "../naming/azure-names";
import { recommend } from "../recommend/recommend";
import { routingTable } from "../table/table";

/** Environment variable that holds the Entra ID access token Promptfoo sends as `Authorization: Bearer …`. */
const TOKEN_ENV = "FOUNDRY_ROUTES_TOKEN";
/** `metadata` key of the generated config that `eval import` reads back. */
export const METADATA_KEY = "foundryRoutes";
/** Version of the generated config's metadata block. */
export const EVAL_CONFIG_FORMAT = 1;
/** The prompt template: each test case of the prompts file sets `vars.input`. */
const PROMPT_TEMPLATE = "{{input}}";
/** Output tokens asked of Anthropic models, which require `max_tokens`. */
const ANTHROPIC_MAX_TOKENS = 1024;

interface EvalProvider {
  /** `<account>/<deployment>`: the Promptfoo label. */
  readonly deployment: string;
  readonly model: string;
  readonly version: string;
  /** `target` (current weight), or `candidate` (recommend rank of its model). */
  readonly role: "target" | "candidate";
  readonly weight?: number;
  readonly rank?: number;
  readonly url: string;
}

interface EvalInit {
  /** The Promptfoo config as YAML text, with a header comment. */
  readonly text: string;
  readonly providers: readonly EvalProvider[];
  /** Ranked candidates that cannot be evaluated here, with why (not deployed in the environment, API not served). */
  readonly skipped: readonly { readonly model: string; readonly reason: string }[];
}

interface EvalInitOptions {
  /** The prompts file as the generated config references it (relative to the config's directory, POSIX). */
  readonly promptsRef: string;
  /** The prompts file as the user named it, for the metadata. */
  readonly promptsFile: string;
  /**
   * How many ranked candidate models (besides the current targets' models) to include.
   * @default 3
   */
  readonly candidates?: number;
}

/** Everything Promptfoo needs to reach one deployment directly, or why it cannot. */
function httpProvider(project: string, env: Environment, d: DeploymentInfo): { provider: Record<string, unknown>; url: string } | string {
  const model = d.model!;
  const forwarding = forwardingFor({
    api: model.api,
    vendor: model.vendor,
    apiVersion: model.foundry.apiVersion,
    endpoint: model.foundry.endpoint,
  });
  if (!forwarding) return `speaks ${model.api}, which is neither chat-completions nor anthropic-messages`;
  const base = backendUrl(forwarding.kind, accountSubdomain(project, env.name, d.account), d.deployment.name);
  const anthropic = forwarding.kind === "anthropic";
  const url = `${base}${anthropic ? "/v1/messages" : "/chat/completions"}${forwarding.apiVersion ? `?api-version=${forwarding.apiVersion}` : ""}`;
  const headers: Record<string, string> = {
    Authorization: `Bearer {{env.${TOKEN_ENV}}}`,
    "Content-Type": "application/json",
    ...(anthropic ? { "anthropic-version": ANTHROPIC_VERSION } : {}),
  };
  const body = anthropic
    ? { model: d.deployment.name, max_tokens: ANTHROPIC_MAX_TOKENS, messages: [{ role: "user", content: "{{prompt}}" }] }
    : { model: d.deployment.name, messages: [{ role: "user", content: "{{prompt}}" }] };
  // A function, not a bare expression: Promptfoo reads any transform containing `=>` as a function to call.
  const transformResponse = anthropic
    ? "(json) => ({ output: (json.content || []).filter((c) => c.type === 'text').map((c) => c.text).join(''), tokenUsage: { prompt: json.usage?.input_tokens, completion: json.usage?.output_tokens, total: (json.usage?.input_tokens ?? 0) + (json.usage?.output_tokens ?? 0) } })"
    : "(json) => ({ output: json.choices?.[0]?.message?.content ?? '', tokenUsage: { prompt: json.usage?.prompt_tokens, completion: json.usage?.completion_tokens, total: json.usage?.total_tokens } })";
  return { provider: { id: "https", label: d.ref, config: { url, method: "POST", headers, body, transformResponse } }, url };
}

/**
 * The Promptfoo config for one environment and task class: the route's current targets, then up to `candidates`
 * models of the `recommend` ranking (provenance-filtered for a provenance-required class) that have a deployment in
 * the environment. Throws nothing; an unrouted class gets candidates only.
 */
export function evalInit(config: RoutingConfig, env: Environment, tc: TaskClass, options: EvalInitOptions): EvalInit {
  const limit = options.candidates ?? 3;
  const deployments = deploymentsByRef(env, modelsById(config));
  const route = routingTable(config, env).routes.find((r) => r.taskClass === tc.id);
  const chosen: { info: DeploymentInfo; role: "target" | "candidate"; weight?: number; rank?: number }[] = [];
  const skipped: { model: string; reason: string }[] = [];
  for (const t of route?.targets ?? []) {
    const info = deployments.get(t.deployment);
    if (info?.model) chosen.push({ info, role: "target", weight: t.weight });
  }
  const ranking = recommend(config, { environment: env.name, taskClass: tc.id })[0]?.ranked ?? [];
  const targetModels = new Set(chosen.map((c) => c.info.model!.id));
  let taken = 0;
  for (const r of ranking) {
    if (taken >= limit) break;
    if (targetModels.has(r.model.id)) continue;
    const of = [...deployments.values()]
      .filter((d) => d.model?.id === r.model.id && !chosen.some((c) => c.info.ref === d.ref))
      .sort((a, b) => (a.ref < b.ref ? -1 : 1));
    if (of.length === 0) {
      skipped.push({ model: r.model.id, reason: `rank ${r.rank}: no deployment in ${env.name} (add one to evaluate it)` });
      continue;
    }
    for (const info of of) chosen.push({ info, role: "candidate", rank: r.rank });
    taken++;
  }
  const providers: Record<string, unknown>[] = [];
  const listed: EvalProvider[] = [];
  for (const c of chosen) {
    const p = httpProvider(env.spec.project, env, c.info);
    if (typeof p === "string") {
      skipped.push({ model: c.info.model!.id, reason: `${c.info.ref} ${p}` });
      continue;
    }
    providers.push(p.provider);
    listed.push({
      deployment: c.info.ref,
      model: c.info.model!.id,
      version: c.info.version ?? "",
      role: c.role,
      ...(c.weight !== undefined ? { weight: c.weight } : {}),
      ...(c.rank !== undefined ? { rank: c.rank } : {}),
      url: p.url,
    });
  }
  const document = {
    description: `foundry-routes eval: ${env.name}/${tc.id}`,
    prompts: [PROMPT_TEMPLATE],
    providers,
    tests: `file://${options.promptsRef}`,
    metadata: {
      [METADATA_KEY]: {
        format: EVAL_CONFIG_FORMAT,
        environment: env.name,
        taskClass: tc.id,
        prompts: options.promptsFile,
        deployments: Object.fromEntries(
          listed.map((p) => [
            p.deployment,
            {
              model: p.model,
              version: p.version,
              role: p.role,
              ...(p.weight !== undefined ? { weight: p.weight } : {}),
              ...(p.rank !== undefined ? { rank: p.rank } : {}),
            },
          ]),
        ),
      },
    },
  };
  const header = [
    `# Generated by foundry-routes eval init --env ${env.name} --task-class ${tc.id}. Regenerate instead of editing:`,
    "# eval import reads the metadata block back, and each provider's label is the deployment it measures.",
    "#",
    "# Each provider calls its deployment's own Foundry endpoint (not the gateway, which cannot be pinned to one",
    `# deployment), with your Entra ID token: your identity needs a data-plane role on the account (docs/evals.md).`,
    `#   export ${TOKEN_ENV}="$(az account get-access-token --resource ${COGNITIVE_SERVICES_RESOURCE} --query accessToken -o tsv)"`,
    "#   npx promptfoo eval -c <this file> --output results.json --no-cache",
    `#   foundry-routes eval import results.json --env ${env.name} --task-class ${tc.id}`,
    "#",
    "# Deployments:",
    ...listed.map(
      (p) =>
        `#   ${p.deployment}: ${p.model}@${p.version}, ${p.role === "target" ? `current target, weight ${p.weight}` : `candidate, rank ${p.rank}`}`,
    ),
    ...(skipped.length > 0 ? ["# Not evaluated:", ...skipped.map((s) => `#   ${s.model}: ${s.reason}`)] : []),
  ];
  return { text: `${header.join("\n")}\n${stringify(document, { lineWidth: 0, version: "1.1" })}`, providers: listed, skipped };
}
