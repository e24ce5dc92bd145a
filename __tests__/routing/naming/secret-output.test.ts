// The output check refuses credential values wherever they appear, and lets references to them through.
import { unsafeOutput } from "../../../routing/naming/terraform-output";

describe("unsafeOutput: credentials", () => {
  test("references to connection strings and keys pass", () => {
    // GIVEN a logger body that refers to Application Insights' connection string
    const stack = {
      resource: { azapi_resource: { l: { body: { connectionString: "${azurerm_application_insights.i.connection_string}" } } } },
    };
    // THEN nothing is reported
    expect(unsafeOutput(stack)).toEqual([]);
  });

  test.each([
    ["a connection string with its key", "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://x"],
    ["a storage account key", "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abcdefghijklmnop"],
    ["a bearer token", "eyJ0eXAiOiJKV1QiLCJhbGciOi.eyJhdWQiOiJodHRwczovL2NvZ25pdGl2ZQ.sig"],
    ["a PEM private key", "-----BEGIN RSA PRIVATE KEY-----\nMIIB"],
  ])("GIVEN %s as a value WHEN checked THEN it is refused at its path", (_, value) => {
    const found = unsafeOutput({ resource: { azurerm_cognitive_account: { a: { tags: { note: value } } } } });
    expect(found).toEqual([{ path: "resource.azurerm_cognitive_account.a.tags.note", problem: expect.stringContaining("a credential") }]);
  });
});
