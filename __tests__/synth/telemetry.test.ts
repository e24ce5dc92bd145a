// The prod sample's gateway leaves a record: workspace, Application Insights, a keyless logger, diagnostics that log
// the routed headers, and the APIM diagnostic setting with resource-specific gateway and LLM logs. No secret appears.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readConfigDir } from "../../io/config-files";
import { synthesize } from "../../io/synth";
import { loadConfig } from "../../routing/config/loader";
import { validateLoaded } from "../../routing/validate";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const config = validateLoaded(loadConfig(readConfigDir(join(__dirname, "..", "..")))).config!;
const out = mkdtempSync(join(tmpdir(), "foundry-routes-telemetry-"));
const stacks = Object.fromEntries(synthesize(config, out).stacks.map((s) => [s.name, s.json as Json]));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const prod = stacks.prod!.resource;
const azapiOf = (type: string) => Object.values(prod.azapi_resource as Record<string, Json>).filter((r) => String(r.type).startsWith(type));

describe("gateway telemetry in the prod sample", () => {
  test("a workspace and workspace-based Application Insights, both with local auth off", () => {
    const [workspace] = Object.values(prod.azurerm_log_analytics_workspace as Record<string, Json>);
    expect(workspace).toMatchObject({ name: "log-foundry-routes-prod", retention_in_days: 90, local_authentication_enabled: false });
    const [insights] = Object.values(prod.azurerm_application_insights as Record<string, Json>);
    expect(insights).toMatchObject({
      local_authentication_disabled: true,
      workspace_id: "${azurerm_log_analytics_workspace.telemetry_workspace.id}",
    });
  });

  test("the APIM logger uses the gateway's managed identity, which may publish to Application Insights", () => {
    const [logger] = azapiOf("Microsoft.ApiManagement/service/loggers@");
    expect(logger.body.properties).toMatchObject({
      loggerType: "applicationInsights",
      credentials: { identityClientId: "SystemAssigned" },
    });
    const roles = Object.values(prod.azurerm_role_assignment as Record<string, Json>).map((r) => r.role_definition_name);
    expect(roles).toContain("Monitoring Metrics Publisher");
  });

  test("each API logs the routed headers to Application Insights (with custom metrics) and Azure Monitor", () => {
    const headers = [
      "x-routed-task-class",
      "x-routed-deployment",
      "x-routed-model",
      "x-routing-version",
      "x-routing-fallback",
      "x-routed-consumer",
    ];
    const insights = azapiOf("Microsoft.ApiManagement/service/apis/diagnostics@");
    expect(insights).toHaveLength(prod.azurerm_api_management_api ? Object.keys(prod.azurerm_api_management_api).length : 0);
    for (const d of insights) {
      expect(d.name).toBe("applicationinsights");
      expect(d.body.properties.metrics).toBe(true);
      expect(d.body.properties.frontend.response.headers).toEqual(headers);
    }
    for (const d of Object.values(prod.azurerm_api_management_api_diagnostic as Record<string, Json>)) {
      expect(d.identifier).toBe("azuremonitor");
      expect(d.frontend_response.headers_to_log).toEqual(headers);
    }
  });

  test("the APIM diagnostic setting sends GatewayLogs and GatewayLlmLogs to resource-specific tables", () => {
    const setting = Object.values(prod.azurerm_monitor_diagnostic_setting as Record<string, Json>).find((s) =>
      String(s.target_resource_id).includes("azurerm_api_management.gateway"),
    );
    expect(setting).toMatchObject({ log_analytics_destination_type: "Dedicated" });
    expect(setting.enabled_log.map((l: Json) => l.category)).toEqual(["GatewayLogs", "GatewayLlmLogs"]);
  });

  test("no key, subscription or secret value is synthesized; subscription keys are off", () => {
    const text = JSON.stringify(stacks);
    expect(prod.azurerm_api_management_subscription).toBeUndefined();
    for (const api of Object.values(prod.azurerm_api_management_api as Record<string, Json>)) expect(api.subscription_required).toBe(false);
    // Connection strings and keys only as references, never values.
    expect(text).not.toMatch(/InstrumentationKey=|AccountKey=|SharedAccessKey=|primary_key|secondary_key/);
    expect(text).not.toMatch(/"instrumentation_key"/);
    for (const o of Object.values(stacks.prod!.output as Record<string, Json>))
      expect(JSON.stringify(o.value)).not.toMatch(/connection_string|_key\b/);
  });
});
