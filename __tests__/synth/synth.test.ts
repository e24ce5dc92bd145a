import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EnvironmentStack } from "../../constructs/environment-stack";
import type { RoutingConfig } from "../../routing/config/loader";
import { synthesize } from "../../io/synth";
import { routingTable } from "../../routing/table/table";
import { account, deployment, load, synthConfig, synthEnv } from "../../fixtures/builder";
import { longestDeploymentChain, readTree } from "../../fixtures/tf-json";
import { allResources } from "./stack";

const made: string[] = [];
function outdir(): string {
  const d = mkdtempSync(join(tmpdir(), "fr-synth-"));
  made.push(d);
  return d;
}
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

function synthStacks(config: RoutingConfig): { dir: string; stacks: Record<string, Json>; summary: ReturnType<typeof synthesize> } {
  const dir = outdir();
  const summary = synthesize(config, dir);
  const stacks: Record<string, Json> = {};
  for (const env of config.environments) stacks[env.name] = JSON.parse(readFileSync(join(dir, "stacks", env.name, "cdk.tf.json"), "utf8"));
  return { dir, stacks, summary };
}

const twoAccounts = () => [
  account("eus2", "eastus2", [deployment("gpt-4o"), deployment("gpt-4o-mini"), deployment("mai-ds-r1")]),
  account("swc", "swedencentral", [deployment("gpt-4o"), deployment("claude", "claude-sonnet-4-5", { capacity: 1 })]),
];

describe("synthesize", () => {
  test("writes one stack per environment under stacks/<env>/cdk.tf.json and counts resources", () => {
    // GIVEN two environments
    const config = load(synthConfig({ dev: synthEnv(), prod: synthEnv() }));

    // WHEN synthesized
    const { dir, stacks, summary } = synthStacks(config);

    // THEN the manifest lists both stacks and the summary matches the files
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks).sort()).toEqual(["dev", "prod"]);
    expect(summary.stacks.map((s) => s.name)).toEqual(["dev", "prod"]);
    expect(summary.stacks[0]!.resources).toBe(allResources(stacks.dev!).size);
    expect(summary.resources).toBe(allResources(stacks.dev!).size + allResources(stacks.prod!).size);
  });

  test("deployments are chained per account only: depth is the largest account's count, not the total", () => {
    // GIVEN account eus2 with 3 deployments and swc with 2 (one of them Anthropic)
    const config = load(synthConfig({ prod: synthEnv({ accounts: twoAccounts() }) }));

    // WHEN synthesized
    const { stacks } = synthStacks(config);
    const prod = stacks.prod;

    // THEN each deployment depends on its predecessor in the same account, the first on nothing
    const dep = (type: string, id: string) => prod!.resource[type][id].depends_on;
    expect(dep("azurerm_cognitive_deployment", "deployment_eus2_gpt-4o")).toBeUndefined();
    expect(dep("azurerm_cognitive_deployment", "deployment_eus2_gpt-4o-mini")).toEqual([
      "azurerm_cognitive_deployment.deployment_eus2_gpt-4o",
    ]);
    expect(dep("azurerm_cognitive_deployment", "deployment_eus2_mai-ds-r1")).toEqual([
      "azurerm_cognitive_deployment.deployment_eus2_gpt-4o-mini",
    ]);
    expect(dep("azurerm_cognitive_deployment", "deployment_swc_gpt-4o")).toBeUndefined();
    expect(dep("azapi_resource", "deployment_swc_claude")).toEqual(["azurerm_cognitive_deployment.deployment_swc_gpt-4o"]);
    expect(longestDeploymentChain(prod!)).toBe(3);
  });

  test("the azurerm provider synthesizes as `features {}` with Entra ID storage access", () => {
    // GIVEN any environment
    // WHEN synthesized
    const { stacks } = synthStacks(load(synthConfig()));

    // THEN
    expect(stacks.dev!.provider.azurerm).toEqual([{ features: [{}], storage_use_azuread: true }]);
    expect(stacks.dev!.terraform.required_providers.azurerm).toMatchObject({ version: "4.55.0" });
  });

  test("local backend keeps one state file per environment", () => {
    // GIVEN the default backend
    // WHEN synthesized
    const { stacks } = synthStacks(load(synthConfig({ dev: synthEnv(), prod: synthEnv() })));

    // THEN
    expect(stacks.dev!.terraform.backend).toEqual({ local: { path: "terraform.dev.tfstate" } });
    expect(stacks.prod!.terraform.backend).toEqual({ local: { path: "terraform.prod.tfstate" } });
  });

  test("azurerm backend uses OIDC and Entra ID auth for state", () => {
    // GIVEN an azurerm backend
    const config = load(
      synthConfig({
        prod: synthEnv({
          backend: {
            type: "azurerm",
            resourceGroupName: "rg-tfstate",
            storageAccountName: "sttfstate",
            containerName: "tfstate",
            key: "prod.tfstate",
          },
        }),
      }),
    );

    // WHEN synthesized
    const { stacks } = synthStacks(config);

    // THEN
    expect(stacks.prod!.terraform.backend).toEqual({
      azurerm: {
        resource_group_name: "rg-tfstate",
        storage_account_name: "sttfstate",
        container_name: "tfstate",
        key: "prod.tfstate",
        use_oidc: true,
        use_azuread_auth: true,
      },
    });
  });

  test("cloud backend names the organization and workspace", () => {
    // GIVEN a Terraform Cloud backend
    const config = load(
      synthConfig({
        prod: synthEnv({ backend: { type: "cloud", organization: "contoso", workspace: "foundry-prod", hostname: "tfe.contoso.com" } }),
      }),
    );

    // WHEN synthesized
    const { stacks } = synthStacks(config);

    // THEN
    expect(stacks.prod!.terraform.cloud).toEqual({
      organization: "contoso",
      hostname: "tfe.contoso.com",
      workspaces: { name: "foundry-prod" },
    });
    expect(stacks.prod!.terraform.backend).toBeUndefined();
  });

  test("an existing resource group is read with a data source, not created", () => {
    // GIVEN resourceGroup.existing
    const config = load(synthConfig({ dev: synthEnv({ resourceGroup: { existing: "rg-shared" } }) }));

    // WHEN synthesized
    const { stacks } = synthStacks(config);

    // THEN no azurerm_resource_group is managed, and the account refers to the data source
    expect(stacks.dev!.resource.azurerm_resource_group).toBeUndefined();
    expect(stacks.dev!.data.azurerm_resource_group.resource_group.name).toBe("rg-shared");
    expect(stacks.dev!.resource.azurerm_cognitive_account.account_eus2.resource_group_name).toBe(
      "${data.azurerm_resource_group.resource_group.name}",
    );
  });

  test("a created resource group carries the stable tags", () => {
    // GIVEN resourceGroup.create
    // WHEN synthesized
    const { stacks } = synthStacks(load(synthConfig()));

    // THEN
    expect(stacks.dev!.resource.azurerm_resource_group.resource_group).toMatchObject({
      name: "rg-foundry-dev",
      location: "eastus2",
      tags: { "cost-center": "4711", environment: "dev", "managed-by": "foundry-routes", owner: "platform" },
    });
  });

  test("outputs: endpoints per account, deployment names, and the routing table as JSON", () => {
    // GIVEN two accounts
    const config = load(synthConfig({ prod: synthEnv({ accounts: twoAccounts() }) }));

    // WHEN synthesized
    const { stacks } = synthStacks(config);
    const out = stacks.prod!.output;

    // THEN
    expect(out.account_endpoints.value).toEqual({
      eus2: "${azurerm_cognitive_account.account_eus2.endpoint}",
      swc: "${azurerm_cognitive_account.account_swc.endpoint}",
    });
    expect(Object.keys(out.deployment_names.value)).toEqual([
      "eus2/gpt-4o",
      "eus2/gpt-4o-mini",
      "eus2/mai-ds-r1",
      "swc/claude",
      "swc/gpt-4o",
    ]);
    expect(JSON.parse(out.routing_table.value)).toEqual(routingTable(config, config.environments[0]!));
  });

  test("free text from YAML stays literal: template sequences are escaped", () => {
    // GIVEN a tag value that looks like a Terraform interpolation
    const config = load(synthConfig({ dev: synthEnv({ tags: { "cost-center": "4711", owner: "${var.secret} %{if x}" } }) }));

    // WHEN synthesized
    const { stacks } = synthStacks(config);

    // THEN Terraform will read it as text
    expect(stacks.dev!.resource.azurerm_cognitive_account.account_eus2.tags.owner).toBe("$${var.secret} %%{if x}");
  });

  test("is deterministic: two runs give byte-identical trees without machine paths or stack traces", () => {
    // GIVEN one config with every kind of resource
    const config = load(synthConfig({ dev: synthEnv(), prod: synthEnv({ accounts: twoAccounts() }) }));

    // WHEN synthesized twice into different directories
    const a = outdir();
    const b = outdir();
    synthesize(config, a);
    synthesize(config, b);

    // THEN every file is identical, and none mentions either directory or a stack trace
    const ta = readTree(a);
    const tb = readTree(b);
    expect([...ta.keys()]).toEqual(["manifest.json", "stacks/dev/cdk.tf.json", "stacks/prod/cdk.tf.json"]);
    expect([...tb.keys()]).toEqual([...ta.keys()]);
    for (const [file, bytes] of ta) {
      expect(tb.get(file)!.equals(bytes)).toBe(true);
      const text = bytes.toString("utf8");
      expect(text).not.toContain(a);
      expect(text).not.toContain(tmpdir());
      expect(text).not.toContain(process.cwd());
      expect(text).not.toMatch(/stackTrace|"timestamp"|\d{4}-\d\d-\d\dT\d\d:\d\d/);
    }
  });

  test("extensions run after accounts and deployments exist (the gateway hook)", () => {
    // GIVEN an extension that records what it sees
    const config = load(synthConfig({ prod: synthEnv({ accounts: twoAccounts() }) }));
    const seen: string[] = [];

    // WHEN synthesized with it
    synthesize(config, outdir(), {
      extensions: [
        (stack: EnvironmentStack) => {
          seen.push(`${stack.environment.name}: ${[...stack.accounts.keys()].join(",")} | ${[...stack.deployments.keys()].join(",")}`);
        },
      ],
    });

    // THEN it saw every account and deployment
    expect(seen).toEqual(["prod: eus2,swc | eus2/gpt-4o,eus2/gpt-4o-mini,eus2/mai-ds-r1,swc/gpt-4o,swc/claude"]);
  });

  test("an Anthropic attestation in the environment spec replaces the Terraform variables", () => {
    // GIVEN the proposed `anthropic` block on an environment (not in the schema yet, so injected here)
    const base = load(synthConfig({ prod: synthEnv({ accounts: twoAccounts() }) }));
    const env = base.environments[0];
    const spec = { ...env!.spec, anthropic: { organizationName: "Fabrikam Ltd", countryCode: "GB", industry: "technology" } };
    const config: RoutingConfig = { ...base, environments: [{ ...env!, spec }] };

    // WHEN synthesized
    const { stacks } = synthStacks(config);

    // THEN the body carries the literal values and no variables are declared
    expect(stacks.prod!.resource.azapi_resource.deployment_swc_claude.body.properties.modelProviderData).toEqual({
      organizationName: "Fabrikam Ltd",
      countryCode: "GB",
      industry: "technology",
    });
    expect(stacks.prod!.variable).toBeUndefined();
  });
});
