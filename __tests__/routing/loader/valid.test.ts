// The base fixture every broken case is derived from must itself load cleanly, or the other tests prove nothing.
import { loadConfig } from "../../../routing/config/loader";
import { loadConfigDir } from "../../../io/config-files";
import { TASK_CLASSES, lineOf, tempCopyOfValid, validFiles, withFile } from "./helpers";

describe("loader: the valid fixture", () => {
  let disk: ReturnType<typeof tempCopyOfValid>;
  beforeAll(() => (disk = tempCopyOfValid()));
  afterAll(() => disk.cleanup());

  test("loads from disk with no errors, environments named after their files, defaults applied", () => {
    // GIVEN the fixture written to a directory, with config/environments/dev.yaml
    // WHEN it is loaded from disk
    const result = loadConfigDir(disk.root);
    // THEN there are no errors and the environment is "dev", with schema defaults filled in
    expect(result.errors).toEqual([]);
    expect(result.config?.environments.map((e) => e.name)).toEqual(["dev"]);
    const deployment = result.config!.environments[0]!.spec.accounts[0]!.deployments[0];
    expect(deployment!.sku).toBe("GlobalStandard");
    expect(deployment!.versionUpgradeOption).toBe("NoAutoUpgrade");
    expect(result.config!.environments[0]!.spec.backend).toEqual({ type: "local" });
  });

  test("in-memory loading gives the same config as loading from disk", () => {
    // GIVEN the fixture read into memory
    // WHEN loaded with loadConfig
    const result = loadConfig(validFiles());
    // THEN it matches the disk load (sources aside)
    expect(result.errors).toEqual([]);
    expect(result.config?.catalog).toEqual(loadConfigDir(disk.root).config?.catalog);
  });

  test("YAML anchors and aliases are allowed in moderation", () => {
    // GIVEN a task-classes file whose second class reuses the first one's description through an alias
    const files = validFiles();
    files.set(
      TASK_CLASSES,
      [
        "taskClasses:",
        "  - id: chat",
        "    description: &desc Interactive chat",
        "    latency: high",
        "    tokenVolume: medium",
        "    provenanceRequired: false",
        "    complexity: medium",
        "  - id: chat-strict",
        "    description: *desc",
        "    latency: high",
        "    tokenVolume: medium",
        "    provenanceRequired: true",
        "    complexity: medium",
        "",
      ].join("\n"),
    );
    // WHEN loaded
    const result = loadConfig(files);
    // THEN both classes exist with the shared description: aliases are normal YAML, only their abuse is an error
    expect(result.errors).toEqual([]);
    expect(result.config?.taskClasses.classes.map((c) => [c.id, c.description])).toEqual([
      ["chat", "Interactive chat"],
      ["chat-strict", "Interactive chat"],
    ]);
  });

  test("a YAML 1.1 merge key (<<) is not merged but refused on its line", () => {
    // GIVEN a class that tries to inherit another through `<<: *chat` (YAML 1.1 only; the loader parses YAML 1.2)
    const text = [
      "taskClasses:",
      "  - &chat",
      "    id: chat",
      "    description: Interactive chat",
      "    latency: high",
      "    tokenVolume: medium",
      "    provenanceRequired: false",
      "    complexity: medium",
      "  - <<: *chat",
      "    id: chat-strict",
      "",
    ].join("\n");
    // WHEN loaded
    const result = loadConfig(withFile(TASK_CLASSES, text));
    // THEN the "<<" key is named, with its line and path, instead of silently merging or silently dropping
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ rule: "FR-YAML", file: TASK_CLASSES, line: lineOf(text, "<<"), path: "taskClasses[1]" });
    expect(result.errors[0]?.message).toMatch(/merge key "<<" is not allowed \(expected every key written out/);
  });
});
