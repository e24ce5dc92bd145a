// FR-TAG-1: Azure applies its tag limits to the tags a resource ends up with: the environment's tags plus the two
// foundry-routes adds (environment, managed-by), with names compared without case. The per-tag limits (name length
// and characters, value length) are shape checks in routing/config/schema.ts.
import { formatPath, location } from "../findings";
import { addedTags } from "../naming/azure-names";
import type { Rule, RuleFinding } from "./rule";

/** At most this many tag name/value pairs per resource (tag-resources.md, "Limitations"). */
const MAX_TAGS = 50;

export const tagLimits: Rule = {
  id: "FR-TAG-1",
  level: "error",
  // Not suppressible: Azure refuses the resource.
  suppressible: false,
  title: "Tag limits",
  explanation:
    "Azure allows at most 50 tags per resource and compares tag names without case. foundry-routes adds environment and managed-by to the environment's tags, so those count too, and a tag such as Environment or Owner next to owner is a second value for one name.",
  fix: "Remove tags (or merge several into one JSON-valued tag) until at most 48 remain with environment and managed-by, and spell each tag name once, in one case; leave environment and managed-by to foundry-routes.",
  check(config) {
    const out: RuleFinding[] = [];
    for (const env of config.environments) {
      const source = config.sources.get(env.file);
      const keys = Object.keys(env.spec.tags);
      const added = addedTags(env.name);
      const seen = new Map<string, string>();
      for (const key of keys) {
        const folded = key.toLowerCase();
        const ours = Object.keys(added).find((k) => k.toLowerCase() === folded);
        if (ours !== undefined && ours !== key) {
          out.push({
            file: env.file,
            path: ["tags", key],
            message: `tag "${key}" is the same name to Azure as the "${ours}" tag foundry-routes adds to every resource (Azure compares tag names without case); expected no such tag, or "${ours}" spelled exactly (foundry-routes' value wins)`,
          });
          continue;
        }
        const first = seen.get(folded);
        if (first !== undefined) {
          const line = source?.position(["tags", first])?.line;
          out.push({
            file: env.file,
            path: ["tags", key],
            message: `tag "${key}" is the same name to Azure as tag "${first}" at ${location({ file: env.file, line })} ${formatPath(["tags", first])} (Azure compares tag names without case); expected each tag name once`,
          });
        } else seen.set(folded, key);
      }
      const names = new Set([...keys, ...Object.keys(added)].map((k) => k.toLowerCase()));
      if (names.size > MAX_TAGS) {
        out.push({
          file: env.file,
          path: ["tags"],
          message: `resources would carry ${names.size} tags (${keys.length} in tags, with environment and managed-by, which foundry-routes adds); expected at most ${MAX_TAGS} per resource (tag-resources.md)`,
        });
      }
    }
    return out;
  },
};
