// plan-summary over plans in Terraform's documented JSON format, including one full of secrets.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { planSummary } from "../../cli/commands/plan-summary";
import { captureIo } from "../../cli/io";
import { runCli } from "../../cli/run";
import { PlanSummaryError, parsePlan, planSummaryMarkdown, summarizePlan } from "../../routing/plan-summary/plan-summary";

const SECRET_KEY = "sk-live-9f8e7d6c5b4a3210";
const SECRET_CONN = "Server=tcp:db;Password=hunter2-very-secret";
const SECRET_VAR = "var-secret-0xDEADBEEF";
const SECRET_NESTED = "nested-credential-abcdef";

/** A plan as `terraform show -json` writes it: a replacement, an update with secrets, a create, a delete. */
function plan(): Record<string, unknown> {
  return {
    format_version: "1.2",
    terraform_version: "1.9.8",
    variables: { anthropic_org: { value: SECRET_VAR } },
    configuration: { root_module: { variables: { anthropic_org: { sensitive: true } } } },
    resource_changes: [
      {
        address: "azurerm_cognitive_deployment.deployment_eus2_chat",
        mode: "managed",
        type: "azurerm_cognitive_deployment",
        name: "deployment_eus2_chat",
        change: {
          actions: ["delete", "create"],
          before: {
            name: "chat",
            model: [{ format: "OpenAI", name: "gpt-4o", version: "2024-11-20" }],
            sku: [{ name: "GlobalStandard", capacity: 20 }],
          },
          after: {
            name: "chat",
            model: [{ format: "OpenAI", name: "gpt-4o-mini", version: "2024-07-18" }],
            sku: [{ name: "GlobalStandard", capacity: 20 }],
          },
          after_unknown: { id: true },
          before_sensitive: {},
          after_sensitive: {},
          replace_paths: [["model", 0, "name"]],
        },
      },
      {
        address: "azurerm_api_management_named_value.backend_key",
        mode: "managed",
        type: "azurerm_api_management_named_value",
        name: "backend_key",
        change: {
          actions: ["update"],
          before: { display_name: "backend-key", value: SECRET_KEY, tags: ["a"] },
          after: { display_name: "backend-key-2", value: `${SECRET_KEY}-rotated`, tags: ["a"] },
          after_unknown: {},
          before_sensitive: { value: true },
          after_sensitive: { value: true },
        },
      },
      {
        address: "azurerm_cognitive_account.account_eus2",
        mode: "managed",
        type: "azurerm_cognitive_account",
        name: "account_eus2",
        change: {
          actions: ["update"],
          before: { tags: { owner: "a" }, customer_managed_key: [{ key_vault_key_id: SECRET_NESTED }], primary_access_key: SECRET_CONN },
          after: { tags: { owner: "b" }, customer_managed_key: [{ key_vault_key_id: `${SECRET_NESTED}-2` }], primary_access_key: null },
          after_unknown: { primary_access_key: true },
          before_sensitive: { customer_managed_key: true, primary_access_key: true },
          after_sensitive: { customer_managed_key: [{ key_vault_key_id: true }], primary_access_key: true },
        },
      },
      {
        address: "azapi_resource.deployment_eus2_claude",
        mode: "managed",
        type: "azapi_resource",
        name: "deployment_eus2_claude",
        change: {
          actions: ["create"],
          before: null,
          after: {
            type: "Microsoft.CognitiveServices/accounts/deployments@2026-05-01",
            name: "claude",
            body: { properties: { modelProviderData: { organizationName: SECRET_VAR } } },
          },
          after_unknown: { id: true, output: true },
          before_sensitive: false,
          after_sensitive: { body: true },
        },
      },
      {
        address: "azurerm_role_assignment.old",
        mode: "managed",
        type: "azurerm_role_assignment",
        name: "old",
        change: { actions: ["delete"], before: { scope: "/x" }, after: null },
      },
      { address: "data.azurerm_client_config.c", mode: "data", type: "azurerm_client_config", name: "c", change: { actions: ["read"] } },
      {
        address: "azurerm_resource_group.rg",
        mode: "managed",
        type: "azurerm_resource_group",
        name: "rg",
        change: { actions: ["no-op"], before: {}, after: {} },
      },
    ],
  };
}

describe("plan-summary", () => {
  it("counts create, update, replace and delete, and lists deletions and replacements first", () => {
    // GIVEN a plan with one of each WHEN summarized
    const s = summarizePlan(parsePlan(JSON.stringify(plan())));
    // THEN counts follow the actions (no-op and data reads excluded)
    expect(s.counts).toEqual({ create: 1, update: 2, replace: 1, delete: 1 });
    // AND deletions and replacements come first, routing resources are flagged
    expect(s.resources.map((r) => [r.action, r.address, r.routing])).toEqual([
      ["replace", "azurerm_cognitive_deployment.deployment_eus2_chat", true],
      ["delete", "azurerm_role_assignment.old", false],
      ["update", "azurerm_api_management_named_value.backend_key", true],
      ["update", "azurerm_cognitive_account.account_eus2", false],
      ["create", "azapi_resource.deployment_eus2_claude", true],
    ]);
    expect(s.resources[0]!.replacePaths).toEqual(["model[0].name"]);
  });

  it("never prints a sensitive value, and masks it where it changed", () => {
    // GIVEN a plan whose sensitive attributes, nested sensitive blocks and sensitive variables hold secrets
    const md = planSummaryMarkdown(JSON.stringify(plan()));
    // THEN none of the secrets (nor a prefix of a rotated one) appears
    for (const secret of [SECRET_KEY, SECRET_CONN, SECRET_VAR, SECRET_NESTED, "hunter2", "sk-live"]) expect(md).not.toContain(secret);
    // AND the changed sensitive values are shown as masked, non-sensitive ones with their values
    expect(md).toContain("`value`: (sensitive) → (sensitive)");
    expect(md).toContain("`customer_managed_key[0].key_vault_key_id`: (sensitive) → (sensitive)");
    expect(md).toContain("`primary_access_key`: (sensitive) → (known after apply)");
    expect(md).toContain('`display_name`: "backend-key" → "backend-key-2"');
    expect(md).toContain('`model[0].name`: "gpt-4o" → "gpt-4o-mini"');
  });

  it("puts the caution block with the replacement before the other changes", () => {
    // GIVEN the plan WHEN rendered THEN the counts lead, and the replacement is in the caution block first
    const md = planSummaryMarkdown(JSON.stringify(plan()));
    expect(md).toContain("**1 to create, 2 to update, 1 to replace, 1 to delete** (Terraform 1.9.8)");
    expect(md.indexOf("> [!CAUTION]")).toBeLessThan(md.indexOf("#### Routing-relevant changes"));
    expect(
      md.indexOf("**replace** `azurerm_cognitive_deployment.deployment_eus2_chat` · routing — forced by `model[0].name`"),
    ).toBeGreaterThan(0);
  });

  it("says so when there is nothing to change", () => {
    // GIVEN a plan with no resource changes THEN the summary says there is nothing to do
    const md = planSummaryMarkdown(JSON.stringify({ format_version: "1.2", resource_changes: [] }));
    expect(md).toContain("No changes");
  });

  it.each([
    ["{not json", "is not valid JSON"],
    ["[]", "found a list"],
    ['{"resource_changes": []}', "format_version is missing"],
    ['{"format_version": "1.2", "resource_changes": {}}', "resource_changes must be a list"],
  ])("rejects %s with one clear message", (text, message) => {
    // GIVEN input that is not a JSON plan THEN one PlanSummaryError names what was expected
    expect(() => planSummaryMarkdown(text, "plan.json")).toThrow(PlanSummaryError);
    expect(() => planSummaryMarkdown(text, "plan.json")).toThrow(message);
  });

  describe("through the CLI", () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "plan-summary-"));
      writeFileSync(join(dir, "plan.json"), JSON.stringify(plan()));
      writeFileSync(join(dir, "bad.json"), "terraform plan output, not JSON");
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const cli = async (...argv: string[]) => {
      const io = captureIo(dir);
      const code = await runCli(["plan-summary", ...argv], io, [planSummary]);
      return { code, out: io.out(), err: io.err() };
    };

    it("prints the summary, exit 0", async () => {
      // GIVEN a plan file WHEN summarized through the CLI THEN Markdown on stdout, no secret
      const r = await cli("plan.json");
      expect(r.code).toBe(0);
      expect(r.out).toContain("### Terraform plan");
      expect(r.out).not.toContain(SECRET_KEY);
    });

    it("exits 2 with one line for bad JSON and for a missing file", async () => {
      // GIVEN a file that is not JSON THEN one line on stderr, nothing on stdout, exit 2
      const bad = await cli("bad.json");
      expect(bad.code).toBe(2);
      expect(bad.out).toBe("");
      expect(bad.err.trim().split("\n")).toHaveLength(1);
      expect(bad.err).toContain("bad.json is not valid JSON");
      // AND a missing file is the same kind of error
      const missing = await cli("nope.json");
      expect(missing.code).toBe(2);
      expect(missing.err).toBe("foundry-routes plan-summary: cannot read nope.json: no such file\n");
    });
  });
});
