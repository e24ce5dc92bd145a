// The repository's own config/ (the samples shipped with the project), when it exists and loads: every environment
// with a gateway must plan, and its policies must carry its table. Skipped, visibly, while config/ has no samples.
import { join } from "node:path";
import { TerraformStack, Testing } from "cdktf";
import { XMLValidator } from "fast-xml-parser";
import { Gateway } from "../../constructs/gateway";
import { gatewayPlan } from "../../routing/gateway/plan";
import { routingVersion } from "../../routing/table/hash";
import { loadConfigDir } from "../../io/config-files";
import { apiTable } from "../../routing/table/resolve";
import { routingTable } from "../../routing/table/table";
import { apimRawToXml, comparable, readPolicy, tableFromPolicy } from "./helpers";

const loaded = loadConfigDir(join(__dirname, "..", ".."));
const withGateway = (loaded.config?.environments ?? []).filter((e) => e.spec.gateway !== undefined).map((e) => [e.name] as const);

(withGateway.length > 0 ? describe : describe.skip)("repository config/ samples", () => {
  test.each(withGateway.length > 0 ? withGateway : [["(none)"] as const])(
    "GIVEN environment %s WHEN its gateway is planned THEN its policies carry its routing table",
    (name) => {
      // GIVEN the environment's table
      const config = loaded.config!;
      const env = config.environments.find((e) => e.name === name)!;
      const table = routingTable(config, env);
      // WHEN the gateway is planned
      const plan = gatewayPlan(table, routingVersion(table));
      // THEN each policy is well-formed, is what APIM reads from the rawxml, and gives back the table of its API
      for (const api of plan.apis) {
        expect(XMLValidator.validate(api.policy.xml)).toBe(true);
        expect(apimRawToXml(api.policy.rawXml)).toBe(api.policy.xml);
        expect(tableFromPolicy(readPolicy(api.policy.xml))).toEqual(comparable(apiTable(table, api.shape)));
      }
    },
  );

  test.each(withGateway.length > 0 ? withGateway : [["(none)"] as const])(
    "GIVEN environment %s WHEN its Gateway construct is synthesized THEN APIM, backends, roles, named value and policies are there",
    (name) => {
      // GIVEN the environment, its table and stand-in account ids
      const config = loaded.config!;
      const env = config.environments.find((e) => e.name === name)!;
      const table = routingTable(config, env);
      const stack = new TerraformStack(Testing.app(), name);
      // WHEN the gateway is synthesized
      const gateway = new Gateway(stack, "gateway", {
        environment: name,
        project: env.spec.project,
        table,
        config: env.spec.gateway!,
        resourceGroupName: "rg",
        location: "eastus2",
        accounts: env.spec.accounts.map((a) => ({
          id: a.id,
          resourceId: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/${a.id}`,
          subdomain: a.customSubdomain ?? a.id,
        })),
      });
      const json = JSON.parse(Testing.synth(stack)) as {
        resource: Record<string, Record<string, unknown>>;
        data?: Record<string, Record<string, unknown>>;
      };
      const count = (type: string) => Object.keys(json.resource[type] ?? {}).length;
      // THEN the instance is created or referenced as configured, with one resource per planned item
      const created = "create" in env.spec.gateway!;
      expect(count("azurerm_api_management")).toBe(created ? 1 : 0);
      expect(Object.keys(json.data?.azurerm_api_management ?? {}).length).toBe(created ? 0 : 1);
      expect(count("azurerm_api_management_backend")).toBe(gateway.plan.backends.length);
      expect(count("azurerm_role_assignment")).toBe(gateway.plan.roles.length + gateway.plan.contentSafety.filter((c) => c.role).length);
      // Content Safety backends go through azapi (managed-identity credentials), one per planned service
      expect(count("azapi_resource")).toBe(gateway.plan.contentSafety.length);
      expect(count("azurerm_api_management_named_value")).toBe(1);
      expect(count("azurerm_api_management_api_policy")).toBe(gateway.plan.apis.length);
    },
  );
});

describe("gateway policy: real traffic", () => {
  // The shipped prod sample, which routes to o4-mini and gpt-4o.
  const xml = () => {
    const config = loaded.config!;
    const table = routingTable(
      config,
      config.environments.find((e) => e.name === "prod")!,
    );
    return gatewayPlan(table, routingVersion(table)).apis.find((a) => a.shape === "chat-completions")!.policy.rawXml;
  };

  test("responses stream: forward-request does not buffer the response", () => {
    // GIVEN prod's chat policy WHEN its forward-request is read THEN server-sent events pass through unbuffered
    expect(xml()).toMatch(/<forward-request buffer-request-body="true" buffer-response="false" \/>/);
  });

  test("the 400 body lists the valid classes as a string[] (System.Object is not an allowed type)", () => {
    // GIVEN prod's chat policy WHEN the error body is read THEN no object[] is built
    expect(xml()).toContain("new JArray(new string[] {");
    expect(xml()).not.toMatch(/\bobject\[\]/);
  });

  test("an o-series deployment gets the api-version its catalog entry names, others keep the default", () => {
    // GIVEN prod, which routes to eus2/o4-mini (catalog apiVersion 2024-12-01-preview) and to eus2/gpt-4o
    const text = xml();
    // WHEN the per-backend api-version is read THEN o4-mini's is the newer version
    const o4 = text.slice(text.indexOf('"fr-backend"]) == "fr-prod-eus2-o4-mini"'));
    expect(o4.slice(0, o4.indexOf("</when>"))).toContain("<value>2024-12-01-preview</value>");
    const gpt = text.slice(text.indexOf('"fr-backend"]) == "fr-prod-eus2-gpt-4o"'));
    expect(gpt.slice(0, gpt.indexOf("</when>"))).toContain("<value>2024-10-21</value>");
  });

  test("a request without a JSON object body is answered 400 in the unknown-class error shape, before any routing", () => {
    // GIVEN prod's chat policy WHEN its inbound section is read
    const text = xml();
    const check = text.indexOf('!((bool)context.Variables["fr-body-json"])');
    // THEN the body check comes before the class is chosen, and answers with code invalid-body and the valid classes
    expect(check).toBeGreaterThan(-1);
    expect(check).toBeLessThan(text.indexOf('name="fr-task-class"'));
    const answer = text.slice(check, text.indexOf("</return-response>", check));
    expect(answer).toContain('<set-status code="400" reason="Bad Request" />');
    expect(answer).toContain('string code = "invalid-body";');
    expect(answer).toContain('new JProperty("validClasses", new JArray(new string[] {');
  });
});
