import { Testing, TerraformStack } from "cdktf";
import { AzapiProvider, AzapiResource } from "../../constructs/azapi";
import { literal, logicalId, setLogicalId, stableTags } from "../../constructs/names";

describe("AzapiResource", () => {
  test("maps camelCase props to snake_case attributes and keeps the body's ARM keys as written", () => {
    // GIVEN a resource with every bound prop
    // WHEN synthesized
    const json = JSON.parse(
      Testing.synthScope((scope) => {
        new AzapiProvider(scope, "azapi", { useOidc: true });
        new AzapiResource(scope, "thing", {
          type: "Microsoft.Example/things@2025-01-01",
          name: "thing-1",
          parentId: "/subscriptions/0/resourceGroups/rg",
          location: "eastus2",
          tags: { a: "b" },
          schemaValidationEnabled: false,
          body: { properties: { someSetting: { nestedValue: 1 } } },
        });
      }),
    );

    // THEN attributes are snake_case and the body is untouched
    expect(json.resource.azapi_resource.thing).toMatchObject({
      type: "Microsoft.Example/things@2025-01-01",
      name: "thing-1",
      parent_id: "/subscriptions/0/resourceGroups/rg",
      location: "eastus2",
      tags: { a: "b" },
      schema_validation_enabled: false,
      body: { properties: { someSetting: { nestedValue: 1 } } },
    });
    expect(json.provider.azapi).toEqual([{ use_oidc: true }]);
    expect(json.terraform.required_providers.azapi).toEqual({ source: "azure/azapi", version: "~> 2.5" });
  });

  test("unset optional props are left out, and id/name are references", () => {
    // GIVEN a minimal resource whose id another resource uses
    // WHEN synthesized
    const json = JSON.parse(
      Testing.synthScope((scope) => {
        AzapiProvider.of(scope);
        const parent = new AzapiResource(scope, "parent", {
          type: "Microsoft.Example/things@2025-01-01",
          name: "p",
          parentId: "/x",
          body: {},
        });
        new AzapiResource(scope, "child", {
          type: "Microsoft.Example/things/children@2025-01-01",
          name: parent.name,
          parentId: parent.id,
          body: {},
        });
      }),
    );

    // THEN nothing optional is emitted and the child refers to the parent's attributes
    expect(Object.keys(json.resource.azapi_resource.parent).sort()).toEqual(["body", "name", "parent_id", "type"]);
    expect(json.resource.azapi_resource.child.parent_id).toBe("${azapi_resource.parent.id}");
    expect(json.resource.azapi_resource.child.name).toBe("${azapi_resource.parent.name}");
  });

  test("AzapiProvider.of declares one provider per stack", () => {
    // GIVEN two lookups in one stack
    // WHEN synthesized
    const json = JSON.parse(
      Testing.synthScope((scope) => {
        expect(AzapiProvider.of(scope)).toBe(AzapiProvider.of(scope));
      }),
    );

    // THEN one provider block
    expect(json.provider.azapi).toHaveLength(1);
  });

  test("also renders as HCL (cdktf hclOutput)", () => {
    // GIVEN a stack with an azapi resource
    const app = Testing.app();
    const stack = new TerraformStack(app, "hcl");
    AzapiProvider.of(stack);
    new AzapiResource(stack, "thing", {
      type: "Microsoft.Example/things@2025-01-01",
      name: "t",
      parentId: "/x",
      body: { properties: { a: 1 } },
      schemaValidationEnabled: false,
    });

    // WHEN rendered as HCL
    const hcl = Testing.synthHcl(stack) as string;

    // THEN the resource block carries the snake_case attributes
    expect(hcl).toContain('resource "azapi_resource" "thing"');
    expect(hcl).toMatch(/parent_id\s*=\s*"\/x"/);
    expect(hcl).toMatch(/schema_validation_enabled\s*=\s*false/);
  });
});

describe("names", () => {
  test("literal() escapes Terraform template sequences and nothing else", () => {
    expect(literal("cost ${center} %{if x}")).toBe("cost $${center} %%{if x}");
    expect(literal("plain $ and % text")).toBe("plain $ and % text");
  });

  test("logicalId() keeps letters, digits, _ and -, and replaces the rest", () => {
    expect(logicalId("deployment", "eus2", "gpt-4.1")).toBe("deployment_eus2_gpt-4_1");
  });

  test("stableTags() adds environment and managed-by, sorts keys and escapes values", () => {
    const tags = stableTags("prod", { zeta: "1", alpha: "${x}", environment: "spoofed" });
    expect(tags).toEqual({ alpha: "$${x}", environment: "prod", "managed-by": "foundry-routes", zeta: "1" });
    expect(Object.keys(tags)).toEqual(["alpha", "environment", "managed-by", "zeta"]);
  });

  test("setLogicalId() refuses two resources at one Terraform address", () => {
    // GIVEN two resources of one type in one stack
    const stack = new TerraformStack(Testing.app(), "s");
    const a = new AzapiResource(stack, "a", { type: "T@1", name: "a", parentId: "/x", body: {} });
    const b = new AzapiResource(stack, "b", { type: "T@1", name: "b", parentId: "/x", body: {} });
    setLogicalId(a, "azapi_resource", "same");

    // WHEN the second gets the same id THEN it is an error naming both
    expect(() => setLogicalId(b, "azapi_resource", "same")).toThrow(/azapi_resource\.same \(s\/a and s\/b\)/);
  });
});
