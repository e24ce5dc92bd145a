// Azure resource names derived from config, shared by the constructs and by the commands that call the resources
// (eval init addresses each deployment's endpoint). Pure and deterministic.
import type { Account } from "../config/schema";

/** CAF-style name of a Foundry (AIServices) account: `ais-<project>-<env>-<account id>`. */
export function defaultAccountName(project: string, environment: string, accountId: string): string {
  return `ais-${project}-${environment}-${accountId}`;
}

/** The account's custom subdomain (`<subdomain>.openai.azure.com`): as configured, else the account name. */
export function accountSubdomain(project: string, environment: string, account: Pick<Account, "id" | "name" | "customSubdomain">): string {
  return account.customSubdomain ?? account.name ?? defaultAccountName(project, environment, account.id);
}
