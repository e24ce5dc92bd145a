// The shape of the YAML under config/. zod parses shape only; meaning is checked by routing/rules.
// Every object is strict so that a misspelt key is an error, not a silently ignored setting.
import { z } from "zod";
import { hasCdktfTokenMarker } from "../naming/strings";
import { AZURE_REGIONS, isAzureRegion, suggestRegion } from "./azure-regions";

// zod compiles a parser per object schema (new Function) on its first parse: the config is parsed once per run, so the
// compiling cost more than it saved (zod's share of a synth fell by three fifths without it). Same results and issues.
z.config({ jitless: true });

/** Every config string: never one cdktf would read as a token (see routing/naming/strings.ts). */
function str() {
  return z.string().refine((s) => !hasCdktfTokenMarker(s), { message: "expected text without the cdktf token marker '{TfToken['" });
}

/**
 * Words a reviewer reads instead of a decision (a suppression's reason, an acknowledgement): at least three different
 * words that are not placeholders, so "xxxxxxxxxx", "TODO TODO TODO" or "asdf asdf asdf" do not pass for a reason.
 * Text in a script written without spaces counts when it holds at least six different letters.
 */
export function isProse(s: string): boolean {
  const words = new Set((s.toLowerCase().match(/\p{L}[\p{L}\p{M}'’-]*/gu) ?? []).filter((w) => !PLACEHOLDER_WORDS.test(w)));
  if ([...words].filter((w) => w.length >= 2).length >= 3) return true;
  return !/[a-z]/i.test(s) && new Set(s.match(/\p{L}/gu) ?? []).size >= 6;
}
const PLACEHOLDER_WORDS = /^(?:todo|tbd|tba|fixme|xxx*|x+|n\/?a|na|none|nothing|asdf\w*|qwerty|lorem|ipsum|foo|bar|baz|test|placeholder|reason|blah|dummy|later)$/;

/** Free text of at least `min` characters (whitespace does not count) that is prose (isProse). */
function prose(min: number, tooShort: string, what: string) {
  return str()
    .trim()
    .min(min, { message: tooShort })
    .refine(isProse, { message: `expected ${what} in words (at least three different words, not a placeholder such as TODO or xxx)` });
}

/** How much we trust a vendor fact. An unknown value is `undisclosed`, never a guess. */
export const Evidence = z.enum(["vendor-claim", "independent", "undisclosed"]);
export type Evidence = z.infer<typeof Evidence>;

const Level3 = z.enum(["low", "medium", "high"]);
type Level3 = z.infer<typeof Level3>;

const kebab = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: "expected a kebab-case id (a-z, 0-9, single dashes)" });

/** A vendor fact with its evidence level; `value` must be absent when evidence is `undisclosed`. */
function fact<T extends z.ZodType>(value: T) {
  return z
    .strictObject({
      /** The fact; omitted when undisclosed. */
      value: value.optional().meta({ description: "The fact; omitted when undisclosed." }),
      evidence: Evidence.meta({ description: "How much to trust the value: vendor-claim, independent, or undisclosed (then no value)." }),
      /** Where the fact comes from (a page title, an announcement, a paper). */
      source: str().min(1).optional().meta({ description: "Where the fact comes from (a page title, an announcement, a paper)." }),
    })
    .superRefine((f, ctx) => {
      if (f.evidence === "undisclosed" && f.value !== undefined) {
        ctx.addIssue({ code: "custom", path: ["value"], message: "expected no value: an undisclosed fact must not carry a value (remove value, or set evidence to vendor-claim/independent)" });
      }
      if (f.evidence !== "undisclosed" && f.value === undefined) {
        ctx.addIssue({ code: "custom", path: ["value"], message: `evidence is ${f.evidence}, so a value is required (or set evidence: undisclosed)` });
      }
    });
}

export const ApiShape = z.enum(["chat-completions", "anthropic-messages", "moderation"]);
export type ApiShape = z.infer<typeof ApiShape>;

export const Availability = z.enum(["ga", "preview", "unverified", "not-offered"]);
export type Availability = z.infer<typeof Availability>;

export const Sku = z.enum([
  "Standard",
  "GlobalStandard",
  "DataZoneStandard",
  "GlobalBatch",
  "DataZoneBatch",
  "ProvisionedManaged",
  "GlobalProvisionedManaged",
  "DataZoneProvisionedManaged",
  "DeveloperTier",
]);
export type Sku = z.infer<typeof Sku>;

export const CatalogModel = z.strictObject({
  /** Catalog id, kebab-case; deployments refer to models by this id. */
  id: kebab.meta({ description: "Catalog id, kebab-case; deployments refer to models by this id." }),
  /** Human name as the vendor writes it. */
  displayName: str().min(1).meta({ description: "Human name as the vendor writes it." }),
  vendor: z.enum(["microsoft", "openai", "anthropic", "deepseek", "meta"]).meta({ description: "Who makes the model: microsoft, openai, anthropic, deepseek or meta." }),
  family: str().min(1).meta({ description: "Model family as the vendor names it, e.g. MAI, GPT-4o, o-series." }),
  useCase: fact(str().min(1)).meta({ description: "What the vendor says the model is for (a fact with evidence)." }),
  architecture: fact(str().min(1)).meta({ description: "Architecture as disclosed (a fact with evidence; undisclosed when nobody says)." }),
  positioning: z.strictObject({
    /** Task complexity levels the model is meant for. */
    complexity: z.array(Level3).min(1).meta({ description: "Task complexity levels the model is meant for." }),
    /** Latency sensitivities the model suits (high = interactive, keystroke-level). */
    latency: z.array(Level3).min(1).meta({ description: "Latency sensitivities the model suits (high = interactive, keystroke-level)." }),
    evidence: Evidence.meta({ description: "Evidence level of the positioning." }),
  }).meta({ description: "What the vendor positions the model for: complexity and latency levels." }),
  /** Context window in tokens. */
  contextWindow: fact(z.number().int().positive()).meta({ description: "Context window in tokens." }),
  /** Request/response shape the model speaks. */
  api: ApiShape.meta({ description: "Request/response shape the model speaks." }),
  provenance: z.strictObject({
    /** `licensed`: commercially licensed or owned data; `mixed`: includes web-scraped or unlicensed data. */
    trainingData: fact(z.enum(["licensed", "mixed"])).meta({ description: "`licensed`: commercially licensed or owned data; `mixed`: includes web-scraped or unlicensed data." }),
    /** `none`: no distillation from third-party models; `third-party`: distilled from another vendor's model. */
    distillation: fact(z.enum(["none", "third-party"])).meta({ description: "`none`: no distillation from third-party models; `third-party`: distilled from another vendor's model." }),
    /** License terms of the model itself. */
    license: fact(str().min(1)).meta({ description: "License terms of the model itself." }),
  }).meta({ description: "Where the model comes from: training data, distillation, license." }),
  claims: z
    .array(
      z.strictObject({
        text: str().min(1).meta({ description: "The claim, in the vendor's terms." }),
        evidence: Evidence.meta({ description: "Evidence level of the claim." }),
        source: str().min(1).optional().meta({ description: "Where the claim was read." }),
        /** Machine-readable efficiency claim, shown by `review` as "if the vendor claim holds", never applied. */
        costFactor: z.number().positive().optional().meta({ description: "Machine-readable efficiency claim, shown by `review` as \"if the vendor claim holds\", never applied." }),
      }),
    )
    .default([]).meta({ description: "Vendor claims, kept as claims (review shows them; nothing applies them)." }),
  /** Products where the model is offered today. */
  surfaces: z.array(fact(str().min(1))).default([]).meta({ description: "Products where the model is offered today." }),
  foundry: z.strictObject({
    /** Model format as Azure names it: OpenAI, Microsoft, Anthropic, DeepSeek, Meta, … */
    format: str().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: "expected letters, digits, '.', '_' or '-'" }).meta({ description: "Model format as Azure names it: OpenAI, Microsoft, Anthropic, DeepSeek, Meta, …" }),
    /** Model name as Azure names it. */
    name: str().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: "expected letters, digits, '.', '_' or '-'" }).meta({ description: "Model name as Azure names it." }),
    /** Catalog version to pin; absent when not published, so deployments must pin one themselves. */
    version: str().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: "expected letters, digits, '.', '_' or '-'" }).optional().meta({ description: "Catalog version to pin; absent when not published, so deployments must pin one themselves." }),
    skus: z.array(Sku).min(1).meta({ description: "Deployment types Azure offers for the model; a deployment's sku must be one of them." }),
    availability: Availability.meta({ description: "ga or preview: Foundry offers it (source in note); unverified: not established, deployments need an acknowledgement; not-offered: never deployable." }),
    /**
     * Data-plane api-version the gateway must send for this model, where the default for its API does not serve it
     * (o-series models answer 400 below 2024-12-01-preview).
     */
    apiVersion: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}(?:-preview)?$/, { message: "expected an api-version such as 2024-12-01-preview" })
      .optional().meta({ description: "Data-plane api-version the gateway must send for this model, where the default for its API does not serve it (o-series models answer 400 below 2024-12-01-preview)." }),
    /**
     * Data-plane surface the gateway forwards to: `azure-openai` (/openai/deployments/<name>), `foundry-models`
     * (/models, deployment in the body), `mai` (/mai/v1, no api-version). Default: azure-openai for OpenAI models,
     * foundry-models for the other chat-completions models.
     */
    endpoint: z.enum(["azure-openai", "foundry-models", "mai"]).optional().meta({ description: "Data-plane surface the gateway forwards to: `azure-openai` (/openai/deployments/<name>), `foundry-models` (/models, deployment in the body), `mai` (/mai/v1, no api-version). Default: azure-openai for OpenAI models, foundry-models for the other chat-completions models." }),
    /** True for the Foundry model router: deployments of it may set `routing` with a subset of catalog models. */
    router: z.boolean().default(false).meta({ description: "True for the Foundry model router: deployments of it may set `routing` with a subset of catalog models." }),
    /** How availability was established, or why it could not be. */
    note: str().min(1).optional().meta({ description: "How availability was established, or why it could not be." }),
  }).meta({ description: "How Microsoft Foundry offers and serves the model." }),
  pricing: z
    .strictObject({
      /** USD per 1M input tokens. */
      inputPer1M: z.number().nonnegative().meta({ description: "USD per 1M input tokens." }),
      /** USD per 1M output tokens. */
      outputPer1M: z.number().nonnegative().meta({ description: "USD per 1M output tokens." }),
      evidence: Evidence.meta({ description: "Evidence level of the prices." }),
      source: str().min(1).meta({ description: "Where the prices were read." }),
    })
    .optional().meta({ description: "Price per 1M tokens, for cost estimates; absent: unknown, never $0." }),
});
export type CatalogModel = z.infer<typeof CatalogModel>;

export const ModelsFile = z.strictObject({
  $schema: str().optional().meta({ description: "JSON Schema reference for editors." }),
  models: z.array(CatalogModel).min(1).meta({ description: "The catalog: every model a deployment may name." }),
});
export type ModelsFile = z.infer<typeof ModelsFile>;

export const TaskClass = z.strictObject({
  id: kebab.meta({ description: "Task class id, kebab-case; routes, consumers and the x-task-class header use it." }),
  description: str().min(1).meta({ description: "What kind of request the class covers." }),
  /** How much the caller feels latency (high = keystroke-level). */
  latency: Level3.meta({ description: "How much the caller feels latency (high = keystroke-level)." }),
  tokenVolume: Level3.meta({ description: "Typical tokens per request: low, medium or high." }),
  /** When true, only models with licensed, non-distilled training data may serve this class. */
  provenanceRequired: z.boolean().meta({ description: "When true, only models with licensed, non-distilled training data may serve this class." }),
  complexity: Level3.meta({ description: "How hard the task is: low, medium or high; matched against model positioning (FR-FIT-1)." }),
  /**
   * Eval gate (docs/evals.md): a route change that gives a deployment more of this class's traffic must be backed by
   * an evidence file from `foundry-routes eval import`. Defaults: see EVAL_GATE_DEFAULTS.
   */
  evalGate: z
    .strictObject({
      /** Lowest pass rate (0–1) the evidence may show. @default 0.9 */
      minPassRate: z.number().min(0).max(1).optional().meta({ description: "Lowest pass rate (0–1) the evidence may show. @default 0.9" }),
      /** Evidence older than this many days (from Promptfoo's timestamp) does not count. @default 30 */
      maxAgeDays: z.number().int().positive().optional().meta({ description: "Evidence older than this many days (from Promptfoo's timestamp) does not count. @default 30" }),
      /** Missing evidence is an error (FR-EVAL-2) instead of a warning (FR-EVAL-1). @default provenanceRequired */
      required: z.boolean().optional().meta({ description: "Missing evidence is an error (FR-EVAL-2) instead of a warning (FR-EVAL-1). @default provenanceRequired" }),
    })
    .optional().meta({ description: "Eval gate (docs/evals.md): a route change that gives a deployment more of this class's traffic must be backed by an evidence file from `foundry-routes eval import`. Defaults: see EVAL_GATE_DEFAULTS." }),
});
export type TaskClass = z.infer<typeof TaskClass>;

/** Defaults of a task class's `evalGate`; `required` defaults to the class's `provenanceRequired`. */
const EVAL_GATE_DEFAULTS = { minPassRate: 0.9, maxAgeDays: 30 } as const;

/** The eval gate of a task class with its defaults filled in. */
export function evalGateOf(tc: TaskClass): { readonly minPassRate: number; readonly maxAgeDays: number; readonly required: boolean } {
  return {
    minPassRate: tc.evalGate?.minPassRate ?? EVAL_GATE_DEFAULTS.minPassRate,
    maxAgeDays: tc.evalGate?.maxAgeDays ?? EVAL_GATE_DEFAULTS.maxAgeDays,
    required: tc.evalGate?.required ?? tc.provenanceRequired,
  };
}

export const TaskClassesFile = z.strictObject({
  $schema: str().optional().meta({ description: "JSON Schema reference for editors." }),
  taskClasses: z.array(TaskClass).min(1).meta({ description: "The kinds of task routes serve." }),
});
export type TaskClassesFile = z.infer<typeof TaskClassesFile>;

const azureName = str().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: "expected letters, digits, '.', '_' or '-'" });
/**
 * An Azure region as ARM spells it (`eastus2`, not `East US 2`), from the list in azure-regions.ts. An unknown name
 * is refused here, with the nearest known one, instead of by Azure at apply time.
 */
const region = str().superRefine((s, ctx) => {
  if (isAzureRegion(s)) return;
  const near = suggestRegion(s);
  ctx.addIssue({
    code: "custom",
    message: `expected a known Azure region name, as listed in routing/config/azure-regions.ts${near === undefined ? "" : ` (did you mean "${near}"?)`}`,
  });
})
  // Editors complete and check region names from the generated JSON Schema.
  .meta({ enum: Object.keys(AZURE_REGIONS) });

/** A tag name as Azure Resource Manager accepts it (tag-resources.md, "Limitations"). */
const tagName = str()
  .min(1, { message: "expected a tag name of at least one character" })
  .max(512)
  .refine((k) => !/[<>%&\\?/]/.test(k), { message: "expected a tag name without <, >, %, &, \\, ? or / (Azure refuses them)" });

/** Ways a backend answer can fail that a route may fall back on; see forwarding.ts for the Azure errors behind each. */
export const FALLBACK_CONDITIONS = ["throttled", "server-error", "not-found", "context-length", "content-filter"] as const;
export type FallbackCondition = (typeof FALLBACK_CONDITIONS)[number];
/** Safe default: failures that say nothing about the request itself, so another deployment may well succeed. */
export const DEFAULT_FALLBACK_ON: readonly FallbackCondition[] = ["throttled", "server-error", "not-found"];

/** Model router routing modes, as the deployment API spells them. */
const ROUTER_MODES = ["balanced", "quality", "cost"] as const;

/** Filters that detect rather than grade: Azure takes and returns no severity for them (azurerm's own list). */
export const SINGLE_LEVEL_FILTERS: ReadonlySet<string> = new Set(["Jailbreak", "Indirect Attack", "Protected Material Text", "Protected Material Code"]);

const ContentFilter = z
  .strictObject({
    // Spelled as the Cognitive Services REST API returns them (PutRaiPolicy example, 2025-06-01: "Selfharm"), so plans stay quiet.
    name: z.enum(["Hate", "Sexual", "Violence", "Selfharm", "Jailbreak", "Indirect Attack", "Protected Material Text", "Protected Material Code", "Profanity"]).meta({ description: "Filter category, spelled as Azure returns it." }),
    source: z.enum(["Prompt", "Completion"]).meta({ description: "Prompt (input) or Completion (output)." }),
    /** Severity from which content is filtered; graded filters only (default Medium). */
    severityThreshold: z.enum(["Low", "Medium", "High"]).optional().meta({ description: "Severity from which content is filtered; graded filters only (default Medium)." }),
    blocking: z.boolean().default(true).meta({ description: "false annotates instead of blocking (needs Microsoft's approval for modified filtering)." }),
    enabled: z.boolean().default(true).meta({ description: "Whether the filter runs." }),
  })
  .superRefine((f, ctx) => {
    if (f.severityThreshold !== undefined && SINGLE_LEVEL_FILTERS.has(f.name)) {
      ctx.addIssue({
        code: "custom",
        path: ["severityThreshold"],
        message: `expected no severityThreshold for ${f.name}, which only detects (Azure keeps no severity for it), found "${f.severityThreshold}"`,
      });
    }
  });

export const RaiPolicy = z.strictObject({
  name: azureName.meta({ description: "Policy name; deployments of the account refer to it in raiPolicy. Unique per account." }),
  basePolicy: str().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: "expected letters, digits, '.', '_' or '-'" }).default("Microsoft.DefaultV2").meta({ description: "Built-in policy this one starts from." }),
  mode: z.enum(["Default", "Deferred", "Blocking", "Asynchronous_filter"]).default("Blocking").meta({ description: "Filtering mode (Asynchronous_filter streams first and filters after)." }),
  contentFilters: z.array(ContentFilter).min(1).meta({ description: "One entry per category and source." }),
});
export type RaiPolicy = z.infer<typeof RaiPolicy>;

export const Deployment = z.strictObject({
  /** Deployment name, as clients and the gateway address it; unique per account. */
  name: azureName.meta({ description: "Deployment name, as clients and the gateway address it; unique per account." }),
  /** Catalog model id. */
  model: str().min(1).meta({ description: "Catalog model id." }),
  /** Model version to pin; defaults to the catalog's version. */
  version: str().min(1).optional().meta({ description: "Model version to pin; defaults to the catalog's version." }),
  sku: Sku.default("GlobalStandard").meta({ description: "Deployment type; must be one of the model's foundry.skus (FR-SKU-1)." }),
  /** K TPM (PTUs for provisioned SKUs). */
  capacity: z.number().int().min(1).max(10000).default(1).meta({ description: "K TPM (PTUs for provisioned SKUs)." }),
  /** RAI policy name: one of the account's raiPolicies, or a Microsoft built-in. */
  raiPolicy: str().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: "expected letters, digits, '.', '_' or '-'" }).default("Microsoft.DefaultV2").meta({ description: "RAI policy name: one of the account's raiPolicies, or a Microsoft built-in." }),
  versionUpgradeOption: z.enum(["NoAutoUpgrade", "OnceNewDefaultVersionAvailable", "OnceCurrentVersionExpired"]).default("NoAutoUpgrade").meta({ description: "When Azure may move the deployment to another version; anything but NoAutoUpgrade warns (FR-PIN-2)." }),
  /**
   * Model router only: how it routes and to which catalog models (the subset). Without it the router uses
   * Balanced mode and its full model pool.
   * @default - Balanced over the full pool
   */
  routing: z
    .strictObject({
      mode: z.enum(ROUTER_MODES).default("balanced").meta({ description: "Model router routing mode: balanced, quality or cost." }),
      /** Catalog model ids the router may choose from; at least one. */
      models: z
        .array(str().min(1))
        .min(1)
        .refine((list) => new Set(list).size === list.length, { message: "expected each subset model once" }).meta({ description: "Catalog model ids the router may choose from; at least one." }),
    })
    .optional().meta({ description: "Model router only: how it routes and to which catalog models (the subset). Without it the router uses Balanced mode and its full model pool." }),
  /** Required when the model's Foundry availability is `unverified`: who checked what, and why it is deployed anyway. */
  acknowledgement: prose(
    20,
    "expected an acknowledgement of at least 20 characters saying who checked what (whitespace does not count)",
    "an acknowledgement saying who checked what",
  )
    .optional().meta({ description: "Required when the model's Foundry availability is `unverified`: who checked what, and why it is deployed anyway." }),
});
export type Deployment = z.infer<typeof Deployment>;

/** Account SKUs the azurerm provider accepts for a Cognitive Services account (`sku_name`); Foundry accounts use S0. */
export const ACCOUNT_SKUS = ["C2", "C3", "C4", "D3", "DC0", "E0", "F0", "F1", "P0", "P1", "P2", "S", "S0", "S1", "S2", "S3", "S4", "S5", "S6"] as const;

export const Account = z.strictObject({
  /** Short id used in deployment references (`<account>/<deployment>`), e.g. eus2. */
  id: kebab.meta({ description: "Short id used in deployment references (`<account>/<deployment>`), e.g. eus2." }),
  /** Azure region. */
  region: region.meta({ description: "Azure region of the account (a programmatic region name such as eastus2)." }),
  /** Azure resource name; default is CAF-style `ais-<project>-<env>-<id>`. */
  name: azureName.optional().meta({ description: "Azure resource name; default is CAF-style `ais-<project>-<env>-<id>`." }),
  /** Custom subdomain for the endpoint; defaults to the name. */
  customSubdomain: str()
    .regex(/^[a-z0-9][a-z0-9-]*$/, { message: "expected a lowercase DNS label (a-z, 0-9 and '-', starting with a letter or digit)" })
    .optional().meta({ description: "Custom subdomain for the endpoint; defaults to the name." }),
  publicNetworkAccess: z.boolean().default(false).meta({ description: "Whether the endpoint is reachable from the internet; off (or an IP allow-list) locks out a BasicV2 gateway (FR-GATEWAY-3)." }),
  /** Allowed client IPs/CIDRs when public access is on. */
  allowedIps: z
    .array(
      str().regex(/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(\/(3[0-2]|[12]?\d))?$/, {
        message: "expected an IPv4 address or CIDR such as 203.0.113.0/24",
      }),
    )
    .default([]).meta({ description: "Allowed client IPs/CIDRs when public access is on." }),
  sku: z
    .enum(ACCOUNT_SKUS)
    .default("S0").meta({ description: "Account SKU." }),
  /** Foundry project name; default `proj-<project>-<env>-<id>`. */
  projectName: azureName.optional().meta({ description: "Foundry project name; default `proj-<project>-<env>-<id>`." }),
  raiPolicies: z.array(RaiPolicy).default([]).meta({ description: "Custom content-filter (RAI) policies of the account." }),
  /** Resource id of a Log Analytics workspace for diagnostic settings. */
  logAnalyticsWorkspaceId: str().startsWith("/subscriptions/").optional().meta({ description: "Resource id of a Log Analytics workspace for diagnostic settings." }),
  deployments: z.array(Deployment).default([]).meta({ description: "Model deployments of the account, created one at a time (verified models first)." }),
});
export type Account = z.infer<typeof Account>;

export const Sticky = z.union([
  z.strictObject({ header: str().regex(/^[A-Za-z0-9-]+$/, { message: "expected an HTTP header name" }).meta({ description: "Request header whose value keeps a caller on one target." }) }),
  z.strictObject({ subscription: z.literal(true).meta({ description: "Keep each APIM subscription on one target." }) }),
]);
export type Sticky = z.infer<typeof Sticky>;

/**
 * Severity scales of Azure AI Content Safety as the APIM `llm-content-safety` policy names them (`categories
 * output-type`): FourSeverityLevels returns 0, 2, 4 or 6; EightSeverityLevels 0 to 7.
 */
export const CONTENT_SAFETY_SEVERITY_LEVELS = {
  FourSeverityLevels: [0, 2, 4, 6],
  EightSeverityLevels: [0, 1, 2, 3, 4, 5, 6, 7],
} as const;
export type ContentSafetyOutputType = keyof typeof CONTENT_SAFETY_SEVERITY_LEVELS;

/** YAML key of each harm category and its name in the policy (`category name`), in the policy reference's order. */
export const CONTENT_SAFETY_CATEGORIES = [
  ["hate", "Hate"],
  ["selfHarm", "SelfHarm"],
  ["sexual", "Sexual"],
  ["violence", "Violence"],
] as const;
export type ContentSafetyCategoryKey = (typeof CONTENT_SAFETY_CATEGORIES)[number][0];

/** ARM id of a Cognitive Services account: the scope of the gateway's role and, read by a data source, its endpoint. */
export const COGNITIVE_ACCOUNT_ID =
  /^\/subscriptions\/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\/resourceGroups\/([-\w.()]{0,89}[-\w()])\/providers\/Microsoft\.CognitiveServices\/accounts\/([A-Za-z0-9][A-Za-z0-9_.-]{1,63})$/;

const severityThreshold = z
  .number()
  .int()
  .min(0)
  .max(7)
  .optional()
  .meta({ description: "Severity from which a request is blocked (0-7; with FourSeverityLevels one of 0, 2, 4, 6); absent: the category is not checked." });

export const ContentSafety = z
  .strictObject({
    /** Prompt Shields: block user prompt attacks (jailbreaks). */
    promptShield: z.boolean().default(false).meta({ description: "Prompt Shields: block prompts that Azure AI Content Safety detects as user prompt attacks (shield-prompt)." }),
    outputType: z
      .enum(["FourSeverityLevels", "EightSeverityLevels"])
      .default("FourSeverityLevels")
      .meta({ description: "Severity scale of the category thresholds: FourSeverityLevels (0, 2, 4, 6) or EightSeverityLevels (0-7)." }),
    categories: z
      .strictObject({
        hate: severityThreshold,
        selfHarm: severityThreshold,
        sexual: severityThreshold,
        violence: severityThreshold,
      })
      .default({})
      .meta({ description: "Harm categories to check, each with the severity from which a request is blocked." }),
    blocklists: z
      .array(
        str().regex(/^[A-Za-z0-9][A-Za-z0-9._~-]{0,63}$/, {
          message: "expected a blocklist name (letters, digits, '.', '_', '~' or '-', at most 64 characters)",
        }),
      )
      .refine((list) => new Set(list).size === list.length, { message: "expected each blocklist once" })
      .default([])
      .meta({ description: "Names of text blocklists of the Content Safety resource; a match blocks the request." }),
    enforceOnCompletions: z
      .boolean()
      .default(false)
      .meta({ description: "Also check the model's completions (enforce-on-completions), not only the prompt (docs/gateway.md, \"Content safety\")." }),
    account: kebab
      .optional()
      .meta({ description: "Foundry account (`accounts[].id`) whose endpoint serves Content Safety. Default: the account of the route's primary target." }),
    resource: str()
      .regex(COGNITIVE_ACCOUNT_ID, {
        message: "expected the resource id of a Cognitive Services account: /subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.CognitiveServices/accounts/<name>",
      })
      .optional()
      .meta({ description: "Resource id of an existing Content Safety (or AIServices) account to use instead of a Foundry account of the environment." }),
  })
  .superRefine((cs, ctx) => {
    if (cs.account !== undefined && cs.resource !== undefined) {
      ctx.addIssue({ code: "custom", path: ["resource"], message: `expected either account or resource, not both (account is "${cs.account}")` });
    }
    const allowed: readonly number[] = CONTENT_SAFETY_SEVERITY_LEVELS[cs.outputType];
    for (const [key] of CONTENT_SAFETY_CATEGORIES) {
      const t = cs.categories[key];
      // Off the 0-7 range or not an integer: the field's own check says so; only a value on neither scale is added here.
      if (t === undefined || allowed.includes(t) || !Number.isInteger(t) || t < 0 || t > 7) continue;
      ctx.addIssue({
        code: "custom",
        path: ["categories", key],
        message: `expected a ${cs.outputType} threshold (${allowed.join(", ")}: the severities Azure AI Content Safety returns on that scale; or outputType: EightSeverityLevels)`,
      });
    }
    if (!cs.promptShield && cs.blocklists.length === 0 && CONTENT_SAFETY_CATEGORIES.every(([key]) => cs.categories[key] === undefined)) {
      ctx.addIssue({ code: "custom", path: [], message: "expected promptShield: true, a category threshold or a blocklist (this check would block nothing)" });
    }
  });
export type ContentSafety = z.infer<typeof ContentSafety>;

export const Route = z.strictObject({
  taskClass: str().min(1).meta({ description: "The task class this route serves; one route per class." }),
  targets: z
    .array(
      z.strictObject({
        /** `<account>/<deployment>` */
        deployment: str().min(1).meta({ description: "`<account>/<deployment>`" }),
        /** Share of the class's traffic, in percent. */
        weight: z.number().int().min(0).max(100).meta({ description: "Share of the class's traffic, in percent." }),
      }),
    )
    .min(1).meta({ description: "Deployments sharing the class's traffic by weight (weights sum to 100)." }),
  /** Deployments tried in order when the chosen target fails in one of the `fallbackOn` ways. */
  fallbacks: z.array(str().min(1)).default([]).meta({ description: "Deployments tried in order when the chosen target fails in one of the `fallbackOn` ways." }),
  /**
   * Failures that move a request to the next fallback (docs/gateway.md, "Fallback conditions"). `context-length`
   * skips to the next fallback whose model has a larger context window.
   */
  fallbackOn: z
    .array(z.enum(FALLBACK_CONDITIONS))
    .min(1)
    .refine((list) => new Set(list).size === list.length, { message: "expected each fallback condition once" })
    .default([...DEFAULT_FALLBACK_ON]).meta({ description: "Failures that move a request to the next fallback (docs/gateway.md, \"Fallback conditions\"). `context-length` skips to the next fallback whose model has a larger context window." }),
  /** Keep a caller on one target (prompt-cache friendly) by hashing this key. */
  sticky: Sticky.optional().meta({ description: "Keep a caller on one target (prompt-cache friendly) by hashing this key." }),
  /** Optional gateway token limit per subscription. */
  tokenLimit: z
    .strictObject({
      tokensPerMinute: z.number().int().positive().meta({ description: "Tokens per minute per caller, enforced by llm-token-limit." }),
      counterKey: z.enum(["subscription", "ip"]).default("subscription").meta({ description: "What a caller is: the APIM subscription or the caller's IP." }),
    })
    .optional().meta({ description: "Optional gateway token limit per subscription." }),
  /**
   * Azure AI Content Safety at the gateway (`llm-content-safety`) for this class's requests; a blocked request
   * answers 403 (docs/gateway.md, "Content safety").
   */
  contentSafety: ContentSafety.optional().meta({ description: "Azure AI Content Safety at the gateway (llm-content-safety) for this class's requests; a blocked request answers 403 (docs/gateway.md, \"Content safety\")." }),
});
export type Route = z.infer<typeof Route>;

export const Backend = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("local").meta({ description: "Terraform state backend: local, azurerm or cloud." }) }),
  z.strictObject({
    type: z.literal("azurerm").meta({ description: "Terraform state backend: local, azurerm or cloud." }),
    resourceGroupName: str().min(1).meta({ description: "Resource group of the state storage account." }),
    storageAccountName: str().min(1).meta({ description: "Storage account holding the state." }),
    containerName: str().min(1).meta({ description: "Blob container holding the state." }),
    key: str().min(1).meta({ description: "Blob name of the state file." }),
    useOidc: z.boolean().default(true).meta({ description: "Authenticate to the storage with OIDC (workload identity), not a key." }),
  }),
  z.strictObject({
    type: z.literal("cloud").meta({ description: "Terraform state backend: local, azurerm or cloud." }),
    organization: str().min(1).meta({ description: "Terraform Cloud / HCP organization." }),
    workspace: str().min(1).meta({ description: "Terraform Cloud / HCP workspace." }),
    hostname: str().optional().meta({ description: "Terraform Cloud / Enterprise hostname." }),
  }),
]);
export type Backend = z.infer<typeof Backend>;

export const Gateway = z.union([
  z.strictObject({
    /** Create an APIM instance. */
    create: z.literal(true).meta({ description: "Create an APIM instance." }),
    name: azureName.optional().meta({ description: "APIM instance name; default apim-<project>-<env>. Globally unique." }),
    /** BasicV2 is the default: it supports the llm-* policies and provisions in minutes. */
    sku: z.enum(["BasicV2", "StandardV2", "PremiumV2", "Developer", "Basic", "Standard", "Premium"]).default("BasicV2").meta({ description: "BasicV2 is the default: it supports the llm-* policies and provisions in minutes." }),
    capacity: z.number().int().min(1).default(1).meta({ description: "APIM scale units." }),
    publisherName: str().min(1).meta({ description: "Publisher name APIM requires." }),
    publisherEmail: z.email().meta({ description: "Publisher e-mail APIM requires." }),
    region: region.optional().meta({ description: "Region of the APIM instance; default the resource group's." }),
  }),
  z.strictObject({
    /** Reference an existing APIM instance. */
    existing: z.strictObject({ name: azureName.meta({ description: "Name of the existing APIM instance." }), resourceGroupName: azureName.meta({ description: "Resource group of the existing APIM instance." }) }).meta({ description: "Reference an existing APIM instance." }),
  }),
]);
export type Gateway = z.infer<typeof Gateway>;

const uuid = str().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
  message: "expected a GUID such as 00000000-0000-0000-0000-000000000000",
});

/** Periods `llm-token-limit` accepts for `token-quota-period`. */
export const QUOTA_PERIODS = ["Hourly", "Daily", "Weekly", "Monthly", "Yearly"] as const;

/**
 * An Entra ID token audience: an application ID URI (`api://…`, `https://…`) or a client id. It is written into the
 * gateway policy as a literal, so nothing APIM reads as an expression (`@(`, `@{`), a named value (`{{`) or markup
 * may be in it: URI characters only, without `@`, braces, quotes, `<`, `>` or spaces.
 */
const audience = str().regex(/^[A-Za-z0-9][A-Za-z0-9:/?#[\]!$&'()*+,;=._~%-]*$/, {
  message: "expected an application ID URI such as api://foundry-routes-prod or a client id (URI characters, no @, braces, quotes or spaces)",
});

/** Keyless callers: the gateway validates Entra ID tokens and maps them to consumers. */
const Access = z.strictObject({
  /** Entra ID tenant whose tokens the gateway accepts. */
  tenantId: uuid.meta({ description: "Entra ID tenant whose tokens the gateway accepts." }),
  /** Token audiences the gateway accepts (its app ID URI or client id), at least one. */
  audiences: z.array(audience).min(1).meta({ description: "Token audiences the gateway accepts (its app ID URI or client id), at least one." }),
  /**
   * Also require an APIM subscription key; a product per consumer is created (subscriptions and their keys are
   * not: teams request them, so no key reaches Terraform state or output).
   * @default false
   */
  subscriptionKeys: z.boolean().default(false).meta({ description: "Also require an APIM subscription key; a product per consumer is created (subscriptions and their keys are not: teams request them, so no key reaches Terraform state or output)." }),
});
type Access = z.infer<typeof Access>;

export const Consumer = z.strictObject({
  /** Short id, kebab-case; shown in telemetry as `consumer`. */
  id: kebab.meta({ description: "Short id, kebab-case; shown in telemetry as `consumer`." }),
  /** Entra ID application (client) ids or managed-identity object ids its tokens carry (appid, azp or oid). */
  identities: z.array(uuid).min(1).meta({ description: "Entra ID application (client) ids or managed-identity object ids its tokens carry (appid, azp or oid)." }),
  /** Task classes it may call; any other answers 403. */
  taskClasses: z.array(str().min(1)).min(1).meta({ description: "Task classes it may call; any other answers 403." }),
  /** Token quotas per period, per task class or for all its classes (`taskClass` absent). */
  quotas: z
    .array(
      z.strictObject({
        taskClass: str().min(1).optional().meta({ description: "The class the quota counts; absent: all the consumer's classes together." }),
        /** Tokens (prompt + completion) per period, a positive integer. */
        tokens: z.number().int().positive().meta({ description: "Tokens (prompt + completion) per period, a positive integer." }),
        period: z.enum(QUOTA_PERIODS).meta({ description: "Quota period: Hourly, Daily, Weekly, Monthly or Yearly." }),
      }),
    )
    .default([]).meta({ description: "Token quotas per period, per task class or for all its classes (`taskClass` absent)." }),
  /** Tags for cost attribution, e.g. cost-center. */
  tags: z.record(str(), str()).default({}).meta({ description: "Tags for cost attribution, e.g. cost-center." }),
});
export type Consumer = z.infer<typeof Consumer>;

export const Telemetry = z.strictObject({
  /** Log Analytics workspace: created per environment, or an existing one by resource id. */
  workspace: z.union([
    z.strictObject({ create: z.literal(true).meta({ description: "Create a Log Analytics workspace for the environment." }), retentionDays: z.number().int().min(30).max(730).default(30).meta({ description: "Days the workspace keeps logs (30-730)." }) }),
    z.strictObject({ existing: str().startsWith("/subscriptions/").meta({ description: "Resource id of an existing Log Analytics workspace." }) }),
  ]).meta({ description: "Log Analytics workspace: created per environment, or an existing one by resource id." }),
});
export type Telemetry = z.infer<typeof Telemetry>;

const Suppression = z.strictObject({
  /** Rule id, e.g. FR-VENDOR-1. */
  rule: str().regex(/^FR-[A-Z]+-\d+$/, { message: "expected a rule id such as FR-VENDOR-1" }).meta({ description: "Rule id, e.g. FR-VENDOR-1." }),
  /** Why this is acceptable; at least 10 characters, shown in every report. */
  reason: prose(10, "expected a reason of at least 10 characters (a suppression needs one)", "a reason").meta({ description: "Why this is acceptable; at least 10 characters, shown in every report." }),
  /** Limit to findings about these subjects (task class ids or `<account>/<deployment>`); default all. */
  subjects: z
    .array(str().min(1))
    .min(1, { message: "expected at least one subject (leave subjects out to cover every finding of the rule)" })
    .optional()
    .meta({ description: "Limit to findings about these subjects (task class ids or `<account>/<deployment>`); default all." }),
});
type Suppression = z.infer<typeof Suppression>;

export const EnvironmentFile = z.strictObject({
  $schema: str().optional().meta({ description: "JSON Schema reference for editors." }),
  /** Short project name used in resource names. */
  project: kebab.default("foundry-routes").meta({ description: "Short project name used in resource names." }),
  resourceGroup: z.union([
    z.strictObject({ create: z.literal(true).meta({ description: "Create the resource group." }), name: azureName.meta({ description: "Resource group name." }), location: region.meta({ description: "Region of the resource group." }) }),
    z.strictObject({ existing: azureName.meta({ description: "Name of an existing resource group." }) }),
  ]).meta({ description: "Resource group of the environment: created, or an existing one." }),
  backend: Backend.default({ type: "local" }).meta({ description: "Where Terraform keeps the state of this environment." }),
  /**
   * Tags on every resource; keep them stable (no dates or commits). Azure's limits (tag-resources.md): a name of at
   * most 512 characters without `<>%&\?/`, a value of at most 256. The count (50 with the two tags foundry-routes
   * adds) and names that differ only in case are checked by rule FR-TAG-1.
   */
  tags: z.record(tagName, str().max(256)).default({}).meta({ description: "Tags on every resource; keep them stable (no dates or commits). Azure's limits (tag-resources.md): a name of at most 512 characters without `<>%&\\?/`, a value of at most 256. The count (50 with the two tags foundry-routes adds) and names that differ only in case are checked by rule FR-TAG-1." }),
  accounts: z.array(Account).min(1).meta({ description: "Foundry accounts of the environment, at least one." }),
  routes: z.array(Route).default([]).meta({ description: "Which deployments serve each task class." }),
  /** Task class used when a request names none (gateway). */
  defaultRoute: str().min(1).optional().meta({ description: "Task class used when a request names none (gateway)." }),
  traffic: z
    .record(
      str(),
      z.strictObject({
        requestsPerDay: z.number().nonnegative().meta({ description: "Requests per day." }),
        inputTokens: z.number().nonnegative().meta({ description: "Average input tokens per request." }),
        outputTokens: z.number().nonnegative().meta({ description: "Average output tokens per request." }),
      }),
    )
    .default({}).meta({ description: "Expected traffic per task class, for the review's cost estimate." }),
  quotas: z
    .array(
      z.strictObject({
        region: region.meta({ description: "Region of the quota." }),
        sku: Sku.meta({ description: "Deployment type the quota is for." }),
        /** Catalog model id (not the Azure model name). */
        model: str().min(1).meta({ description: "Catalog model id (not the Azure model name)." }),
        /** K TPM available. */
        capacity: z.number().int().nonnegative().meta({ description: "K TPM available." }),
      }),
    )
    .default([]).meta({ description: "Capacity available per region, SKU and model (K TPM), checked by FR-CAP-1." }),
  gateway: Gateway.optional().meta({ description: "The APIM gateway that enforces the routes: created, or an existing instance." }),
  /** Entra ID validation at the gateway; without it callers need an APIM subscription key. */
  access: Access.optional().meta({ description: "Entra ID validation at the gateway; without it callers need an APIM subscription key." }),
  /** Teams and applications that call the gateway (needs `access`). */
  consumers: z.array(Consumer).default([]).meta({ description: "Teams and applications that call the gateway (needs `access`)." }),
  /** Where gateway telemetry goes: Log Analytics and workspace-based Application Insights. */
  telemetry: Telemetry.optional().meta({ description: "Where gateway telemetry goes: Log Analytics and workspace-based Application Insights." }),
  /**
   * Customer details Azure requires (as `modelProviderData`) to deploy Anthropic models.
   * @default - absent: the stack asks for them as required Terraform variables at plan time
   */
  anthropic: z
    .strictObject({
      organizationName: str().min(1).meta({ description: "Legal name of the organization accepting Anthropic's terms." }),
      /** ISO 3166-1 alpha-2, e.g. US. */
      countryCode: str().regex(/^[A-Z]{2}$/, { message: "expected an ISO 3166-1 alpha-2 country code such as US" }).meta({ description: "ISO 3166-1 alpha-2, e.g. US." }),
      /** Lower-case industry, e.g. technology. */
      industry: str().regex(/^[a-z][a-z_ -]*$/, { message: "expected a lower-case industry such as technology" }).meta({ description: "Lower-case industry, e.g. technology." }),
    })
    .optional().meta({ description: "Customer details Azure requires (as `modelProviderData`) to deploy Anthropic models." }),
  suppressions: z.array(Suppression).default([]).meta({ description: "Findings accepted on purpose, each with a reason." }),
});
export type EnvironmentFile = z.infer<typeof EnvironmentFile>;
