// Names Azure compares without case, and global DNS names (custom subdomains, API Management): two configs that
// differ only in case, or two environments that derive one global name, are refused, naming both places.
import type { HostileCase } from "../case";

const DEV = "config/environments/dev.yaml";
const PROD = "config/environments/prod.yaml";
/** Replaces `from` once; an edit that does not apply leaves a marker, so the case fails instead of passing vacuously. */
const once = (from: string, to: string) => (s: string) => (s.includes(from) ? s.replace(from, to) : `${s}\n# edit did not apply: ${from}`);
const collision = (
  name: string,
  edits: HostileCase["edits"],
  expect: { file: string; line: number; path: string; words: string[]; findings?: number },
): HostileCase => ({ name, category: "collisions", edits, expect: { exit: 1, rule: "FR-NAME-2", ...expect } });

const SHARED_SUBDOMAIN = [
  { edit: DEV, change: once("    region: eastus2\n", "    region: eastus2\n    customSubdomain: ais-foundry-routes-prod-eus2\n") },
];
const SHARED_APIM = [
  { edit: DEV, change: once("gateway:\n  create: true\n", "gateway:\n  create: true\n  name: APIM-Foundry-Routes-Prod\n") },
];
const SHARED_ACCOUNT_NAME = [
  {
    edit: PROD,
    change: (s: string) =>
      once("  - id: swc\n", "  - id: swc\n    name: AIS-Shared\n")(once("  - id: eus2\n", "  - id: eus2\n    name: ais-shared\n")(s)),
  },
];

export const cases: HostileCase[] = [
  collision(
    "two deployments of one account that differ only in case: one finding, at the second",
    [
      {
        edit: DEV,
        change: once("      - name: gpt-4o\n", "      - name: GPT-4o\n        model: gpt-4o\n        capacity: 1\n      - name: gpt-4o\n"),
      },
    ],
    {
      file: DEV,
      line: 40,
      path: "accounts[0].deployments[3].name",
      words: ['"gpt-4o" is the same name to Azure as "GPT-4o" at config/environments/dev.yaml:37 accounts[0].deployments[2].name'],
    },
  ),
  collision(
    "two RAI policies of one account that differ only in case",
    [{ edit: PROD, change: once("      - name: rai-moderation-annotate", "      - name: RAI-Customer-Facing") }],
    {
      file: PROD,
      line: 55,
      path: "accounts[0].raiPolicies[1].name",
      // The renamed policy was rai-moderation-annotate, which a deployment used: FR-RAI-1 reports that reference.
      findings: 2,
      words: [
        'RAI policy name in account eus2 "RAI-Customer-Facing" is the same name to Azure as "rai-customer-facing" at config/environments/prod.yaml:37',
      ],
    },
  ),
  collision("two accounts of one environment named alike: one finding, at the second", SHARED_ACCOUNT_NAME, {
    file: PROD,
    line: 115,
    path: "accounts[1].name",
    words: ['account name "AIS-Shared" is the same name to Azure as "ais-shared" at config/environments/prod.yaml:30 accounts[0].name'],
  }),
  collision("dev takes prod's custom subdomain (dev side)", SHARED_SUBDOMAIN, {
    file: DEV,
    line: 25,
    findings: 2,
    path: "accounts[0].customSubdomain",
    words: [
      'custom subdomain "ais-foundry-routes-prod-eus2" is also used at config/environments/prod.yaml:29 accounts[0].id',
      "global DNS names",
    ],
  }),
  collision("dev takes prod's custom subdomain (prod side)", SHARED_SUBDOMAIN, {
    file: PROD,
    line: 29,
    findings: 2,
    path: "accounts[0].id",
    words: [
      'custom subdomain "ais-foundry-routes-prod-eus2" (defaults to the account name, derived as ais-<project>-<env>-<id>) is also used at config/environments/dev.yaml:25 accounts[0].customSubdomain',
    ],
  }),
  collision("dev names its gateway after prod's, in other case (dev side)", SHARED_APIM, {
    file: DEV,
    line: 167,
    findings: 2,
    path: "gateway.name",
    words: [
      'API Management service name "APIM-Foundry-Routes-Prod" is the same name to Azure as "apim-foundry-routes-prod" at config/environments/prod.yaml:302 gateway.create',
    ],
  }),
  collision("dev names its gateway after prod's, in other case (prod side)", SHARED_APIM, {
    file: PROD,
    line: 302,
    findings: 2,
    path: "gateway.create",
    words: [
      '"apim-foundry-routes-prod" (derived as apim-<project>-<env>) is the same name to Azure as "APIM-Foundry-Routes-Prod" at config/environments/dev.yaml:167 gateway.name',
    ],
  }),
];
