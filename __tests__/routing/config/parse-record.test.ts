// A parsed config file recorded as JSON (routing/config/parse-record.ts) and the parse cache on disk that keeps the
// records (io/parse-cache.ts): what is recorded, what is given back, and that a bad record is only a miss.
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sampleFiles } from "../../../fixtures/builder";
import { diskParseCache } from "../../../io/parse-cache";
import { type ParsedFile, type ParseCache, loadConfig, parseKey } from "../../../routing/config/loader";
import { parseRecordJson, parsedFromRecordJson } from "../../../routing/config/parse-record";
import { sourceFile } from "../../../routing/config/source";
import type { YamlPath } from "../../../routing/findings";

/** Every path into `data`, each followed by one step that goes past the document (a missing key, an index too far). */
function pathsOf(data: unknown, prefix: YamlPath = []): YamlPath[] {
  const out: YamlPath[] = [prefix];
  if (Array.isArray(data)) {
    data.forEach((item, i) => out.push(...pathsOf(item, [...prefix, i])));
    out.push([...prefix, data.length], [...prefix, "0"]);
  } else if (data !== null && typeof data === "object") {
    for (const [key, value] of Object.entries(data)) out.push(...pathsOf(value, [...prefix, key]));
    out.push([...prefix, "no-such-key"]);
  }
  return out;
}

let parsedSample: Map<string, ParsedFile> | undefined;
/** The parses of the sample's files (made once: results are never mutated), through a Map-backed cache that keeps them. */
function sampleParses(): Map<string, ParsedFile> {
  if (!parsedSample) {
    parsedSample = new Map<string, ParsedFile>();
    expect(loadConfig(sampleFiles(), parsedSample).errors).toEqual([]);
  }
  return parsedSample;
}

/** A parse cache that counts what it was asked and what it answered. */
function counted(cache: ParseCache): ParseCache & { hits: number; misses: number } {
  const c = {
    hits: 0,
    misses: 0,
    get(key: string) {
      const found = cache.get(key);
      if (found) c.hits++;
      else c.misses++;
      return found;
    },
    set: (key: string, parsed: ParsedFile) => cache.set(key, parsed),
  };
  return c;
}

const made: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), "fr-parse-cache-"));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

describe("parse records", () => {
  test("a recorded file comes back with the same data, value and position of every path", () => {
    // GIVEN the sample's files, parsed
    for (const parsed of sampleParses().values()) {
      const source = parsed.source!;

      // WHEN each is recorded and read back
      const json = parseRecordJson(parsed);
      const back = parsedFromRecordJson(source.file, json!);

      // THEN nothing differs
      expect(back?.errors).toEqual([]);
      expect(back?.value).toStrictEqual(parsed.value);
      expect(back?.source?.data).toStrictEqual(source.data);
      const paths = pathsOf(source.data);
      expect(paths.map((p) => back?.source?.position(p))).toEqual(paths.map((p) => source.position(p)));
    }
  });

  test("a file with findings, or with a value JSON cannot give back, is not recorded", () => {
    // GIVEN a parse with a finding, and parses whose data JSON would change
    const [parsed] = [...sampleParses().values()];
    const source = parsed!.source!;
    const withData = (data: unknown): ParsedFile => ({ source: sourceFile(source.file, data, source.positions), value: parsed!.value, errors: [] });
    const finding = { rule: "FR-YAML", level: "error" as const, file: source.file, path: "", message: "bad" };

    // WHEN each is to be recorded
    // THEN none is
    expect(parseRecordJson({ ...parsed!, errors: [finding] })).toBeUndefined();
    expect(parseRecordJson({ ...parsed!, value: undefined })).toBeUndefined();
    for (const data of [{ n: Infinity }, { n: Number.NaN }, { n: -0 }, { u: undefined }, new Array<number>(3), { d: new Date(0) }, Object.create(null)]) {
      expect([data, parseRecordJson(withData(data))]).toEqual([data, undefined]);
    }
    // AND plain data is
    expect(parseRecordJson(withData({ a: [1, "b", null, true, { c: 2.5 }] }))).toBeDefined();
  });

  test("a record of another file, of another form, or not JSON gives nothing back", () => {
    // GIVEN a good record of the catalog
    const [parsed] = [...sampleParses().values()];
    const json = parseRecordJson(parsed!)!;
    const file = parsed!.source!.file;

    // WHEN it is read for another file, with another format number, or cut short
    // THEN each is a miss
    expect(parsedFromRecordJson(`${file}.other`, json)).toBeUndefined();
    expect(parsedFromRecordJson(file, json.replace(/^\{"format":1,/, '{"format":0,'))).toBeUndefined();
    expect(parsedFromRecordJson(file, json.slice(0, json.length / 2))).toBeUndefined();
    expect(parsedFromRecordJson(file, "null")).toBeUndefined();
    // AND the whole record is read
    expect(parsedFromRecordJson(file, json)).toBeDefined();
  });
});

describe("the parse cache on disk", () => {
  test("a second load of the same files parses nothing and gives the same config; an edited file is parsed again", () => {
    // GIVEN an empty cache directory, filled by one load of the sample
    const dir = scratch();
    const first = counted(diskParseCache(dir));
    const fresh = loadConfig(sampleFiles(), first);
    expect([first.hits, first.misses]).toEqual([0, sampleFiles().size]);
    expect(readdirSync(dir)).toHaveLength(sampleFiles().size);

    // WHEN the same files are loaded again, through a new cache over the directory
    const second = counted(diskParseCache(dir));
    const again = loadConfig(sampleFiles(), second);

    // THEN every file comes from the cache and the config is the same
    expect([second.hits, second.misses]).toEqual([sampleFiles().size, 0]);
    expect(again.errors).toEqual([]);
    expect(again.config?.environments).toStrictEqual(fresh.config?.environments);
    expect(again.config?.catalog).toStrictEqual(fresh.config?.catalog);

    // AND a file whose text changed is parsed again
    const edited = new Map(sampleFiles());
    const [envFile, text] = [...edited].find(([f]) => f.startsWith("config/environments/"))!;
    edited.set(envFile, `${text}\n# edited\n`);
    const third = counted(diskParseCache(dir));
    expect(loadConfig(edited, third).errors).toEqual([]);
    expect([third.hits, third.misses]).toEqual([sampleFiles().size - 1, 1]);
  });

  test("a damaged record is a miss, and the load is as without a cache", () => {
    // GIVEN a filled cache whose records are then overwritten with garbage
    const dir = scratch();
    loadConfig(sampleFiles(), diskParseCache(dir));
    for (const name of readdirSync(dir)) writeFileSync(join(dir, name), '{"format":1,"file":');

    // WHEN the files are loaded through it
    const c = counted(diskParseCache(dir));
    const loaded = loadConfig(sampleFiles(), c);

    // THEN nothing came from the cache and the config loads
    expect(c.hits).toBe(0);
    expect(loaded.errors).toEqual([]);
    expect(loaded.config?.environments.map((e) => e.name)).toEqual(["dev", "prod"]);
  });

  test("it keeps the newest 64 records", () => {
    // GIVEN 70 records, each a second older than the next (so the order does not depend on the clock's resolution)
    const dir = scratch();
    const cache = diskParseCache(dir);
    const [parsed] = [...sampleParses().values()];
    const key = (text: string) => parseKey(parsed!.source!.file, text);
    for (let i = 0; i < 70; i++) {
      const before = new Set(readdirSync(dir));
      cache.set(key(`text ${i}`), parsed!);
      for (const n of readdirSync(dir).filter((n) => !before.has(n))) utimesSync(join(dir, n), 1_000_000 + i, 1_000_000 + i);
    }

    // WHEN one more is written
    cache.set(key("newest"), parsed!);

    // THEN 64 are left: the newest, and not the oldest
    expect(readdirSync(dir)).toHaveLength(64);
    expect(cache.get(key("newest"))).toBeDefined();
    expect(cache.get(key("text 69"))).toBeDefined();
    expect(cache.get(key("text 0"))).toBeUndefined();
  });

  test("a directory it cannot write is only a cache that never hits", () => {
    // GIVEN a cache whose directory is a file
    const file = join(scratch(), "not-a-dir");
    writeFileSync(file, "");
    const c = counted(diskParseCache(join(file, "cache")));

    // WHEN the sample is loaded through it, twice
    // THEN both loads work and nothing was cached
    expect(loadConfig(sampleFiles(), c).errors).toEqual([]);
    expect(loadConfig(sampleFiles(), c).errors).toEqual([]);
    expect(c.hits).toBe(0);
  });
});
