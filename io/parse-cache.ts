// A parse cache on disk: each config file that parsed with no findings is recorded by the hash of its path and text
// (routing/config/parse-record.ts), so the next run with the same file reads JSON instead of parsing YAML and
// checking its shape. The cdktf app keeps it next to its bundle (dist/.config-cache), which every build recreates:
// a record is only ever read by the code that wrote it.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type ParseCache, fileOfParseKey } from "../routing/config/loader";
import { parseRecordJson, parsedFromRecordJson } from "../routing/config/parse-record";

/** Records kept: a few edits of a few dozen files. The oldest go first. */
const MAX_RECORDS = 64;

/** A parse cache in `dir` (created on first write). Reading and writing are best effort: any failure is a miss. */
export function diskParseCache(dir: string): ParseCache {
  const pathOf = (key: string) => join(dir, `${createHash("sha256").update(key).digest("hex")}.json`);
  return {
    get(key) {
      let json: string;
      try {
        json = readFileSync(pathOf(key), "utf8");
      } catch {
        return undefined;
      }
      return parsedFromRecordJson(fileOfParseKey(key), json);
    },
    set(key, parsed) {
      const json = parseRecordJson(parsed);
      if (json === undefined) return;
      const path = pathOf(key);
      // Written under a temporary name and renamed, so a parallel run never reads half a record.
      const tmp = `${path}.${process.pid}.tmp`;
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(tmp, json);
        renameSync(tmp, path);
        prune(dir);
      } catch {
        try {
          rmSync(tmp, { force: true });
        } catch {
          /* a directory we may not write to: nothing was left there */
        }
      }
    },
  };
}

/** Removes the oldest records beyond MAX_RECORDS. */
function prune(dir: string): void {
  const records = readdirSync(dir).filter((name) => name.endsWith(".json"));
  if (records.length <= MAX_RECORDS) return;
  const byAge = records
    .map((name) => ({ name, mtime: statSync(join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => a.mtime - b.mtime || (a.name < b.name ? -1 : 1));
  for (const { name } of byAge.slice(0, records.length - MAX_RECORDS)) rmSync(join(dir, name), { force: true });
}
