// A route's contentSafety is checked for shape where it is written: thresholds on the severity scale Azure AI
// Content Safety returns, one service at most, something to check, a well-formed resource id.
import { loadConfig } from "../../../routing/config/loader";
import { DEV, lineOf, onlyFinding, withEdit } from "./helpers";

const ROUTE = "      - deployment: eus2/gpt-4o-mini\n        weight: 100";
/** The valid fixture with `yaml` (lines under `contentSafety:`) on its chat route. */
const withSafety = (yaml: string) => withEdit(DEV, ROUTE, `${ROUTE}\n    contentSafety:\n${yaml.replace(/^/gm, "      ")}`);
const RESOURCE =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-safety(eu)/providers/Microsoft.CognitiveServices/accounts/cs-shared";

describe("contentSafety shape", () => {
  test("a check with every field loads, with the defaults filled in", () => {
    // GIVEN Prompt Shields, eight-level thresholds, a blocklist, completions and an existing resource
    const { files } = withSafety(
      [
        "promptShield: true",
        "outputType: EightSeverityLevels",
        "categories: { hate: 1, selfHarm: 3, sexual: 5, violence: 7 }",
        "blocklists: [internal-terms, competitor.names]",
        "enforceOnCompletions: true",
        `resource: "${RESOURCE}"`,
      ].join("\n"),
    );
    // WHEN loaded
    const loaded = loadConfig(files);
    // THEN it loads as written
    expect(loaded.errors).toEqual([]);
    expect(loaded.config!.environments[0]!.spec.routes[0]!.contentSafety).toEqual({
      promptShield: true,
      outputType: "EightSeverityLevels",
      categories: { hate: 1, selfHarm: 3, sexual: 5, violence: 7 },
      blocklists: ["internal-terms", "competitor.names"],
      enforceOnCompletions: true,
      resource: RESOURCE,
    });
  });

  test("defaults: four severity levels, no shield, no completions, no blocklists", () => {
    const loaded = loadConfig(withSafety("categories: { violence: 4 }").files);
    expect(loaded.config!.environments[0]!.spec.routes[0]!.contentSafety).toEqual({
      promptShield: false,
      outputType: "FourSeverityLevels",
      categories: { violence: 4 },
      blocklists: [],
      enforceOnCompletions: false,
    });
  });

  test.each([
    [
      "FourSeverityLevels",
      "hate: 3",
      "categories.hate",
      "expected a FourSeverityLevels threshold (0, 2, 4, 6: the severities Azure AI Content Safety returns on that scale; or outputType: EightSeverityLevels), but found number 3",
    ],
    ["EightSeverityLevels", "sexual: 8", "categories.sexual", "expected at most 7, but found number 8"],
    ["FourSeverityLevels", "selfHarm: -2", "categories.selfHarm", "expected at least 0, but found number -2"],
    ["EightSeverityLevels", "violence: 2.5", "categories.violence", "expected int, but found number 2.5"],
  ])("on %s, %s is refused at its line", (outputType, threshold, path, message) => {
    // GIVEN a threshold off the scale
    const { files, text } = withSafety(`outputType: ${outputType}\ncategories:\n  ${threshold}`);
    // WHEN loaded THEN one FR-SCHEMA error at the threshold's line saying what was expected and found
    const f = onlyFinding(loadConfig(files).errors, DEV);
    expect(f).toMatchObject({ rule: "FR-SCHEMA", path: `routes[0].contentSafety.${path}`, line: lineOf(text, threshold) });
    expect(f.message).toBe(message);
  });

  test("account and resource together are refused at resource", () => {
    const { files, text } = withSafety(`promptShield: true\naccount: eus2\nresource: "${RESOURCE}"`);
    const f = onlyFinding(loadConfig(files).errors, DEV);
    expect(f).toMatchObject({ path: "routes[0].contentSafety.resource", line: lineOf(text, "resource:") });
    expect(f.message).toContain('expected either account or resource, not both (account is "eus2")');
  });

  test("a check that would block nothing is refused at contentSafety", () => {
    const { files, text } = withSafety("promptShield: false\ncategories: {}");
    const f = onlyFinding(loadConfig(files).errors, DEV);
    expect(f).toMatchObject({ path: "routes[0].contentSafety", line: lineOf(text, "contentSafety:") });
    expect(f.message).toBe(
      "expected promptShield: true, a category threshold or a blocklist (this check would block nothing), but found a mapping",
    );
  });

  test.each([
    ["a resource group id", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-safety"],
    [
      "another resource type",
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st",
    ],
    ["a bare name", "cs-shared"],
  ])("%s as resource is refused with the expected form", (_what, id) => {
    const { files } = withSafety(`promptShield: true\nresource: "${id}"`);
    const f = onlyFinding(loadConfig(files).errors, DEV);
    expect(f.path).toBe("routes[0].contentSafety.resource");
    expect(f.message).toContain(
      "expected the resource id of a Cognitive Services account: /subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.CognitiveServices/accounts/<name>",
    );
  });

  test("an unknown key and a repeated blocklist are refused", () => {
    const unknown = onlyFinding(loadConfig(withSafety("promptShield: true\nthreshold: 4").files).errors, DEV);
    expect(unknown).toMatchObject({ path: "routes[0].contentSafety.threshold" });
    const repeated = onlyFinding(loadConfig(withSafety("blocklists: [a, a]").files).errors, DEV);
    expect(repeated).toMatchObject({ path: "routes[0].contentSafety.blocklists" });
    expect(repeated.message).toContain("expected each blocklist once");
  });
});
