// Deployment rules: availability, version pinning, SKU, RAI policy, quota, use.
import { deploymentOf, DEV, modelOf } from "../../../fixtures/builder";
import { expectOne, ofRule, run } from "./run";

describe("FR-AVAIL-1 model not offered", () => {
  test("a not-offered model in the catalog that nobody deploys passes", () => {
    // GIVEN claude-test is not offered on Foundry but is not deployed
    const r = run((d) => (modelOf(d, "claude-test").foundry.availability = "not-offered"));
    // THEN the catalog may still describe it
    expect(ofRule(r.findings, "FR-AVAIL-1")).toEqual([]);
  });

  test("deploying a not-offered model is an error", () => {
    // GIVEN llama-test is marked not-offered and swc deploys it
    const r = run((d) =>
      Object.assign(modelOf(d, "llama-test").foundry, { availability: "not-offered", note: "absent from the Foundry catalog" }),
    );
    // THEN FR-AVAIL-1 points at the deployment's model
    const f = expectOne(r, {
      rule: "FR-AVAIL-1",
      level: "error",
      file: DEV,
      path: "accounts[1].deployments[0].model",
      onLine: "llama-test",
    });
    expect(f.message).toBe(
      "model llama-test is not offered on Foundry (catalog note: absent from the Foundry catalog); expected availability ga, preview or unverified",
    );
    expect(f.subject).toBe("swc/llama-test");
  });
});

describe("FR-AVAIL-2 unverified model without acknowledgement", () => {
  test("an unverified model deployed with an acknowledgement passes this rule", () => {
    // GIVEN llama-test is unverified and the deployment acknowledges it
    const r = run((d) => {
      modelOf(d, "llama-test").foundry.availability = "unverified";
      deploymentOf(d, "dev", "swc/llama-test").acknowledgement = "platform team checked the portal on 2025-05-01";
    });
    // THEN FR-AVAIL-2 is satisfied
    expect(ofRule(r.findings, "FR-AVAIL-2")).toEqual([]);
  });

  test("an unverified model deployed without acknowledgement is an error", () => {
    // GIVEN llama-test is unverified and the deployment says nothing
    const r = run((d) => (modelOf(d, "llama-test").foundry.availability = "unverified"));
    // THEN FR-AVAIL-2 points at the deployment
    const f = expectOne(r, { rule: "FR-AVAIL-2", level: "error", file: DEV, path: "accounts[1].deployments[0]", onLine: "llama-test" });
    expect(f.message).toContain("no acknowledgement");
    expect(ofRule(r.findings, "FR-AVAIL-3")).toEqual([]);
  });
});

describe("FR-AVAIL-3 unverified model acknowledged", () => {
  test("an acknowledgement on a ga model is not reported", () => {
    // GIVEN a ga model with an acknowledgement
    const r = run((d) => (deploymentOf(d, "dev", "swc/llama-test").acknowledgement = "left over from an earlier check"));
    // THEN nothing to keep visible
    expect(ofRule(r.findings, "FR-AVAIL-3")).toEqual([]);
  });

  test("an acknowledged unverified model is a warning quoting the acknowledgement", () => {
    // GIVEN llama-test is unverified and acknowledged
    const ack = "platform team checked the portal on 2025-05-01";
    const r = run((d) => {
      modelOf(d, "llama-test").foundry.availability = "unverified";
      deploymentOf(d, "dev", "swc/llama-test").acknowledgement = ack;
    });
    // THEN FR-AVAIL-3 points at the acknowledgement and quotes it
    const f = expectOne(r, {
      rule: "FR-AVAIL-3",
      level: "warning",
      file: DEV,
      path: "accounts[1].deployments[0].acknowledgement",
      onLine: "acknowledgement",
    });
    expect(f.message).toContain(`"${ack}"`);
  });
});

describe("FR-PIN-1 unpinned version", () => {
  test("a deployment pinning a version the catalog lacks passes", () => {
    // GIVEN the catalog has no version for gpt-test, and the deployment pins one
    const r = run((d) => {
      delete modelOf(d, "gpt-test").foundry.version;
      deploymentOf(d, "dev", "eus2/gpt-test").version = "2024-11-20";
    });
    // THEN the effective version is pinned
    expect(ofRule(r.findings, "FR-PIN-1")).toEqual([]);
  });

  test("no version in the deployment or the catalog is an error at the deployment", () => {
    // GIVEN gpt-test has no catalog version and the deployment none
    const r = run((d) => delete modelOf(d, "gpt-test").foundry.version);
    // THEN FR-PIN-1 points at the deployment
    const f = expectOne(r, { rule: "FR-PIN-1", level: "error", file: DEV, path: "accounts[0].deployments[0]", onLine: "gpt-test" });
    expect(f.message).toContain("no version");
  });

  test.each(["latest", "*", "1.*", " "])("a floating deployment version %j is an error at the version", (version) => {
    // GIVEN the deployment pins a floating value
    const r = run((d) => (deploymentOf(d, "dev", "eus2/gpt-test").version = version));
    // THEN FR-PIN-1 points at version
    const f = expectOne(r, { rule: "FR-PIN-1", level: "error", file: DEV, path: "accounts[0].deployments[0].version" });
    expect(f.message).toContain(`floating version "${version}"`);
  });

  test("a floating catalog version is an error at the deployment that inherits it", () => {
    // GIVEN the catalog says latest for gpt-test
    const r = run((d) => (modelOf(d, "gpt-test").foundry.version = "latest"));
    // THEN FR-PIN-1 points at the deployment and names the catalog entry
    const f = expectOne(r, { rule: "FR-PIN-1", level: "error", file: DEV, path: "accounts[0].deployments[0]" });
    expect(f.message).toContain('floating version "latest" (from the catalog entry gpt-test)');
  });
});

describe("FR-PIN-2 auto-upgrade", () => {
  test("an explicit NoAutoUpgrade passes", () => {
    // GIVEN versionUpgradeOption: NoAutoUpgrade written out
    const r = run((d) => (deploymentOf(d, "dev", "eus2/gpt-test").versionUpgradeOption = "NoAutoUpgrade"));
    // THEN no warning
    expect(ofRule(r.findings, "FR-PIN-2")).toEqual([]);
  });

  test("auto-upgrade is a warning", () => {
    // GIVEN OnceNewDefaultVersionAvailable
    const r = run((d) => (deploymentOf(d, "dev", "eus2/gpt-test").versionUpgradeOption = "OnceNewDefaultVersionAvailable"));
    // THEN FR-PIN-2 points at the option
    const f = expectOne(r, {
      rule: "FR-PIN-2",
      level: "warning",
      file: DEV,
      path: "accounts[0].deployments[0].versionUpgradeOption",
      onLine: "OnceNewDefaultVersionAvailable",
    });
    expect(f.message).toContain("expected NoAutoUpgrade");
  });
});

describe("FR-SKU-1 unsupported SKU", () => {
  test("a SKU the catalog lists passes", () => {
    // GIVEN mai-test on DataZoneStandard, which the catalog lists
    const r = run((d) => (deploymentOf(d, "dev", "eus2/mai-test").sku = "DataZoneStandard"));
    // THEN accepted
    expect(ofRule(r.findings, "FR-SKU-1")).toEqual([]);
  });

  test("a SKU the catalog does not list is an error", () => {
    // GIVEN mai-test on ProvisionedManaged
    const r = run((d) => (deploymentOf(d, "dev", "eus2/mai-test").sku = "ProvisionedManaged"));
    // THEN FR-SKU-1 points at sku and lists the offered ones
    const f = expectOne(r, {
      rule: "FR-SKU-1",
      level: "error",
      file: DEV,
      path: "accounts[0].deployments[1].sku",
      onLine: "ProvisionedManaged",
    });
    expect(f.message).toBe("sku ProvisionedManaged is not offered for mai-test; expected one of GlobalStandard, DataZoneStandard");
  });
});

describe("FR-RAI-1 unknown RAI policy", () => {
  test("the account's own policy and a Microsoft built-in pass", () => {
    // GIVEN mai-test uses the account's "strict" (baseline) and gpt-test a built-in
    const r = run((d) => (deploymentOf(d, "dev", "eus2/gpt-test").raiPolicy = "Microsoft.Default"));
    // THEN both exist
    expect(ofRule(r.findings, "FR-RAI-1")).toEqual([]);
  });

  test("another account's policy is unknown", () => {
    // GIVEN swc/llama-test names "strict", which only eus2 declares
    const r = run((d) => (deploymentOf(d, "dev", "swc/llama-test").raiPolicy = "strict"));
    // THEN FR-RAI-1 points at raiPolicy
    const f = expectOne(r, { rule: "FR-RAI-1", level: "error", file: DEV, path: "accounts[1].deployments[0].raiPolicy", onLine: "strict" });
    expect(f.message).toBe('unknown RAI policy "strict" (account swc declares: none); expected one of those or a built-in Microsoft.*');
  });
});

describe("FR-RAI-2 RAI policy on a Claude deployment", () => {
  test("a Claude deployment without a raiPolicy, and a custom policy on another model, pass", () => {
    // GIVEN a Claude deployment with the default policy next to mai-test, which uses the account's "strict"
    const r = run((d) => d.envs.dev!.accounts[0]!.deployments.push({ name: "claude-test", model: "claude-test" }));
    // THEN nothing suggests a filter that does not run
    expect(ofRule(r.findings, "FR-RAI-2")).toEqual([]);
  });

  test("a raiPolicy on a Claude deployment is a warning at raiPolicy", () => {
    // GIVEN a Claude deployment that names the account's custom policy
    const r = run((d) => d.envs.dev!.accounts[0]!.deployments.push({ name: "claude-test", model: "claude-test", raiPolicy: "strict" }));
    // THEN FR-RAI-2 says it has no effect
    const f = expectOne(r, {
      rule: "FR-RAI-2",
      level: "warning",
      file: DEV,
      path: "accounts[0].deployments[2].raiPolicy",
      onLine: "strict",
    });
    expect(f.message).toBe('raiPolicy "strict" has no effect on claude-test: Claude deployments are created without a content filter');
  });
});

describe("FR-CAP-1 capacity over quota", () => {
  test("the same model in another region or SKU does not count against the quota", () => {
    // GIVEN the eastus2 GlobalStandard quota is full, and swc and a DataZoneStandard deployment add gpt-test capacity
    const r = run((d) => {
      d.envs.dev!.accounts[1]!.deployments.push({ name: "gpt-test", model: "gpt-test", capacity: 50 });
      d.envs.dev!.accounts[0]!.deployments.push({ name: "gpt-dz", model: "gpt-test", sku: "DataZoneStandard", capacity: 50 });
    });
    // THEN the quota holds
    expect(ofRule(r.findings, "FR-CAP-1")).toEqual([]);
  });

  test("deployments across accounts in one region exceeding the quota are an error with sum and contributors", () => {
    // GIVEN a second eastus2 account also deploys gpt-test: 10 + 4 against a quota of 10
    const r = run((d) =>
      d.envs.dev!.accounts.push({ id: "eus2b", region: "eastus2", deployments: [{ name: "gpt-b", model: "gpt-test", capacity: 4 }] }),
    );
    // THEN FR-CAP-1 points at the quota's capacity
    const f = expectOne(r, { rule: "FR-CAP-1", level: "error", file: DEV, path: "quotas[0].capacity", onLine: "capacity: 10" });
    expect(f.message).toBe(
      "deployments of gpt-test (GlobalStandard) in eastus2 ask for 14 in total (eus2/gpt-test=10 + eus2b/gpt-b=4), but the quota is 10",
    );
  });
});

describe("FR-USE-1 unused deployment", () => {
  test("a deployment reached only as a fallback is used", () => {
    // GIVEN the baseline, where swc/llama-test is only a fallback
    const r = run();
    // THEN it counts as used
    expect(ofRule(r.findings, "FR-USE-1")).toEqual([]);
  });

  test("a deployment no route reaches is a warning", () => {
    // GIVEN eus2/spare, referenced by no route
    const r = run((d) => d.envs.dev!.accounts[0]!.deployments.push({ name: "spare", model: "gpt-test" }));
    // THEN FR-USE-1 points at its name
    const f = expectOne(r, { rule: "FR-USE-1", level: "warning", file: DEV, path: "accounts[0].deployments[2].name", onLine: "spare" });
    expect(f.subject).toBe("eus2/spare");
  });
});
