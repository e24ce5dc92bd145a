// Azure resource names derived from config, and the limits Azure puts on them. Pure. constructs/ names resources
// with these functions and the FR-NAME rules check the same values, so the check and the output cannot drift.
//
// Sources (each limit below names its own):
// - [names] "Naming rules and restrictions for Azure resources", MicrosoftDocs/azure-docs
//   articles/azure-resource-manager/management/resource-name-rules.md (ms.date 03/14/2025).
// - [spec] Azure/azure-rest-api-specs specification/cognitiveservices/resource-manager/Microsoft.CognitiveServices/
//   stable/2025-06-01/cognitiveservices.json, "parameters" (accountNameParameter, projectNameParameter).
// - [subdomain] "Custom subdomain names for Azure AI services", MicrosoftDocs/azure-ai-docs
//   articles/ai-services/cognitive-services-custom-subdomains.md, "What are the requirements for a custom subdomain
//   name?".
import type { Account } from "../config/schema";

/** CAF-style name of a Foundry (AIServices) account: `ais-<project>-<env>-<account id>`. */
export function defaultAccountName(project: string, environment: string, accountId: string): string {
  return `ais-${project}-${environment}-${accountId}`;
}

/** CAF-style name of a Foundry project: `proj-<project>-<env>-<account id>`. */
export function defaultProjectName(project: string, environment: string, accountId: string): string {
  return `proj-${project}-${environment}-${accountId}`;
}

/** Name of an API Management instance the stack creates: `apim-<project>-<env>`. */
export function defaultApiManagementName(project: string, environment: string): string {
  return `apim-${project}-${environment}`;
}

/** One Azure naming rule: a length range, a pattern, and the words a message uses for them. */
export interface NameLimit {
  /** What is named, for messages: "Cognitive Services account name". */
  readonly what: string;
  readonly min: number;
  readonly max: number;
  readonly pattern: RegExp;
  /** The pattern in words: "letters, digits, '.', '_' and '-', starting and ending with a letter or digit". */
  readonly allowed: string;
  /** Where the limit comes from (see the header). */
  readonly source: string;
}

export const NAME_LIMITS = {
  /** [spec] accountNameParameter 2–64, `^[a-zA-Z0-9][a-zA-Z0-9_.-]*$`; [names] Microsoft.CognitiveServices/accounts: end with alphanumeric. */
  account: {
    what: "Cognitive Services account name",
    min: 2,
    max: 64,
    pattern: /^[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?$/,
    allowed: "letters, digits, '.', '_' and '-', starting and ending with a letter or digit",
    source: "resource-name-rules.md, Microsoft.CognitiveServices/accounts; REST spec 2025-06-01, accountName",
  },
  /** [spec] projectNameParameter: 2–64, `^[a-zA-Z0-9][a-zA-Z0-9_.-]*$`. */
  project: {
    what: "Foundry project name",
    min: 2,
    max: 64,
    pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
    allowed: "letters, digits, '.', '_' and '-', starting with a letter or digit",
    source: "REST spec 2025-06-01, projectName",
  },
  /** [subdomain] alphanumerics and '-', 2–64, can't end with '-'; a DNS label, so it can't start with one either. */
  customSubdomain: {
    what: "custom subdomain",
    min: 2,
    max: 64,
    pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
    allowed: "letters, digits and '-', not starting or ending with '-'",
    source: "cognitive-services-custom-subdomains.md",
  },
  /** [names] Microsoft.ApiManagement/service: global, 1–50, alphanumerics and hyphens, start with a letter, end alphanumeric. */
  apiManagement: {
    what: "API Management service name",
    min: 1,
    max: 50,
    pattern: /^[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
    allowed: "letters, digits and '-', starting with a letter and ending with a letter or digit",
    source: "resource-name-rules.md, Microsoft.ApiManagement/service",
  },
  /**
   * [names] Microsoft.Resources/resourcegroups: 1–90; underscores, hyphens, periods, parentheses and Unicode letters or
   * digits; can't end with a period. (The schema allows fewer characters; the rule checks length and the end.)
   */
  resourceGroup: {
    what: "resource group name",
    min: 1,
    max: 90,
    pattern: /^[\p{L}\p{Nd}_().-]*[\p{L}\p{Nd}_()-]$/u,
    allowed: "letters, digits, '_', '-', '.', '(' and ')', not ending with '.'",
    source: "resource-name-rules.md, Microsoft.Resources/resourcegroups",
  },
  /**
   * The REST spec sets no pattern or length for deploymentName. The schema applies the account-name pattern; the
   * 64-character bound mirrors the account and project names of the same spec and is not confirmed by Azure's docs.
   */
  deployment: {
    what: "deployment name",
    min: 1,
    max: 64,
    pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
    allowed: "letters, digits, '.', '_' and '-', starting with a letter or digit",
    source: "a bound foundry-routes sets; REST spec 2025-06-01 sets none",
  },
} as const satisfies Record<string, NameLimit>;

/** What is wrong with `name` under `limit`, or undefined when it fits. */
export function nameProblem(name: string, limit: NameLimit): string | undefined {
  const length = [...name].length;
  if (length < limit.min || length > limit.max) {
    return `is ${length} character${length === 1 ? "" : "s"} long; expected ${limit.min}–${limit.max}`;
  }
  if (!limit.pattern.test(name)) return `has characters Azure refuses there; expected ${limit.allowed}`;
  return undefined;
}

/** Value of the `managed-by` tag on everything this app creates. */
const MANAGED_BY = "foundry-routes";

/** The tags foundry-routes adds to every resource; they win over a user tag of the same name. */
export function addedTags(environment: string): Record<string, string> {
  return { environment, "managed-by": MANAGED_BY };
}

/** The account's custom subdomain (`<subdomain>.openai.azure.com`): as configured, else the account name. */
export function accountSubdomain(project: string, environment: string, account: Pick<Account, "id" | "name" | "customSubdomain">): string {
  return account.customSubdomain ?? account.name ?? defaultAccountName(project, environment, account.id);
}
