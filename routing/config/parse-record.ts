// A parsed config file as JSON, for a parse cache that outlives the process (io/parse-cache.ts): reading it back is
// a twentieth of parsing the YAML and checking its shape again. Only a file that parsed with no findings is recorded,
// and only when JSON gives back exactly what the parse produced.
import type { ParsedFile } from "./loader";
import { type PositionTree, sourceFile } from "./source";

/** Changes whenever the record's form or what a parse produces changes, so an older record is not read. */
const FORMAT = 1;

interface ParseRecord {
  readonly format: typeof FORMAT;
  readonly file: string;
  readonly data: unknown;
  readonly value: unknown;
  readonly positions: PositionTree;
}

/** `parsed` as a record's JSON text, or undefined when it is not to be recorded (findings, or values JSON would change). */
export function parseRecordJson(parsed: ParsedFile): string | undefined {
  const { source, value } = parsed;
  if (parsed.errors.length > 0 || !source || value === undefined) return undefined;
  if (!jsonExact(source.data) || !jsonExact(value)) return undefined;
  const record: ParseRecord = { format: FORMAT, file: source.file, data: source.data, value, positions: source.positions };
  return JSON.stringify(record);
}

/** The parsed file a record's JSON text holds for `file`, or undefined when it is not a record of this form for it. */
export function parsedFromRecordJson(file: string, json: string): ParsedFile | undefined {
  let record: Partial<ParseRecord> | null;
  try {
    record = JSON.parse(json) as Partial<ParseRecord> | null;
  } catch {
    return undefined;
  }
  if (record?.format !== FORMAT || record.file !== file || record.value === undefined || record.positions === undefined) return undefined;
  return { source: sourceFile(file, record.data, record.positions), value: record.value, errors: [] };
}

/**
 * Whether JSON.parse(JSON.stringify(v)) gives back v: null, booleans, strings, finite numbers other than -0, and
 * arrays and plain objects of them (no undefined, no holes, no other prototypes). A value too deep to check is not.
 */
function jsonExact(v: unknown): boolean {
  try {
    return exact(v);
  } catch {
    return false;
  }
}

function exact(v: unknown): boolean {
  if (v === null || typeof v === "string" || typeof v === "boolean") return true;
  if (typeof v === "number") return Number.isFinite(v) && !Object.is(v, -0);
  if (typeof v !== "object") return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!(i in v) || !exact(v[i])) return false;
    return true;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype || Object.getOwnPropertySymbols(v).length > 0) return false;
  for (const key of Object.getOwnPropertyNames(v)) {
    const d = Object.getOwnPropertyDescriptor(v, key);
    if (!d || !d.enumerable || !("value" in d) || !exact(d.value)) return false;
  }
  return true;
}
