// The shape of the YAML under config/. zod parses shape only; meaning is checked by routing/rules.
// Every object is strict so that a misspelt key is an error, not a silently ignored setting.
import { z } from "zod";
import { hasCdktfTokenMarker } from "../naming/strings";
import { AZURE_REGIONS, isAzureRegion, suggestRegion } from "./azure-regions";

/** Every config string: never one cdktf would read as a token (see routing/naming/strings.ts). */
function str() {
  return z.string().refine((s) => !hasCdktfTokenMarker(s), { message: "expected text without the cdktf token marker '{TfToken['" });
}

/** How much we trust a vendor fact. An unknown value is `undisclosed`, never a guess. */
export const Evidence = z.enum(["vendor-claim", "independent", "undisclosed"]);
export type Evidence = z.infer<typeof Evidence>;

export const Level3 = z.enum(["low", "medium", "high"]);
export type Level3 = z.infer<typeof Level3>;

const kebab = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: "expected a kebab-case id (a-z, 0-9, single dashes)" });

/** A vendor fact with its evidence level; `value` must be absent when evidence is `undisclosed`. */
function fact<T extends z.ZodType>(value: T) {
  return z
    .strictObject({
      /** The fact; omitted when undisclosed. */
      value: value.optional(),
      evidence: Evidence,
      /** Where the fact comes from (a page title, an announcement, a paper). */
      source: str().min(1).optional(),
    })
    .superRefine((f, ctx) => {
      if (f.evidence === "undisclosed" && f.value !== undefined) {
        ctx.addIssue({ code: "custom", path: ["value"], message: "an undisclosed fact must not carry a value (remove value, or set evidence to vendor-claim/independent)" });
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
  id: kebab,
  /** Human name as the vendor writes it. */
  displayName: str().min(1),
  vendor: z.enum(["microsoft", "openai", "anthropic", "deepseek", "meta"]),
  family: str().min(1),
  useCase: fact(str().min(1)),
  architecture: fact(str().min(1)),
  positioning: z.strictObject({
    /** Task complexity levels the model is meant for. */
    complexity: z.array(Level3).min(1),
    /** Latency sensitivities the model suits (high = interactive, keystroke-level). */
    latency: z.array(Level3).min(1),
    evidence: Evidence,
  }),
  /** Context window in tokens. */
  contextWindow: fact(z.number().int().positive()),
  /** Request/response shape the model speaks. */
  api: ApiShape,
  provenance: z.strictObject({
    /** `licensed`: commercially licensed or owned data; `mixed`: includes web-scraped or unlicensed data. */
    trainingData: fact(z.enum(["licensed", "mixed"])),
    /** `none`: no distillation from third-party models; `third-party`: distilled from another vendor's model. */
    distillation: fact(z.enum(["none", "third-party"])),
    /** License terms of the model itself. */
    license: fact(str().min(1)),
  }),
  claims: z
    .array(
      z.strictObject({
        text: str().min(1),
        evidence: Evidence,
        source: str().min(1).optional(),
        /** Machine-readable efficiency claim, shown by `review` as "if the vendor claim holds", never applied. */
        costFactor: z.number().positive().optional(),
      }),
    )
    .default([]),
  /** Products where the model is offered today. */
  surfaces: z.array(fact(str().min(1))).default([]),
  foundry: z.strictObject({
    /** Model format as Azure names it: OpenAI, Microsoft, Anthropic, DeepSeek, Meta, … */
    format: str().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: "expected letters, digits, '.', '_' or '-'" }),
    /** Model name as Azure names it. */
    name: str().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: "expected letters, digits, '.', '_' or '-'" }),
    /** Catalog version to pin; absent when not published, so deployments must pin one themselves. */
    version: str().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: "expected letters, digits, '.', '_' or '-'" }).optional(),
    skus: z.array(Sku).min(1),
    availability: Availability,
    /**
     * Data-plane api-version the gateway must send for this model, where the default for its API does not serve it
     * (o-series models answer 400 below 2024-12-01-preview).
     */
    apiVersion: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}(?:-preview)?$/, { message: "expected an api-version such as 2024-12-01-preview" })
      .optional(),
    /**
     * Data-plane surface the gateway forwards to: `azure-openai` (/openai/deployments/<name>), `foundry-models`
     * (/models, deployment in the body), `mai` (/mai/v1, no api-version). Default: azure-openai for OpenAI models,
     * foundry-models for the other chat-completions models.
     */
    endpoint: z.enum(["azure-openai", "foundry-models", "mai"]).optional(),
    /** True for the Foundry model router: deployments of it may set `routing` with a subset of catalog models. */
    router: z.boolean().default(false),
    /** How availability was established, or why it could not be. */
    note: str().min(1).optional(),
  }),
  pricing: z
    .strictObject({
      /** USD per 1M input tokens. */
      inputPer1M: z.number().nonnegative(),
      /** USD per 1M output tokens. */
      outputPer1M: z.number().nonnegative(),
      evidence: Evidence,
      source: str().min(1),
    })
    .optional(),
});
export type CatalogModel = z.infer<typeof CatalogModel>;

export const ModelsFile = z.strictObject({
  $schema: str().optional(),
  models: z.array(CatalogModel).min(1),
});
export type ModelsFile = z.infer<typeof ModelsFile>;

export const TaskClass = z.strictObject({
  id: kebab,
  description: str().min(1),
  /** How much the caller feels latency (high = keystroke-level). */
  latency: Level3,
  tokenVolume: Level3,
  /** When true, only models with licensed, non-distilled training data may serve this class. */
  provenanceRequired: z.boolean(),
  complexity: Level3,
  /**
   * Eval gate (docs/evals.md): a route change that gives a deployment more of this class's traffic must be backed by
   * an evidence file from `foundry-routes eval import`. Defaults: see EVAL_GATE_DEFAULTS.
   */
  evalGate: z
    .strictObject({
      /** Lowest pass rate (0–1) the evidence may show. @default 0.9 */
      minPassRate: z.number().min(0).max(1).optional(),
      /** Evidence older than this many days (from Promptfoo's timestamp) does not count. @default 30 */
      maxAgeDays: z.number().int().positive().optional(),
      /** Missing evidence is an error (FR-EVAL-2) instead of a warning (FR-EVAL-1). @default provenanceRequired */
      required: z.boolean().optional(),
    })
    .optional(),
});
export type TaskClass = z.infer<typeof TaskClass>;

/** Defaults of a task class's `evalGate`; `required` defaults to the class's `provenanceRequired`. */
export const EVAL_GATE_DEFAULTS = { minPassRate: 0.9, maxAgeDays: 30 } as const;

/** The eval gate of a task class with its defaults filled in. */
export function evalGateOf(tc: TaskClass): { readonly minPassRate: number; readonly maxAgeDays: number; readonly required: boolean } {
  return {
    minPassRate: tc.evalGate?.minPassRate ?? EVAL_GATE_DEFAULTS.minPassRate,
    maxAgeDays: tc.evalGate?.maxAgeDays ?? EVAL_GATE_DEFAULTS.maxAgeDays,
    required: tc.evalGate?.required ?? tc.provenanceRequired,
  };
}

export const TaskClassesFile = z.strictObject({
  $schema: str().optional(),
  taskClasses: z.array(TaskClass).min(1),
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
  .max(512)
  .refine((k) => !/[<>%&\\?/]/.test(k), { message: "expected a tag name without <, >, %, &, \\, ? or / (Azure refuses them)" });

/** Ways a backend answer can fail that a route may fall back on; see forwarding.ts for the Azure errors behind each. */
export const FALLBACK_CONDITIONS = ["throttled", "server-error", "not-found", "context-length", "content-filter"] as const;
export type FallbackCondition = (typeof FALLBACK_CONDITIONS)[number];
/** Safe default: failures that say nothing about the request itself, so another deployment may well succeed. */
export const DEFAULT_FALLBACK_ON: readonly FallbackCondition[] = ["throttled", "server-error", "not-found"];

/** Model router routing modes, as the deployment API spells them. */
export const ROUTER_MODES = ["balanced", "quality", "cost"] as const;

/** Filters that detect rather than grade: Azure takes and returns no severity for them (azurerm's own list). */
export const SINGLE_LEVEL_FILTERS: ReadonlySet<string> = new Set(["Jailbreak", "Indirect Attack", "Protected Material Text", "Protected Material Code"]);

export const ContentFilter = z
  .strictObject({
    // Spelled as the Cognitive Services REST API returns them (PutRaiPolicy example, 2025-06-01: "Selfharm"), so plans stay quiet.
    name: z.enum(["Hate", "Sexual", "Violence", "Selfharm", "Jailbreak", "Indirect Attack", "Protected Material Text", "Protected Material Code", "Profanity"]),
    source: z.enum(["Prompt", "Completion"]),
    /** Severity from which content is filtered; graded filters only (default Medium). */
    severityThreshold: z.enum(["Low", "Medium", "High"]).optional(),
    blocking: z.boolean().default(true),
    enabled: z.boolean().default(true),
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
  name: azureName,
  basePolicy: str().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: "expected letters, digits, '.', '_' or '-'" }).default("Microsoft.DefaultV2"),
  mode: z.enum(["Default", "Deferred", "Blocking", "Asynchronous_filter"]).default("Blocking"),
  contentFilters: z.array(ContentFilter).min(1),
});
export type RaiPolicy = z.infer<typeof RaiPolicy>;

export const Deployment = z.strictObject({
  /** Deployment name, as clients and the gateway address it; unique per account. */
  name: azureName,
  /** Catalog model id. */
  model: str().min(1),
  /** Model version to pin; defaults to the catalog's version. */
  version: str().min(1).optional(),
  sku: Sku.default("GlobalStandard"),
  /** K TPM (PTUs for provisioned SKUs). */
  capacity: z.number().int().min(1).max(10000).default(1),
  /** RAI policy name: one of the account's raiPolicies, or a Microsoft built-in. */
  raiPolicy: str().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: "expected letters, digits, '.', '_' or '-'" }).default("Microsoft.DefaultV2"),
  versionUpgradeOption: z.enum(["NoAutoUpgrade", "OnceNewDefaultVersionAvailable", "OnceCurrentVersionExpired"]).default("NoAutoUpgrade"),
  /**
   * Model router only: how it routes and to which catalog models (the subset). Without it the router uses
   * Balanced mode and its full model pool.
   * @default - Balanced over the full pool
   */
  routing: z
    .strictObject({
      mode: z.enum(ROUTER_MODES).default("balanced"),
      /** Catalog model ids the router may choose from; at least one. */
      models: z
        .array(str().min(1))
        .min(1)
        .refine((list) => new Set(list).size === list.length, { message: "expected each subset model once" }),
    })
    .optional(),
  /** Required when the model's Foundry availability is `unverified`: who checked what, and why it is deployed anyway. */
  acknowledgement: str()
    .trim()
    .min(20, { message: "expected an acknowledgement of at least 20 characters saying who checked what (whitespace does not count)" })
    .optional(),
});
export type Deployment = z.infer<typeof Deployment>;

export const Account = z.strictObject({
  /** Short id used in deployment references (`<account>/<deployment>`), e.g. eus2. */
  id: kebab,
  /** Azure region. */
  region,
  /** Azure resource name; default is CAF-style `ais-<project>-<env>-<id>`. */
  name: azureName.optional(),
  /** Custom subdomain for the endpoint; defaults to the name. */
  customSubdomain: str()
    .regex(/^[a-z0-9][a-z0-9-]*$/, { message: "expected a lowercase DNS label (a-z, 0-9 and '-', starting with a letter or digit)" })
    .optional(),
  publicNetworkAccess: z.boolean().default(false),
  /** Allowed client IPs/CIDRs when public access is on. */
  allowedIps: z
    .array(
      str().regex(/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(\/(3[0-2]|[12]?\d))?$/, {
        message: "expected an IPv4 address or CIDR such as 203.0.113.0/24",
      }),
    )
    .default([]),
  sku: str()
    .regex(/^[A-Z][A-Z0-9]{0,3}$/, { message: "expected an account SKU such as S0" })
    .default("S0"),
  /** Foundry project name; default `proj-<project>-<env>-<id>`. */
  projectName: azureName.optional(),
  raiPolicies: z.array(RaiPolicy).default([]),
  /** Resource id of a Log Analytics workspace for diagnostic settings. */
  logAnalyticsWorkspaceId: str().startsWith("/subscriptions/").optional(),
  deployments: z.array(Deployment).default([]),
});
export type Account = z.infer<typeof Account>;

export const Sticky = z.union([
  z.strictObject({ header: str().regex(/^[A-Za-z0-9-]+$/, { message: "expected an HTTP header name" }) }),
  z.strictObject({ subscription: z.literal(true) }),
]);
export type Sticky = z.infer<typeof Sticky>;

export const Route = z.strictObject({
  taskClass: str().min(1),
  targets: z
    .array(
      z.strictObject({
        /** `<account>/<deployment>` */
        deployment: str().min(1),
        /** Share of the class's traffic, in percent. */
        weight: z.number().int().min(0).max(100),
      }),
    )
    .min(1),
  /** Deployments tried in order when the chosen target fails in one of the `fallbackOn` ways. */
  fallbacks: z.array(str().min(1)).default([]),
  /**
   * Failures that move a request to the next fallback (docs/gateway.md, "Fallback conditions"). `context-length`
   * skips to the next fallback whose model has a larger context window.
   */
  fallbackOn: z
    .array(z.enum(FALLBACK_CONDITIONS))
    .min(1)
    .refine((list) => new Set(list).size === list.length, { message: "expected each fallback condition once" })
    .default([...DEFAULT_FALLBACK_ON]),
  /** Keep a caller on one target (prompt-cache friendly) by hashing this key. */
  sticky: Sticky.optional(),
  /** Optional gateway token limit per subscription. */
  tokenLimit: z
    .strictObject({
      tokensPerMinute: z.number().int().positive(),
      counterKey: z.enum(["subscription", "ip"]).default("subscription"),
    })
    .optional(),
});
export type Route = z.infer<typeof Route>;

export const Backend = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("local") }),
  z.strictObject({
    type: z.literal("azurerm"),
    resourceGroupName: str().min(1),
    storageAccountName: str().min(1),
    containerName: str().min(1),
    key: str().min(1),
    useOidc: z.boolean().default(true),
  }),
  z.strictObject({
    type: z.literal("cloud"),
    organization: str().min(1),
    workspace: str().min(1),
    hostname: str().optional(),
  }),
]);
export type Backend = z.infer<typeof Backend>;

export const Gateway = z.union([
  z.strictObject({
    /** Create an APIM instance. */
    create: z.literal(true),
    name: azureName.optional(),
    /** BasicV2 is the default: it supports the llm-* policies and provisions in minutes. */
    sku: z.enum(["BasicV2", "StandardV2", "PremiumV2", "Developer", "Basic", "Standard", "Premium"]).default("BasicV2"),
    capacity: z.number().int().min(1).default(1),
    publisherName: str().min(1),
    publisherEmail: z.email(),
    region: region.optional(),
  }),
  z.strictObject({
    /** Reference an existing APIM instance. */
    existing: z.strictObject({ name: azureName, resourceGroupName: azureName }),
  }),
]);
export type Gateway = z.infer<typeof Gateway>;

const uuid = str().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, {
  message: "expected a GUID such as 00000000-0000-0000-0000-000000000000",
});

/** Periods `llm-token-limit` accepts for `token-quota-period`. */
export const QUOTA_PERIODS = ["Hourly", "Daily", "Weekly", "Monthly", "Yearly"] as const;

/** Keyless callers: the gateway validates Entra ID tokens and maps them to consumers. */
export const Access = z.strictObject({
  /** Entra ID tenant whose tokens the gateway accepts. */
  tenantId: uuid,
  /** Token audiences the gateway accepts (its app ID URI or client id), at least one. */
  audiences: z.array(str().min(1)).min(1),
  /**
   * Also require an APIM subscription key; a product per consumer is created (subscriptions and their keys are
   * not: teams request them, so no key reaches Terraform state or output).
   * @default false
   */
  subscriptionKeys: z.boolean().default(false),
});
export type Access = z.infer<typeof Access>;

export const Consumer = z.strictObject({
  /** Short id, kebab-case; shown in telemetry as `consumer`. */
  id: kebab,
  /** Entra ID application (client) ids or managed-identity object ids its tokens carry (appid, azp or oid). */
  identities: z.array(uuid).min(1),
  /** Task classes it may call; any other answers 403. */
  taskClasses: z.array(str().min(1)).min(1),
  /** Token quotas per period, per task class or for all its classes (`taskClass` absent). */
  quotas: z
    .array(
      z.strictObject({
        taskClass: str().min(1).optional(),
        /** Tokens (prompt + completion) per period, a positive integer. */
        tokens: z.number().int().positive(),
        period: z.enum(QUOTA_PERIODS),
      }),
    )
    .default([]),
  /** Tags for cost attribution, e.g. cost-center. */
  tags: z.record(str(), str()).default({}),
});
export type Consumer = z.infer<typeof Consumer>;

export const Telemetry = z.strictObject({
  /** Log Analytics workspace: created per environment, or an existing one by resource id. */
  workspace: z.union([
    z.strictObject({ create: z.literal(true), retentionDays: z.number().int().min(30).max(730).default(30) }),
    z.strictObject({ existing: str().startsWith("/subscriptions/") }),
  ]),
});
export type Telemetry = z.infer<typeof Telemetry>;

export const Suppression = z.strictObject({
  /** Rule id, e.g. FR-VENDOR-1. */
  rule: str().regex(/^FR-[A-Z]+-\d+$/, { message: "expected a rule id such as FR-VENDOR-1" }),
  /** Why this is acceptable; at least 10 characters, shown in every report. */
  reason: str().trim().min(10, { message: "a suppression needs a reason of at least 10 characters" }),
  /** Limit to findings about these subjects (task class ids or `<account>/<deployment>`); default all. */
  subjects: z.array(str().min(1)).optional(),
});
export type Suppression = z.infer<typeof Suppression>;

export const EnvironmentFile = z.strictObject({
  $schema: str().optional(),
  /** Short project name used in resource names. */
  project: kebab.default("foundry-routes"),
  resourceGroup: z.union([
    z.strictObject({ create: z.literal(true), name: azureName, location: region }),
    z.strictObject({ existing: azureName }),
  ]),
  backend: Backend.default({ type: "local" }),
  /**
   * Tags on every resource; keep them stable (no dates or commits). Azure's limits (tag-resources.md): a name of at
   * most 512 characters without `<>%&\?/`, a value of at most 256. The count (50 with the two tags foundry-routes
   * adds) and names that differ only in case are checked by rule FR-TAG-1.
   */
  tags: z.record(tagName, str().max(256)).default({}),
  accounts: z.array(Account).min(1),
  routes: z.array(Route).default([]),
  /** Task class used when a request names none (gateway). */
  defaultRoute: str().min(1).optional(),
  traffic: z
    .record(
      str(),
      z.strictObject({
        requestsPerDay: z.number().nonnegative(),
        inputTokens: z.number().nonnegative(),
        outputTokens: z.number().nonnegative(),
      }),
    )
    .default({}),
  quotas: z
    .array(
      z.strictObject({
        region,
        sku: Sku,
        /** Catalog model id (not the Azure model name). */
        model: str().min(1),
        /** K TPM available. */
        capacity: z.number().int().nonnegative(),
      }),
    )
    .default([]),
  gateway: Gateway.optional(),
  /** Entra ID validation at the gateway; without it callers need an APIM subscription key. */
  access: Access.optional(),
  /** Teams and applications that call the gateway (needs `access`). */
  consumers: z.array(Consumer).default([]),
  /** Where gateway telemetry goes: Log Analytics and workspace-based Application Insights. */
  telemetry: Telemetry.optional(),
  /**
   * Customer details Azure requires (as `modelProviderData`) to deploy Anthropic models.
   * @default - absent: the stack asks for them as required Terraform variables at plan time
   */
  anthropic: z
    .strictObject({
      organizationName: str().min(1),
      /** ISO 3166-1 alpha-2, e.g. US. */
      countryCode: str().regex(/^[A-Z]{2}$/, { message: "expected an ISO 3166-1 alpha-2 country code such as US" }),
      /** Lower-case industry, e.g. technology. */
      industry: str().regex(/^[a-z][a-z_ -]*$/, { message: "expected a lower-case industry such as technology" }),
    })
    .optional(),
  suppressions: z.array(Suppression).default([]),
});
export type EnvironmentFile = z.infer<typeof EnvironmentFile>;
