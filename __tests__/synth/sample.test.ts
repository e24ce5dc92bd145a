// End to end on the sample config shipped in config/: validate, synthesize, and check the Terraform JSON against
// the YAML it came from.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { formatFinding } from "../../routing/findings";
import type { RoutingConfig } from "../../routing/config/loader";
import { readConfigDir } from "../../io/config-files";
import { modelsById } from "../../routing/config/model";
import { synthesize } from "../../io/synth";
import { validateFiles } from "../../routing/validate";
import { longestDeploymentChain } from "../../fixtures/tf-json";

const REPO = resolve(__dirname, "../..");
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

let config: RoutingConfig;
let dir: string;
const stacks: Record<string, Json> = {};

beforeAll(() => {
  // GIVEN the sample config in the repository, which must be valid
  const result = validateFiles(readConfigDir(REPO));
  if (!result.config || result.errors.length > 0) {
    throw new Error(
      `the sample config in config/ is invalid, so it cannot be synthesized:\n${result.errors.map(formatFinding).join("\n")}`,
    );
  }
  config = result.config;
  // WHEN it is synthesized
  dir = mkdtempSync(join(tmpdir(), "fr-sample-"));
  synthesize(config, dir);
  for (const env of config.environments) stacks[env.name] = JSON.parse(readFileSync(join(dir, "stacks", env.name, "cdk.tf.json"), "utf8"));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every deployment in a stack, whichever provider creates it, with the fields the checks need. */
function deploymentsOf(stack: Json) {
  const out: {
    address: string;
    name: string;
    parent: string;
    version: string;
    upgrade: string;
    rai: string;
    format: string;
    viaAzapi: boolean;
  }[] = [];
  for (const [id, r] of Object.entries((stack.resource.azurerm_cognitive_deployment ?? {}) as Record<string, Json>)) {
    out.push({
      address: `azurerm_cognitive_deployment.${id}`,
      name: r.name,
      parent: r.cognitive_account_id,
      version: r.model.version,
      upgrade: r.version_upgrade_option,
      rai: r.rai_policy_name,
      format: r.model.format,
      viaAzapi: false,
    });
  }
  for (const [id, r] of Object.entries((stack.resource.azapi_resource ?? {}) as Record<string, Json>)) {
    if (!String(r.type).startsWith("Microsoft.CognitiveServices/accounts/deployments@")) continue;
    const p = r.body.properties;
    out.push({
      address: `azapi_resource.${id}`,
      name: r.name,
      parent: r.parent_id,
      version: p.model.version,
      upgrade: p.versionUpgradeOption,
      rai: p.raiPolicyName,
      format: p.model.format,
      viaAzapi: true,
    });
  }
  return out;
}

describe("the sample config", () => {
  test("synthesizes a dev and a prod stack", () => {
    // THEN
    expect(Object.keys(stacks).sort()).toEqual(expect.arrayContaining(["dev", "prod"]));
  });

  test("prod has at least two AIServices accounts, all with local auth off and a system identity", () => {
    // THEN
    const accounts = Object.values(stacks.prod!.resource.azurerm_cognitive_account as Record<string, Json>);
    expect(accounts.length).toBeGreaterThanOrEqual(2);
    for (const a of accounts) {
      expect(a).toMatchObject({ kind: "AIServices", local_auth_enabled: false, identity: { type: "SystemAssigned" } });
    }
  });

  test("every deployment is pinned to the YAML's version, with NoAutoUpgrade and an explicit RAI policy (Claude: none)", () => {
    const models = modelsById(config);
    for (const env of config.environments) {
      const synthesized = deploymentsOf(stacks[env.name]!);
      const expected = env.spec.accounts.flatMap((a) => a.deployments.map((d) => ({ a, d })));
      // THEN one synthesized deployment per YAML deployment
      expect(synthesized).toHaveLength(expected.length);
      for (const { a, d } of expected) {
        const s = synthesized.find((x) => x.address.endsWith(`.deployment_${a.id}_${d.name.replace(/[^A-Za-z0-9_-]/g, "_")}`));
        expect(s).toBeDefined();
        expect(s!.parent).toBe(`\${azurerm_cognitive_account.account_${a.id}.id}`);
        expect(s!.version).toBe(d.version ?? models.get(d.model)!.foundry.version);
        expect(s!.upgrade).toBe("NoAutoUpgrade");
        // Foundry filters no Claude deployment, so none names a policy; every other one does.
        if (s!.format === "Anthropic") expect(s!.rai).toBeUndefined();
        else expect(s!.rai).toMatch(/^\S+$/);
      }
    }
  });

  test("Anthropic models and routers with a subset deploy through azapi, everything else through azurerm", () => {
    // THEN prod has at least one Anthropic deployment; the format, or routing settings, decide the provider
    const prod = deploymentsOf(stacks.prod!);
    expect(prod.some((d) => d.viaAzapi)).toBe(true);
    const routed = new Set(
      config.environments.flatMap((e) => e.spec.accounts.flatMap((a) => a.deployments.filter((d) => d.routing).map((d) => d.name))),
    );
    expect(routed.size).toBeGreaterThan(0);
    for (const d of [...prod, ...deploymentsOf(stacks.dev!)]) expect(d.viaAzapi).toBe(d.format === "Anthropic" || routed.has(d.name));
    const azapi = Object.values(stacks.prod!.resource.azapi_resource as Record<string, Json>);
    for (const r of azapi.filter((x) => String(x.type).startsWith("Microsoft.CognitiveServices/accounts/deployments@"))) {
      expect(Object.keys(r.body.properties.modelProviderData).sort()).toEqual(["countryCode", "industry", "organizationName"]);
      expect(r.schema_validation_enabled).toBe(false);
    }
    expect(stacks.prod!.terraform.required_providers.azapi.source).toBe("azure/azapi");
  });

  test("deployments are chained per account: chain depth is the largest account's deployment count", () => {
    for (const env of config.environments) {
      const stack = stacks[env.name];
      const largest = Math.max(...env.spec.accounts.map((a) => a.deployments.length));
      // THEN no depends_on edge crosses accounts, and the longest chain is the largest account
      for (const d of deploymentsOf(stack!)) {
        const body = d.viaAzapi
          ? stack!.resource.azapi_resource[d.address.split(".")[1]!]
          : stack!.resource.azurerm_cognitive_deployment[d.address.split(".")[1]!];
        for (const dep of (body.depends_on ?? []) as string[]) {
          const other = deploymentsOf(stack!).find((x) => x.address === dep);
          expect(other?.parent).toBe(d.parent);
        }
      }
      expect(longestDeploymentChain(stack!)).toBe(largest);
    }
    expect(env("prod").spec.accounts.length).toBeGreaterThanOrEqual(2);
  });

  test("prod's customer-email route is checked by Azure AI Content Safety on eus2's endpoint; dev has no check", () => {
    // THEN prod has one Content Safety backend, an azapi APIM backend authenticated with the gateway's identity
    const backends = (stack: Json) =>
      Object.values((stack.resource.azapi_resource ?? {}) as Record<string, Json>).filter((r) =>
        String(r.type).startsWith("Microsoft.ApiManagement/service/backends@"),
      );
    expect(backends(stacks.prod!).map((b) => [b.name, b.body.properties.url, b.body.properties.credentials])).toEqual([
      [
        "fr-prod-content-safety-eus2",
        "https://${azurerm_cognitive_account.account_eus2.custom_subdomain_name}.cognitiveservices.azure.com",
        { managedIdentity: { resource: "https://cognitiveservices.azure.com" } },
      ],
    ]);
    // AND the chat policy applies llm-content-safety to customer-email only
    const chat = stacks.prod!.resource.azurerm_api_management_api_policy["gateway_chat-completions"].xml_content as string;
    expect(chat.match(/<llm-content-safety /g)).toHaveLength(1);
    expect(chat).toMatch(/== "customer-email"\)">\s*<llm-content-safety backend-id="fr-prod-content-safety-eus2" shield-prompt="true">/);
    // AND dev, which asks for none, has no Content Safety backend or policy
    expect(backends(stacks.dev!)).toEqual([]);
    expect(JSON.stringify(stacks.dev)).not.toContain("llm-content-safety");
  });
});

function env(name: string) {
  return config.environments.find((e) => e.name === name)!;
}
