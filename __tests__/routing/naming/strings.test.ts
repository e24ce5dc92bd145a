import { account, env } from "../../../fixtures/builder";
import { EnvironmentFile } from "../../../routing/config/schema";
import { hasCdktfTokenMarker, terraformLiteral } from "../../../routing/naming/strings";
import { stableTags } from "../../../constructs/names";

const base = env({ resourceGroup: { existing: "rg" }, accounts: [account("a", "eastus2", [])] });

describe("string layer", () => {
  test("GIVEN a tag value shaped like a cdktf token WHEN parsed THEN the schema refuses it", () => {
    const r = EnvironmentFile.safeParse({ ...base, tags: { owner: "${TfToken[TOKEN.1]}" } });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain("TfToken");
  });
  test("GIVEN a tag KEY shaped like a cdktf token WHEN parsed THEN the schema refuses it", () => {
    const r = EnvironmentFile.safeParse({ ...base, tags: { "${TfToken[TOKEN.1]}": "x" } });
    expect(r.success).toBe(false);
  });
  test("GIVEN Terraform templates in a tag key and value WHEN tagged THEN both are escaped", () => {
    const tags = stableTags("dev", { '${file("/etc/passwd")}': "%{ if true }x%{ endif }" });
    expect(tags).toEqual(expect.objectContaining({ '$${file("/etc/passwd")}': "%%{ if true }x%%{ endif }" }));
  });
  test("GIVEN plain text WHEN escaped THEN it is unchanged, and markers are detected", () => {
    expect(terraformLiteral("team a")).toBe("team a");
    expect(hasCdktfTokenMarker("#{TfToken[TOKEN.2]}")).toBe(true);
    expect(hasCdktfTokenMarker("$ {x}")).toBe(false);
  });
});
