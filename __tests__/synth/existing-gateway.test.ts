import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gatewayConfig, toFiles } from "../../fixtures/builder";
import { stackOutputPath, synthesize } from "../../io/synth";
import { loadConfig } from "../../routing/config/loader";

describe("synth: an environment that shares an existing APIM instance", () => {
  test("synthesizes, reading the instance with a data source that passes the output check", () => {
    // GIVEN the gateway fixture, whose staging environment references apim-shared in rg-shared
    const loaded = loadConfig(toFiles(gatewayConfig()));
    expect(loaded.errors).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), "fr-existing-apim-"));
    try {
      // WHEN the whole app is synthesized, output checks included
      const summary = synthesize(loaded.config!, dir);

      // THEN staging's stack is written and reads the instance instead of creating one
      expect(summary.stacks.map((s) => s.name)).toContain("staging");
      const json = JSON.parse(readFileSync(join(dir, stackOutputPath("staging")), "utf8"));
      expect(Object.values(json.data.azurerm_api_management)).toEqual([
        expect.objectContaining({ name: "apim-shared", resource_group_name: "rg-shared" }),
      ]);
      expect(json.resource.azurerm_api_management).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
