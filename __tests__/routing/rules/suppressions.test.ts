// Suppressions in an environment file, applied by routing/validate.ts: reason required, scoped, never silent.
import { formatFinding } from "../../../routing/findings";
import { loadConfig } from "../../../routing/config/loader";
import { validateFiles } from "../../../routing/validate";
import { type ConfigData, DEV, policyBaseline, toFiles } from "../../../fixtures/builder";
import { expectOne, ofRule, run } from "./run";

/** chat reaches only openai deployments: one FR-VENDOR-1 warning with subject "chat". */
function singleVendorChat(d: ConfigData): void {
  d.envs.dev!.accounts[1]!.deployments.push({ name: "gpt-test", model: "gpt-test" });
  d.envs.dev!.routes[0]!.fallbacks = ["swc/gpt-test"];
}

test("a suppression with a reason silences a warning and lists it as suppressed", () => {
  // GIVEN a single-vendor route and a suppression of FR-VENDOR-1 for chat
  const reason = "only openai passed our chat evaluation";
  const r = run((d) => {
    singleVendorChat(d);
    d.envs.dev!.suppressions = [{ rule: "FR-VENDOR-1", reason, subjects: ["chat"] }];
  });
  // THEN the finding remains in the report, marked suppressed with its reason, and nothing else is reported
  const [f] = ofRule(r.findings, "FR-VENDOR-1");
  expect(f!.suppressed).toEqual({ reason });
  expect(formatFinding(f!)).toMatch(
    /^suppressed FR-VENDOR-1 config\/environments\/dev\.yaml:\d+:\d+ routes\[0\]: .*\[reason: only openai passed our chat evaluation\]$/,
  );
  expect(r.findings.filter((x) => !x.suppressed)).toEqual([]);
});

test("a suppression limited to other subjects does not apply and is reported unused", () => {
  // GIVEN the suppression names document-drafting, but the finding is about chat
  const r = run((d) => {
    singleVendorChat(d);
    d.envs.dev!.suppressions = [{ rule: "FR-VENDOR-1", reason: "only openai passed our evaluation", subjects: ["document-drafting"] }];
  });
  // THEN the warning stands, and FR-SUPP-1 warns about the suppression
  expect(ofRule(r.findings, "FR-VENDOR-1")[0]!.suppressed).toBeUndefined();
  expectOne(r, { rule: "FR-SUPP-1", level: "warning", file: DEV, path: "suppressions[0]", onLine: "FR-VENDOR-1" });
});

test("a suppression in one environment does not silence another environment's finding", () => {
  // GIVEN prod (a copy of dev) suppresses FR-VENDOR-1, and only dev has the single-vendor route
  const r = run((d) => {
    d.envs.prod = JSON.parse(JSON.stringify(d.envs.dev));
    d.envs.prod!.suppressions = [{ rule: "FR-VENDOR-1", reason: "only openai passed our evaluation" }];
    singleVendorChat(d);
  });
  // THEN dev's warning stands and prod's suppression is unused
  const f = expectOne(r, { rule: "FR-VENDOR-1", level: "warning", file: DEV, path: "routes[0]" });
  expect(f.suppressed).toBeUndefined();
  expectOne(r, { rule: "FR-SUPP-1", level: "warning", file: "config/environments/prod.yaml", path: "suppressions[0]" });
});

test("FR-REF-5 can be suppressed for a development environment that routes only some classes", () => {
  // GIVEN dev routes only chat, and says why
  const data = policyBaseline();
  data.envs.dev!.routes.splice(1, 1);
  data.envs.dev!.suppressions = [
    { rule: "FR-REF-5", reason: "dev only exercises chat; drafting is tested in staging", subjects: ["document-drafting"] },
  ];
  // WHEN validated
  const result = validateFiles(toFiles(data));
  // THEN nothing blocks synthesis, and the gap is still listed
  expect(result.errors).toEqual([]);
  expect(ofRule(result.findings, "FR-REF-5").map((f) => f.suppressed?.reason)).toEqual([
    "dev only exercises chat; drafting is tested in staging",
  ]);
});

test("suppressing a non-suppressible rule is an error and leaves the finding in force", () => {
  // GIVEN an unknown model and a suppression of FR-REF-1
  const data = policyBaseline();
  data.envs.dev!.accounts[0]!.deployments[0]!.model = "gpt-5";
  data.envs.dev!.suppressions = [{ rule: "FR-REF-1", reason: "the catalog entry is coming in the next PR" }];
  // WHEN validated
  const result = validateFiles(toFiles(data));
  // THEN FR-SUPP-1 is an error at the suppression's rule, and FR-REF-1 is still an unsuppressed error
  const supp = ofRule(result.findings, "FR-SUPP-1");
  expect(supp.map((f) => [f.level, f.file, f.path])).toEqual([["error", DEV, "suppressions[0].rule"]]);
  expect(supp[0]!.line).toBeGreaterThan(0);
  expect(ofRule(result.errors, "FR-REF-1")).toHaveLength(1);
});

test("an unused suppression is a warning", () => {
  // GIVEN the clean baseline with a suppression of FR-USE-1
  const r = run((d) => (d.envs.dev!.suppressions = [{ rule: "FR-USE-1", reason: "spare capacity for the cut-over" }]));
  // THEN FR-SUPP-1 warns that it matches nothing
  const f = expectOne(r, { rule: "FR-SUPP-1", level: "warning", file: DEV, path: "suppressions[0]" });
  expect(f.message).toContain("matches no finding");
});

test("a suppression without a real reason does not load", () => {
  // GIVEN a reason shorter than 10 characters
  const data = policyBaseline();
  data.envs.dev!.suppressions = [{ rule: "FR-VENDOR-1", reason: "because" }];
  // WHEN loaded
  const loaded = loadConfig(toFiles(data));
  // THEN the schema rejects it at the reason
  expect(loaded.config).toBeUndefined();
  expect(loaded.errors.map((e) => [e.rule, e.file, e.path])).toEqual([["FR-SCHEMA", DEV, "suppressions[0].reason"]]);
});
