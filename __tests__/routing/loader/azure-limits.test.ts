// Azure limits that are per-field shape checks: region names (with a suggestion) and tag names and values.
import { formatFinding } from "../../../routing/findings";
import { loadConfig } from "../../../routing/config/loader";
import { AZURE_REGIONS, suggestRegion } from "../../../routing/config/azure-regions";
import { editDistance, nearest } from "../../../routing/naming/edit-distance";
import { DEV, lineOf, onlyFinding, withEdit } from "./helpers";

describe("region names", () => {
  test("a known region loads", () => {
    // GIVEN the valid fixture's eastus2 WHEN loaded THEN no error
    expect(loadConfig(withEdit(DEV, "region: eastus2", "region: swedencentral").files).errors).toEqual([]);
  });

  test("a display name is refused with the programmatic name suggested", () => {
    // GIVEN region: East US 2 (the portal's spelling)
    const { files, text } = withEdit(DEV, "region: eastus2", "region: East US 2");
    // WHEN loaded
    const f = onlyFinding(loadConfig(files).errors, DEV);
    // THEN one FR-SCHEMA error at the region's line, with what was expected, what was found and the suggestion
    expect(f).toMatchObject({ rule: "FR-SCHEMA", path: "accounts[0].region", line: lineOf(text, "region:") });
    expect(f.message).toBe(
      'expected a known Azure region name, as listed in routing/config/azure-regions.ts (did you mean "eastus2"?), but found "East US 2"',
    );
  });

  test("a typo gets the nearest region; nonsense gets no guess", () => {
    // GIVEN typos and a made-up name THEN the suggestion is the nearest name, or none when nothing is close
    expect(suggestRegion("estus2")).toBe("eastus2");
    expect(suggestRegion("swedencentrl")).toBe("swedencentral");
    expect(suggestRegion("West Europe")).toBe("westeurope");
    expect(suggestRegion("moon-base-alpha")).toBeUndefined();
    const f = onlyFinding(loadConfig(withEdit(DEV, "region: eastus2", "region: moonbase").files).errors, DEV);
    expect(f.message).not.toContain("did you mean");
  });

  test("the list holds programmatic names only", () => {
    // GIVEN the region data THEN every name is lowercase letters and digits, as ARM spells locations
    for (const name of Object.keys(AZURE_REGIONS)) expect(name).toMatch(/^[a-z]+[0-9]?$/);
    expect(Object.keys(AZURE_REGIONS)).toEqual(expect.arrayContaining(["eastus2", "swedencentral", "westeurope"]));
  });
});

describe("tag names and values", () => {
  test("a forbidden character in a tag name is refused at the tag, naming the key", () => {
    // GIVEN tag cost/center
    const { files, text } = withEdit(DEV, "resourceGroup:", "tags:\n  cost/center: x\nresourceGroup:");
    const f = onlyFinding(loadConfig(files).errors, DEV);
    // THEN the key is shown as found
    expect(f).toMatchObject({ rule: "FR-SCHEMA", path: 'tags["cost/center"]', line: lineOf(text, "cost/center") });
    expect(f.message).toBe('expected a tag name without <, >, %, &, \\, ? or / (Azure refuses them), but found the key "cost/center"');
    expect(formatFinding(f)).toContain(`${DEV}:${f.line}`);
  });

  test("a tag value over 256 characters is refused with its length", () => {
    // GIVEN a 300-character value
    const { files } = withEdit(DEV, "resourceGroup:", `tags:\n  note: ${"v".repeat(300)}\nresourceGroup:`);
    const f = onlyFinding(loadConfig(files).errors, DEV);
    // THEN the bound and the length are named
    expect(f.path).toBe("tags.note");
    expect(f.message).toMatch(/^expected at most 256 character\(s\), but found "v+\.\.\." \(300 characters\)$/);
  });

  test("a tag name of 512 characters loads; 513 does not", () => {
    // GIVEN tag names at and over the limit
    const ok = withEdit(DEV, "resourceGroup:", `tags:\n  ${"k".repeat(512)}: x\nresourceGroup:`).files;
    expect(loadConfig(ok).errors).toEqual([]);
    const f = onlyFinding(loadConfig(withEdit(DEV, "resourceGroup:", `tags:\n  ${"k".repeat(513)}: x\nresourceGroup:`).files).errors, DEV);
    // THEN the longer one names the bound and the key's length
    expect(f.message).toMatch(/^expected at most 512 character\(s\), but found the key "k+\.\.\." \(513 characters\)$/);
  });
});

describe("editDistance and nearest", () => {
  test("count edits and pick the closest within the bound", () => {
    expect(editDistance("eastus", "eastus2")).toBe(1);
    expect(nearest("eastu2", ["westus2", "eastus2"], 2)).toBe("eastus2");
    expect(nearest("zzz", ["eastus2"], 2)).toBeUndefined();
  });
});
