// No secrets: the synthesized output of the sample config and of generated configs holds no key material and
// no reference to keys, and every Foundry account has local (key) auth off.
import { join } from "node:path";
import { generateConfig } from "../../fixtures/builder";
import { type TfStack, readStacks, scanForSecrets } from "../../fixtures/tf-json";
import { type ConfigFiles, loadConfig } from "../../routing/config/loader";
import { readConfigDir } from "../../io/config-files";
import { synthesize } from "../../io/synth";
import { validateLoaded } from "../../routing/validate";
import { REPO, removeDir, tempDir } from "./tree";

let work: string;
beforeAll(() => (work = tempDir("no-secrets")));
afterAll(() => removeDir(work));

let n = 0;
function synthStacks(files: ConfigFiles): TfStack[] {
  const result = validateLoaded(loadConfig(files));
  expect(result.errors.map((e) => `${e.file} ${e.path}: ${e.message}`)).toEqual([]);
  const out = join(work, `out-${n++}`);
  synthesize(result.config!, out);
  return readStacks(out);
}

describe("synthesized output holds no key material", () => {
  const cases: [string, () => ConfigFiles][] = [
    ["the sample config in config/", () => readConfigDir(REPO)],
    ["the ×1 generated config with a gateway", () => generateConfig({ scale: 1, gateway: true }).files],
    ["the ×10 generated config", () => generateConfig({ scale: 10 }).files],
  ];

  it.each(cases)("%s", (_, files) => {
    // GIVEN a valid config WHEN it is synthesized
    const stacks = synthStacks(files());
    // THEN no string looks like a key, a connection string or a key reference, and local auth is off everywhere
    expect(stacks.length).toBeGreaterThan(0);
    expect(stacks.flatMap(scanForSecrets)).toEqual([]);
    const accounts = stacks.flatMap((s) => Object.keys(s.json.resource?.azurerm_cognitive_account ?? {}));
    expect(accounts.length).toBeGreaterThan(0);
  });

  it("flags key material and local auth left on (control: the scanner can fail)", () => {
    // GIVEN a stack with a key reference, a connection string, a key-like value, and an account without local_auth_enabled
    const stack: TfStack = {
      name: "x",
      file: "x/cdk.tf.json",
      json: {
        resource: {
          azurerm_cognitive_account: { a: { kind: "AIServices" }, b: { local_auth_enabled: true } },
          azurerm_key_vault_secret: { s: { name: "api-key", value: "0123456789abcdef0123456789abcdef" } },
        },
        output: {
          key: { value: "${azurerm_cognitive_account.a.primary_access_key}" },
          conn: { value: "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc" },
          pem: { value: "-----BEGIN PRIVATE KEY-----" },
        },
      },
    };
    // WHEN it is scanned THEN each problem is reported
    const why = scanForSecrets(stack).map((h) => h.path);
    expect(why).toEqual(
      expect.arrayContaining([
        "output.key.value",
        "output.conn.value",
        "output.pem.value",
        "resource.azurerm_cognitive_account.a.local_auth_enabled",
        "resource.azurerm_cognitive_account.b.local_auth_enabled",
      ]),
    );
    // AND a value named like a secret is flagged only when it looks like a key
    expect(scanForSecrets({ ...stack, json: { resource: { r: { s: { password: "0123456789abcdef0123456789abcdef" } } } } })).toHaveLength(
      1,
    );
    expect(scanForSecrets({ ...stack, json: { resource: { r: { s: { password_enabled: "false" } } } } })).toHaveLength(0);
  });
});
