// Names, tags and Terraform logical ids shared by the constructs. Pure and deterministic: the same data always
// gives the same names, so plans never churn.
import { type TerraformElement, TerraformStack } from "cdktf";
import { addedTags } from "../routing/naming/azure-names";
import { terraformLiteral as literal } from "../routing/naming/strings";

/** Default Azure names (`ais-…`, `proj-…`, `apim-…`): computed in routing/, where the FR-NAME rules check them. */
export { defaultAccountName, defaultApiManagementName, defaultProjectName } from "../routing/naming/azure-names";

/**
 * Tags for every resource: the environment's own tags plus `environment` and `managed-by`, sorted by key.
 * Ours win over a user tag of the same name so that `managed-by` can be trusted. Nothing volatile (dates, commits).
 */
export function stableTags(environment: string, tags: Readonly<Record<string, string>> = {}): Record<string, string> {
  const all: Record<string, string> = { ...tags, ...addedTags(environment) };
  return Object.fromEntries(
    Object.entries(all)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [literal(k), literal(v)]),
  );
}

/** Free text for Terraform: the string layer's escape (routing/naming/strings.ts). */
export { terraformLiteral as literal } from "../routing/naming/strings";

export { logicalId } from "../routing/naming/terraform-names";

const assigned = new WeakMap<TerraformStack, Map<string, string>>();

/**
 * Gives `element` a readable logical id instead of cdktf's path-plus-hash one, so plans read
 * `azurerm_cognitive_deployment.deployment_eus2_gpt-4o`. Two elements mapping to the same id would silently merge
 * in the JSON, so that is an error here.
 */
export function setLogicalId(element: TerraformElement, terraformType: string, id: string): void {
  const stack = TerraformStack.of(element);
  let ids = assigned.get(stack);
  if (!ids) {
    ids = new Map();
    assigned.set(stack, ids);
  }
  const key = `${terraformType}.${id}`;
  const previous = ids.get(key);
  if (previous !== undefined && previous !== element.node.path) {
    throw new Error(`two resources map to the Terraform address ${key} (${previous} and ${element.node.path}); rename one of them`);
  }
  ids.set(key, element.node.path);
  element.overrideLogicalId(id);
}
