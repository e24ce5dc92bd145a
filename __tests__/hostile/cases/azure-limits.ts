// Values Azure itself would refuse at apply time, after plan: unknown regions, names over Azure's length and
// character limits (also when derived, such as ais-<project>-<env>-<id>), tag limits. Refused before synth.
import type { HostileCase } from "../case";

const DEV = "config/environments/dev.yaml";
const PROD = "config/environments/prod.yaml";
/** Replaces `from` once; an edit that does not apply leaves a marker, so the case fails instead of passing vacuously. */
const once = (from: string, to: string) => (s: string) => (s.includes(from) ? s.replace(from, to) : `${s}\n# edit did not apply: ${from}`);
const limit = (
  name: string,
  file: string,
  change: (s: string) => string,
  expect: { line: number; path: string; words: string[]; rule?: string; findings?: number },
): HostileCase => ({ name, category: "azure-limits", edits: [{ edit: file, change }], expect: { exit: 1, file, ...expect } });

const LONG_PROJECT = "foundry-routes-for-the-platform-ai-engineering-group";
const LONG_DEPLOYMENT = `mai-safety-1-${"x".repeat(57)}`;

export const cases: HostileCase[] = [
  limit("region written as the portal's display name", DEV, once("    region: eastus2", "    region: East US 2"), {
    line: 24,
    path: "accounts[0].region",
    words: ["expected a known Azure region name", 'did you mean "eastus2"', 'but found "East US 2"'],
  }),
  limit("misspelt resource group location", DEV, once("  location: eastus2", "  location: estus2"), {
    line: 10,
    path: "resourceGroup.location",
    words: ["expected a known Azure region name", 'did you mean "eastus2"', '"estus2"'],
  }),
  limit(
    "unknown gateway region",
    PROD,
    once("publisherEmail: platform-ai@example.com\n  region: eastus2", "publisherEmail: platform-ai@example.com\n  region: mars1"),
    {
      line: 305,
      path: "gateway.region",
      words: ["expected a known Azure region name", 'but found "mars1"'],
    },
  ),
  limit(
    "misspelt quota region",
    PROD,
    once(
      "{ region: swedencentral, sku: GlobalStandard, model: gpt-4o-mini",
      "{ region: swedencentrl, sku: GlobalStandard, model: gpt-4o-mini",
    ),
    {
      line: 292,
      path: "quotas[3].region",
      words: ['did you mean "swedencentral"', '"swedencentrl"'],
    },
  ),
  limit("slash in a tag name", DEV, once("  owner: platform-ai", "  team/owner: platform-ai"), {
    line: 18,
    path: 'tags["team/owner"]',
    words: ["expected a tag name without <, >, %, &, \\, ? or /", 'the key "team/owner"'],
  }),
  limit("markup in a tag name", DEV, once("  owner: platform-ai", '  "<script>": platform-ai'), {
    line: 18,
    path: 'tags["<script>"]',
    words: ["expected a tag name without", 'the key "<script>"'],
  }),
  limit("tag value over 256 characters", DEV, once("  owner: platform-ai", `  owner: ${"platform-ai ".repeat(30)}`), {
    line: 18,
    path: "tags.owner",
    words: ["expected at most 256 character(s)", "(359 characters)"],
  }),
  limit(
    "51 tags with the two foundry-routes adds",
    DEV,
    once("  managed-by: cdktf\n", `  managed-by: cdktf\n${Array.from({ length: 46 }, (_, i) => `  extra-${i}: x\n`).join("")}`),
    { line: 15, path: "tags", words: ["resources would carry 51 tags", "expected at most 50 per resource"], rule: "FR-TAG-1" },
  ),
  limit("Environment tag next to the one foundry-routes adds", DEV, once("  environment: dev", "  Environment: dev"), {
    line: 17,
    path: "tags.Environment",
    words: ['tag "Environment" is the same name to Azure as the "environment" tag foundry-routes adds'],
    rule: "FR-TAG-1",
  }),
  limit("two tag names that differ only in case", DEV, once("  owner: platform-ai\n", "  owner: platform-ai\n  Owner: someone-else\n"), {
    line: 19,
    path: "tags.Owner",
    words: [
      'tag "Owner" is the same name to Azure as tag "owner" at config/environments/dev.yaml:18 tags.owner',
      "expected each tag name once",
    ],
    rule: "FR-TAG-1",
  }),
  limit("derived account name over 64 characters", DEV, once("project: foundry-routes", `project: ${LONG_PROJECT}`), {
    line: 23,
    path: "accounts[0].id",
    // Three Azure names derive from the project (account, Foundry project, API Management), each over its own limit
    // and each with its own fix (set projectName, set gateway.name): three findings.
    findings: 3,
    words: [
      `Cognitive Services account name "ais-${LONG_PROJECT}-dev-eus2" (derived as ais-<project>-<env>-<id>)`,
      "is 65 characters long; expected 2–64",
    ],
    rule: "FR-NAME-1",
  }),
  limit(
    "account name whose default subdomain has an underscore",
    DEV,
    once("  - id: eus2\n", "  - id: eus2\n    name: ais_foundry_dev\n"),
    {
      line: 24,
      path: "accounts[0].name",
      words: [
        'custom subdomain "ais_foundry_dev" (defaults to the account name)',
        "expected letters, digits and '-'",
        "set accounts[0].customSubdomain",
      ],
      rule: "FR-NAME-1",
    },
  ),
  limit(
    "custom subdomain ending with a hyphen",
    DEV,
    once("    region: eastus2\n", "    region: eastus2\n    customSubdomain: foundry-dev-\n"),
    {
      line: 25,
      path: "accounts[0].customSubdomain",
      words: ['custom subdomain "foundry-dev-"', "not starting or ending with '-'"],
      rule: "FR-NAME-1",
    },
  ),
  limit("custom subdomain in capitals", DEV, once("    region: eastus2\n", "    region: eastus2\n    customSubdomain: Foundry-Dev\n"), {
    line: 25,
    path: "accounts[0].customSubdomain",
    words: ["expected a lowercase DNS label", '"Foundry-Dev"'],
  }),
  limit(
    "API Management name starting with a digit",
    DEV,
    once("gateway:\n  create: true\n", "gateway:\n  create: true\n  name: 1st-gateway\n"),
    {
      line: 167,
      path: "gateway.name",
      words: ['API Management service name "1st-gateway"', "starting with a letter"],
      rule: "FR-NAME-1",
    },
  ),
  limit("resource group name ending with a period", DEV, once("  name: rg-foundry-routes-dev", "  name: rg-foundry-routes-dev."), {
    line: 9,
    path: "resourceGroup.name",
    words: ['resource group name "rg-foundry-routes-dev."', "not ending with '.'"],
    rule: "FR-NAME-1",
  }),
  limit(
    "deployment name over 64 characters",
    DEV,
    (s) => once("- name: mai-safety-1", `- name: ${LONG_DEPLOYMENT}`)(s).replaceAll("eus2/mai-safety-1", `eus2/${LONG_DEPLOYMENT}`),
    {
      line: 65,
      path: "accounts[0].deployments[8].name",
      words: ['deployment name "mai-safety-1-', "is 70 characters long; expected 1–64"],
      rule: "FR-NAME-1",
    },
  ),
];
