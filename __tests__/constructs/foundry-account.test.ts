// Types for cdktf's jest matchers (registered below, with Testing.setupJest()).
import type {} from "cdktf/lib/testing/adapters/jest";
import { CognitiveAccount } from "@cdktf/provider-azurerm/lib/cognitive-account";
import { CognitiveAccountProject } from "@cdktf/provider-azurerm/lib/cognitive-account-project";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { Testing } from "cdktf";
import type { Construct } from "constructs";
import { FoundryAccount, type FoundryAccountProps } from "../../constructs/foundry-account";

// cdktf's jest matchers (toHaveResourceWithProperties, …).
Testing.setupJest();

const BASE: FoundryAccountProps = {
  accountId: "eus2",
  project: "fr",
  environment: "dev",
  location: "eastus2",
  resourceGroupName: "rg-fr-dev",
  tags: { owner: "platform" },
};

function synth(props: Partial<FoundryAccountProps> = {}, more?: (account: FoundryAccount, scope: Construct) => void): string {
  return Testing.synthScope((scope) => {
    new AzurermProvider(scope, "azurerm", { features: [{}] });
    const account = new FoundryAccount(scope, "account-eus2", { ...BASE, ...props });
    more?.(account, scope);
  });
}

const WORKSPACE = "/subscriptions/0000/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/law-fr";

describe("FoundryAccount", () => {
  test("is a keyless AIServices account with a system identity, project management and CAF names", () => {
    // GIVEN only the required props
    // WHEN synthesized
    const out = synth();

    // THEN the account has the safe defaults and the CAF-style name doubles as custom subdomain
    expect(out).toHaveResourceWithProperties(CognitiveAccount, {
      name: "ais-fr-dev-eus2",
      custom_subdomain_name: "ais-fr-dev-eus2",
      kind: "AIServices",
      sku_name: "S0",
      location: "eastus2",
      resource_group_name: "rg-fr-dev",
      local_auth_enabled: false,
      project_management_enabled: true,
      public_network_access_enabled: false,
      identity: { type: "SystemAssigned" },
    });
    expect(JSON.parse(out).resource.azurerm_cognitive_account.account_eus2.network_acls).toBeUndefined();
  });

  test("creates a Foundry project with a system identity under the account", () => {
    // GIVEN an account
    // WHEN synthesized
    const out = synth();

    // THEN the project refers to the account and has its own identity
    expect(out).toHaveResourceWithProperties(CognitiveAccountProject, {
      name: "proj-fr-dev-eus2",
      cognitive_account_id: "${azurerm_cognitive_account.account_eus2.id}",
      location: "eastus2",
      identity: { type: "SystemAssigned" },
    });
  });

  test("names, subdomain and project name can be overridden", () => {
    // GIVEN explicit names
    // WHEN synthesized
    const out = synth({ name: "my-ais", customSubdomain: "my-sub", projectName: "my-proj" });

    // THEN they are used as given
    expect(out).toHaveResourceWithProperties(CognitiveAccount, { name: "my-ais", custom_subdomain_name: "my-sub" });
    expect(out).toHaveResourceWithProperties(CognitiveAccountProject, { name: "my-proj" });
  });

  test("tags are the environment's plus environment and managed-by, which a user tag cannot override", () => {
    // GIVEN a user tag that tries to claim managed-by
    // WHEN synthesized
    const out = synth({ tags: { owner: "platform", "managed-by": "someone-else" } });

    // THEN every tagged resource carries the same stable, sorted tags
    const expected = { environment: "dev", "managed-by": "foundry-routes", owner: "platform" };
    const json = JSON.parse(out);
    expect(json.resource.azurerm_cognitive_account.account_eus2.tags).toEqual(expected);
    expect(Object.keys(json.resource.azurerm_cognitive_account.account_eus2.tags)).toEqual(Object.keys(expected).sort());
    expect(json.resource.azurerm_cognitive_account_project.project_eus2.tags).toEqual(expected);
  });

  test("public access with allowed IPs denies everything else", () => {
    // GIVEN public access restricted to two ranges
    // WHEN synthesized
    const out = synth({ publicNetworkAccess: true, allowedIps: ["203.0.113.0/24", "198.51.100.7"] });

    // THEN a deny-by-default network ACL lists them
    expect(out).toHaveResourceWithProperties(CognitiveAccount, {
      public_network_access_enabled: true,
      network_acls: { default_action: "Deny", ip_rules: ["203.0.113.0/24", "198.51.100.7"] },
    });
  });

  test("creates one RAI policy per custom policy, with its content filters as Azure returns them", () => {
    // GIVEN a custom policy with a graded filter, a graded filter without a severity, and a single-level filter
    // WHEN synthesized
    const out = synth({
      raiPolicies: [
        {
          name: "strict",
          basePolicy: "Microsoft.DefaultV2",
          mode: "Blocking",
          contentFilters: [
            { name: "Hate", source: "Prompt", severityThreshold: "Low", blocking: true, enabled: true },
            { name: "Violence", source: "Completion", blocking: true, enabled: true },
            { name: "Jailbreak", source: "Prompt", blocking: false, enabled: true },
          ],
        },
      ],
    });

    // THEN the policy is an azapi child of the account; graded filters carry a severity (Medium by default),
    // the single-level one carries none (azurerm 4.55.0 would force one, and Azure returns none: a diff on every plan)
    const json = JSON.parse(out);
    const policy = json.resource.azapi_resource.rai_policy_eus2_strict;
    expect(policy).toMatchObject({
      type: "Microsoft.CognitiveServices/accounts/raiPolicies@2025-06-01",
      name: "strict",
      parent_id: "${azurerm_cognitive_account.account_eus2.id}",
    });
    expect(policy.body.properties).toEqual({
      basePolicyName: "Microsoft.DefaultV2",
      mode: "Blocking",
      contentFilters: [
        { name: "Hate", enabled: true, blocking: true, severityThreshold: "Low", source: "Prompt" },
        { name: "Violence", enabled: true, blocking: true, severityThreshold: "Medium", source: "Completion" },
        { name: "Jailbreak", enabled: true, blocking: false, source: "Prompt" },
      ],
    });
    expect(json.resource.azurerm_cognitive_account_rai_policy).toBeUndefined();
    expect(json.terraform.required_providers.azapi).toBeDefined();
  });

  test("raiPolicyName refers to a custom policy's resource, and passes built-ins through", () => {
    // GIVEN an account with a custom policy
    let custom = "";
    let builtIn = "";
    synth(
      {
        raiPolicies: [
          {
            name: "strict",
            basePolicy: "Microsoft.DefaultV2",
            mode: "Blocking",
            contentFilters: [{ name: "Hate", source: "Prompt", severityThreshold: "Low", blocking: true, enabled: true }],
          },
        ],
      },
      (account) => {
        // WHEN asked for the value of rai_policy_name
        custom = account.raiPolicyName("strict");
        builtIn = account.raiPolicyName("Microsoft.DefaultV2");
      },
    );

    // THEN the custom one is a reference (a token), the built-in a plain name
    expect(custom).toMatch(/^\$\{TfToken\[/);
    expect(builtIn).toBe("Microsoft.DefaultV2");
  });

  test("sends all logs and metrics to Log Analytics only when a workspace is given", () => {
    // GIVEN one account with a workspace and one without
    const withWorkspace = synth({ logAnalyticsWorkspaceId: WORKSPACE });
    const without = synth();

    // THEN only the first has a diagnostic setting, using the 4.x enabled_log / enabled_metric blocks
    expect(withWorkspace).toHaveResourceWithProperties(MonitorDiagnosticSetting, {
      name: "diag-ais-fr-dev-eus2",
      target_resource_id: "${azurerm_cognitive_account.account_eus2.id}",
      log_analytics_workspace_id: WORKSPACE,
      enabled_log: [{ category_group: "allLogs" }],
      enabled_metric: [{ category: "AllMetrics" }],
    });
    expect(without).not.toHaveResource(MonitorDiagnosticSetting);
  });

  test("logical ids are readable and derived from the account id", () => {
    // GIVEN an account with every optional resource
    // WHEN synthesized
    const json = JSON.parse(synth({ logAnalyticsWorkspaceId: WORKSPACE }));

    // THEN addresses read account_<id>, project_<id>, diagnostics_<id>
    expect(Object.keys(json.resource.azurerm_cognitive_account)).toEqual(["account_eus2"]);
    expect(Object.keys(json.resource.azurerm_cognitive_account_project)).toEqual(["project_eus2"]);
    expect(Object.keys(json.resource.azurerm_monitor_diagnostic_setting)).toEqual(["diagnostics_eus2"]);
  });
});
