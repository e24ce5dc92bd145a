// Azure's naming and tagging limits: FR-NAME-1 (derived names), FR-NAME-2 (case-insensitive and global collisions),
// FR-TAG-1 (tag count and case). Each rule: the baseline passes, a config that breaks the limit fails at the field.
import { DEV, type EnvYaml } from "../../../fixtures/builder";
import { expectOne, lineText, ofRule, run } from "./run";

const PROD = "config/environments/prod.yaml";

/** A second environment, prod, copied from dev (same accounts and routes). */
function withProd(d: { envs: Record<string, EnvYaml> }): EnvYaml {
  const prod = structuredClone(d.envs.dev!);
  d.envs.prod = prod;
  return prod;
}

describe("FR-NAME-1 Azure name limits", () => {
  test("the baseline's derived names fit", () => {
    // GIVEN the baseline (ais-foundry-routes-dev-eus2, proj-…, rg-test) WHEN validated THEN no finding
    expect(ofRule(run().findings, "FR-NAME-1")).toEqual([]);
  });

  test("a derived account name over 64 characters points at the account id", () => {
    // GIVEN an account id that makes ais-<project>-<env>-<id> 67 characters long
    const id = "eus2-primary-account-for-the-platform-team-x";
    const r = run((d) => {
      const a = d.envs.dev!.accounts[0]!;
      a.id = id;
      for (const route of d.envs.dev!.routes) for (const t of route.targets) t.deployment = t.deployment.replace("eus2/", `${id}/`);
    });
    // THEN the account name is refused at accounts[0].id, with the derived value, its length and the fix
    const found = ofRule(r.findings, "FR-NAME-1").filter((f) => f.message.startsWith("Cognitive Services account name"));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ level: "error", file: DEV, path: "accounts[0].id" });
    expect(lineText(r, found[0]!)).toContain(id);
    expect(found[0]!.message).toContain(
      `"ais-foundry-routes-dev-${id}" (derived as ais-<project>-<env>-<id>) is 67 characters long; expected 2–64`,
    );
    expect(found[0]!.message).toContain("set accounts[0].name");
  });

  test("an account name with '_' is a valid account name but not a valid default subdomain", () => {
    // GIVEN name ais_test (allowed for the account) and no customSubdomain
    const r = run((d) => (d.envs.dev!.accounts[1]!.name = "ais_test"));
    // THEN the subdomain it defaults to is refused, pointing at the name
    const f = expectOne(r, { rule: "FR-NAME-1", level: "error", file: DEV, path: "accounts[1].name", onLine: "ais_test" });
    expect(f.message).toBe(
      "custom subdomain \"ais_test\" (defaults to the account name) has characters Azure refuses there; expected letters, digits and '-', not starting or ending with '-' (source: cognitive-services-custom-subdomains.md); set accounts[1].customSubdomain",
    );
  });

  test("an explicit customSubdomain fixes the default one", () => {
    // GIVEN the same name with a valid custom subdomain THEN no finding
    const r = run((d) => Object.assign(d.envs.dev!.accounts[1]!, { name: "ais_test", customSubdomain: "ais-test" }));
    expect(ofRule(r.findings, "FR-NAME-1")).toEqual([]);
  });

  test("an API Management name that starts with a digit is refused", () => {
    // GIVEN a gateway named 1apim
    const r = run((d) => {
      d.envs.dev!.gateway = { create: true, name: "1apim", publisherName: "Platform", publisherEmail: "p@example.com" };
    });
    // THEN at gateway.name
    const f = expectOne(r, { rule: "FR-NAME-1", level: "error", file: DEV, path: "gateway.name", onLine: "1apim" });
    expect(f.message).toContain("expected letters, digits and '-', starting with a letter");
  });

  test("a resource group name ending in a period, and a deployment name over 64 characters, are refused", () => {
    // GIVEN rg-test. and a 65-character deployment name
    const long = `gpt-${"x".repeat(61)}`;
    const r = run((d) => {
      d.envs.dev!.resourceGroup = { existing: "rg-test." };
      d.envs.dev!.accounts[0]!.deployments[0]!.name = long;
      d.envs.dev!.routes[0]!.targets[0]!.deployment = `eus2/${long}`;
    });
    // THEN two findings, each at its field
    const found = ofRule(r.findings, "FR-NAME-1");
    expect(found.map((f) => f.path).sort()).toEqual(["accounts[0].deployments[0].name", "resourceGroup.existing"]);
    expect(found.find((f) => f.path === "resourceGroup.existing")!.message).toContain("not ending with '.'");
    expect(found.find((f) => f.path.startsWith("accounts"))!.message).toContain("is 65 characters long; expected 1–64");
  });
});

describe("FR-NAME-2 case-insensitive name collision", () => {
  test("distinct names, and one environment copied to another, pass", () => {
    // GIVEN dev and a prod copy: derived names differ by environment THEN no finding
    const r = run((d) => void withProd(d));
    expect(ofRule(r.findings, "FR-NAME-2")).toEqual([]);
  });

  test("two deployments of one account that differ only in case are one finding, at the second, naming the first", () => {
    // GIVEN gpt-test and GPT-Test on eus2
    const r = run((d) => d.envs.dev!.accounts[0]!.deployments.push({ name: "GPT-Test", model: "gpt-test", capacity: 1 }));
    // THEN the later occurrence names the first, with its line
    const found = ofRule(r.findings, "FR-NAME-2");
    expect(found.map((f) => f.path)).toEqual(["accounts[0].deployments[2].name"]);
    const second = found[0]!;
    expect(lineText(r, second)).toContain("GPT-Test");
    expect(second.message).toMatch(
      /^deployment name in account eus2 "GPT-Test" is the same name to Azure as "gpt-test" at config\/environments\/dev\.yaml:\d+ accounts\[0\]\.deployments\[0\]\.name \(deployment names are case-insensitive\); expected names that differ in more than case$/,
    );
    // AND FR-REF-4 (exact duplicates) stays quiet
    expect(ofRule(r.findings, "FR-REF-4")).toEqual([]);
  });

  test("a custom subdomain used in two environments is reported in both files", () => {
    // GIVEN dev and prod both set customSubdomain shared-eus2 (the schema keeps explicit subdomains lowercase)
    const r = run((d) => {
      const prod = withProd(d);
      d.envs.dev!.accounts[0]!.customSubdomain = "shared-eus2";
      prod.accounts[0]!.customSubdomain = "shared-eus2";
      prod.accounts[0]!.name = "ais-prod-eus2";
    });
    // THEN one finding per file, each pointing at the other file's line
    const found = ofRule(r.findings, "FR-NAME-2");
    expect(found.map((f) => `${f.file} ${f.path}`)).toEqual([`${DEV} accounts[0].customSubdomain`, `${PROD} accounts[0].customSubdomain`]);
    expect(found[0]!.message).toMatch(
      /is also used at config\/environments\/prod\.yaml:\d+ accounts\[0\]\.customSubdomain \(custom subdomains are global DNS names/,
    );
    expect(found[1]!.message).toMatch(/is also used at config\/environments\/dev\.yaml:\d+ accounts\[0\]\.customSubdomain/);
  });

  test("API Management names that differ only in case across environments collide", () => {
    // GIVEN dev creates apim-shared and prod APIM-Shared
    const gw = (name: string) => ({ create: true as const, name, publisherName: "Platform", publisherEmail: "p@example.com" });
    const r = run((d) => {
      const prod = withProd(d);
      d.envs.dev!.gateway = gw("apim-shared");
      prod.gateway = gw("APIM-Shared");
    });
    // THEN both gateway.name fields are reported
    const found = ofRule(r.findings, "FR-NAME-2");
    expect(found.map((f) => `${f.file} ${f.path}`)).toEqual([`${DEV} gateway.name`, `${PROD} gateway.name`]);
    expect(found[1]!.message).toContain('API Management service name "APIM-Shared" is the same name to Azure as "apim-shared"');
  });
});

describe("FR-TAG-1 tag limits", () => {
  test("tags spelled like foundry-routes' own, exactly, pass (foundry-routes' value wins)", () => {
    // GIVEN environment and managed-by as the sample writes them, and 48 more tags: 50 distinct names
    const r = run((d) => {
      d.envs.dev!.tags = {
        environment: "dev",
        "managed-by": "cdktf",
        ...Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`t${i}`, "x"])),
      };
    });
    // THEN no finding
    expect(ofRule(r.findings, "FR-TAG-1")).toEqual([]);
  });

  test("49 tags plus environment and managed-by are 51: too many", () => {
    // GIVEN 49 user tags
    const r = run((d) => (d.envs.dev!.tags = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`t${i}`, "x"]))));
    // THEN the count is refused at tags
    const f = expectOne(r, { rule: "FR-TAG-1", level: "error", file: DEV, path: "tags", onLine: "tags:" });
    expect(f.message).toBe(
      "resources would carry 51 tags (49 in tags, with environment and managed-by, which foundry-routes adds); expected at most 50 per resource (tag-resources.md)",
    );
  });

  test("Environment collides with the environment tag foundry-routes adds; Owner with owner", () => {
    // GIVEN Environment, owner and Owner
    const r = run((d) => (d.envs.dev!.tags = { Environment: "dev", owner: "a", Owner: "b" }));
    // THEN two findings, at Environment and at the second owner
    const found = ofRule(r.findings, "FR-TAG-1");
    expect(found.map((f) => f.path)).toEqual(["tags.Environment", "tags.Owner"]);
    expect(found[0]!.message).toContain('the "environment" tag foundry-routes adds');
    expect(found[1]!.message).toMatch(
      /^tag "Owner" is the same name to Azure as tag "owner" at config\/environments\/dev\.yaml:\d+ tags\.owner/,
    );
  });
});
