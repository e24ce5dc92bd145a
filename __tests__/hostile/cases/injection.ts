// Strings that Terraform, cdktf, XML or C# would interpret: refused where a name is expected, and a cdktf token
// marker refused everywhere (it cannot be written literally).
import type { HostileCase } from "../case";

const DEV = "config/environments/dev.yaml";
const MODELS = "config/models.yaml";
const inj = (name: string, file: string, from: string, to: string, line: number, path: string, words: string[]): HostileCase => ({
  name,
  category: "injection",
  edits: [{ edit: file, change: (s) => (s.includes(from) ? s.replace(from, to) : `${s}\n# edit did not apply: ${from}`) }],
  expect: { exit: 1, file, line, path, words },
});
const TOKEN = ["cdktf token marker", "expected plain text"];
const TEMPLATE = ["Terraform template sequence", 'expected a name without "${" or "%{"'];

export const cases: HostileCase[] = [
  inj("cdktf token in a tag value", DEV, "owner: platform-ai", 'owner: "${TfToken[TOKEN.1]}"', 18, "tags.owner", TOKEN),
  inj("cdktf token in a tag key", DEV, "owner: platform-ai", '"${TfToken[TOKEN.7]}": x', 18, "tags", TOKEN),
  inj(
    "cdktf list token in a description",
    "config/task-classes.yaml",
    "description: Inline code completion",
    "description: '#{TfToken[TOKEN.2]}' # Inline code completion",
    12,
    "taskClasses[0].description",
    TOKEN,
  ),
  inj("Terraform file() in a tag key", DEV, "owner: platform-ai", '"${file(\\"/etc/passwd\\")}": x', 18, "tags", TEMPLATE),
  inj(
    "template in a model version",
    DEV,
    'version: "1"',
    'version: "${file(\\"/etc/hosts\\")}"',
    29,
    "accounts[0].deployments[0].version",
    TEMPLATE,
  ),
  inj(
    "directive in a deployment name",
    DEV,
    "- name: gpt-4o-mini",
    '- name: "%{for x in [1]}x%{endfor}"',
    34,
    "accounts[0].deployments[1].name",
    TEMPLATE,
  ),
  inj(
    "template in a region",
    DEV,
    "region: eastus2\n    publicNetworkAccess",
    'region: "${var.x}"\n    publicNetworkAccess',
    24,
    "accounts[0].region",
    TEMPLATE,
  ),
  inj("template in a sticky header", DEV, "sticky: { header: x-session-id }", 'sticky: { header: "${path.cwd}" }', 99, "routes", TEMPLATE),
  inj(
    "template in the catalog's Foundry model name",
    MODELS,
    "name: gpt-4o-mini",
    'name: "${timestamp()}"',
    418,
    "models[8].foundry.name",
    TEMPLATE,
  ),
  inj("newline in a deployment name", DEV, "- name: gpt-4o-mini", '- name: "gpt-4o-mini\\nx"', 34, "accounts[0].deployments[1].name", [
    "control character",
    "a single-line name",
  ]),
  inj("NUL in a tag value", DEV, "owner: platform-ai", 'owner: "platform\\0ai"', 18, "tags.owner", ["control character", "\\u0000"]),
];
