// Which attribute changes make Terraform replace a resource (destroy + create) instead of updating it in place.
// Taken from the providers' schemas (ForceNew / RequiresReplace, and CustomizeDiff rules that force new); the
// sources are listed per resource type here and in docs/review.md. A type missing from this table is reported
// as "replacement not determined", never as a safe update.

/** Both sides of a changed resource, for rules that depend on other attributes (e.g. `kind`). */
interface ResourcePair {
  readonly before: Readonly<Record<string, unknown>>;
  readonly after: Readonly<Record<string, unknown>>;
}

interface ForceNewRule {
  /** Attribute path with blocks joined by dots and list indexes dropped, e.g. `model.name`. */
  readonly path: string;
  /**
   * Replacement only when this holds; for CustomizeDiff rules and diff-suppressed attributes.
   * @default any change forces replacement
   */
  readonly when?: (before: unknown, after: unknown, pair: ResourcePair) => boolean;
  /** Shown next to the attribute when the rule is conditional. */
  readonly note?: string;
}

interface ResourceTypeRules {
  readonly rules: readonly ForceNewRule[];
  /** Where the rules come from (provider source file or documentation). */
  readonly source: string;
}

/** Azure normalizes locations ("East US 2" = "eastus2"); the providers suppress such diffs. */
const normLocation = (v: unknown) =>
  String(v ?? "")
    .replace(/\s+/g, "")
    .toLowerCase();
const locationChanged = (a: unknown, b: unknown) => normLocation(a) !== normLocation(b);
const isEmpty = (v: unknown) => v === undefined || v === null || v === "";

const AZURERM = "hashicorp/terraform-provider-azurerm";

/** The table. Keys are Terraform resource types. */
export const FORCE_NEW: Readonly<Record<string, ResourceTypeRules>> = {
  azurerm_cognitive_deployment: {
    source: `${AZURERM} internal/services/cognitive/cognitive_deployment_resource.go (4.x schema: name, cognitive_account_id, model.format, model.name, sku.name, sku.tier, sku.size, sku.family ForceNew; model.version, sku.capacity, rai_policy_name, version_upgrade_option, dynamic_throttling_enabled update in place)`,
    rules: [
      { path: "name" },
      { path: "cognitive_account_id" },
      { path: "model.format" },
      { path: "model.name" },
      { path: "sku.name" },
      { path: "sku.tier" },
      { path: "sku.size" },
      { path: "sku.family" },
    ],
  },
  azurerm_cognitive_account: {
    source: `${AZURERM} internal/services/cognitive/cognitive_account_resource.go (schema + CustomizeDiff) and go-azure-helpers commonschema.Location()/ResourceGroupName()`,
    rules: [
      { path: "name" },
      { path: "location", when: locationChanged },
      { path: "resource_group_name" },
      {
        path: "kind",
        when: (a, b) => !(["OpenAI", "AIServices"].includes(String(a)) && ["OpenAI", "AIServices"].includes(String(b))),
        note: "except between OpenAI and AIServices",
      },
      { path: "custom_subdomain_name", when: (a) => !isEmpty(a), note: "once set" },
      {
        path: "project_management_enabled",
        when: (_a, b, pair) => b !== true && pair.after.kind !== "OpenAI",
        note: "when turned off on a non-OpenAI account",
      },
      { path: "metrics_advisor_aad_client_id" },
      { path: "metrics_advisor_aad_tenant_id" },
      { path: "metrics_advisor_super_user_name" },
      { path: "metrics_advisor_website_name" },
    ],
  },
  azurerm_cognitive_account_project: {
    source: `${AZURERM} internal/services/cognitive/cognitive_account_project_resource.go (name, cognitive_account_id, location ForceNew; CustomizeDiff forces new when description or display_name is cleared)`,
    rules: [
      { path: "name" },
      { path: "cognitive_account_id" },
      { path: "location", when: locationChanged },
      { path: "description", when: (a, b) => !isEmpty(a) && isEmpty(b), note: "when cleared" },
      { path: "display_name", when: (a, b) => !isEmpty(a) && isEmpty(b), note: "when cleared" },
    ],
  },
  azurerm_cognitive_account_rai_policy: {
    source: `${AZURERM} internal/services/cognitive/cognitive_account_rai_policy_resource.go (name, cognitive_account_id, base_policy_name ForceNew)`,
    rules: [{ path: "name" }, { path: "cognitive_account_id" }, { path: "base_policy_name" }],
  },
  azurerm_api_management: {
    source: `${AZURERM} internal/services/apimanagement/api_management_resource.go (name, resource_group_name, location ForceNew; CustomizeDiff: sku_name between a V2 and a classic tier, virtual network changes)`,
    rules: [
      { path: "name" },
      { path: "resource_group_name" },
      { path: "location", when: locationChanged },
      { path: "sku_name", when: (a, b) => String(a).includes("V2") !== String(b).includes("V2"), note: "between a V2 and a classic tier" },
      {
        path: "virtual_network_type",
        when: (a, b) => String(a ?? "None") !== "None" || !["Internal", "External"].includes(String(b)),
        note: "except None → Internal/External",
      },
    ],
  },
  azurerm_api_management_api: {
    source: `${AZURERM} internal/services/apimanagement/api_management_api_resource.go (name, api_management_name, resource_group_name, revision ForceNew)`,
    rules: [{ path: "name" }, { path: "api_management_name" }, { path: "resource_group_name" }, { path: "revision" }],
  },
  azurerm_api_management_api_policy: {
    source: `${AZURERM} internal/services/apimanagement/api_management_api_policy_resource.go (resource_group_name, api_management_name, api_name ForceNew; xml_content updates in place)`,
    rules: [{ path: "resource_group_name" }, { path: "api_management_name" }, { path: "api_name" }],
  },
  azurerm_api_management_backend: {
    source: `${AZURERM} internal/services/apimanagement/api_management_backend_resource.go (name, api_management_name, resource_group_name ForceNew)`,
    rules: [{ path: "name" }, { path: "api_management_name" }, { path: "resource_group_name" }],
  },
  azurerm_api_management_named_value: {
    source: `${AZURERM} internal/services/apimanagement/api_management_named_value_resource.go (name, resource_group_name, api_management_name ForceNew)`,
    rules: [{ path: "name" }, { path: "resource_group_name" }, { path: "api_management_name" }],
  },
  azurerm_role_assignment: {
    source: `${AZURERM} internal/services/authorization/role_assignment_resource.go (Create, Read and Delete only: no Update, so every argument is ForceNew)`,
    rules: [
      { path: "name" },
      { path: "scope" },
      { path: "role_definition_id" },
      { path: "role_definition_name" },
      { path: "principal_id" },
      { path: "principal_type" },
      { path: "delegated_managed_identity_resource_id" },
      { path: "description" },
      { path: "condition" },
      { path: "condition_version" },
      { path: "skip_service_principal_aad_check" },
    ],
  },
  azapi_resource: {
    source:
      "Azure/terraform-provider-azapi internal/services/azapi_resource.go (name and parent_id RequiresReplace; ModifyPlan replaces on a location change; replace_triggers_external_values/replace_triggers_refs) — a change of the ARM resource type in `type` (not only its @api-version) is treated as a replacement here because the resource id changes",
    rules: [
      { path: "name" },
      { path: "parent_id" },
      { path: "location", when: (a, b) => !isEmpty(a) && !isEmpty(b) && locationChanged(a, b) },
      {
        path: "type",
        when: (a, b) => String(a).split("@")[0]!.toLowerCase() !== String(b).split("@")[0]!.toLowerCase(),

        note: "when the resource type changes; an @api-version change alone updates in place",
      },
      { path: "replace_triggers_external_values", when: (_a, b) => b !== null && b !== undefined },
    ],
  },
};

/** Attribute path of a JSON leaf path, for matching rules: list indexes dropped (`model[0].name` → `model.name`). */
export function rulePath(path: readonly (string | number)[]): string {
  return path.filter((p) => typeof p === "string").join(".");
}

/**
 * The rule that makes a change of `path` force replacement, or undefined. A rule on an attribute also covers
 * changes inside it (a ForceNew map or object attribute).
 */
export function forcingRule(type: string, path: string, before: unknown, after: unknown, pair: ResourcePair): ForceNewRule | undefined {
  const table = FORCE_NEW[type];
  if (!table) return undefined;
  return table.rules.find((r) => (path === r.path || path.startsWith(`${r.path}.`)) && (r.when ? r.when(before, after, pair) : true));
}

/** Whether the table knows the type (otherwise replacement is "not determined"). */
export function knowsType(type: string): boolean {
  return Object.prototype.hasOwnProperty.call(FORCE_NEW, type);
}
