// Stage 1 of validation: parse config files (read from disk or a git revision by io/), check shape with zod.
// Stage 2 (meaning) is routing/validate.ts.
import type { z } from "zod";
import { EXIT, UserError } from "../errors";
import { type Finding, type YamlPath, formatPath, sortFindings } from "../findings";
import { type CatalogModel, EnvironmentFile, ModelsFile, type TaskClass, TaskClassesFile } from "./schema";
import { type SourceFile, parseYaml } from "./source";
import { checkStrings } from "./strings";

export const CONFIG_DIR = "config";
export const MODELS_FILE = `${CONFIG_DIR}/models.yaml`;
export const TASK_CLASSES_FILE = `${CONFIG_DIR}/task-classes.yaml`;
export const ENVIRONMENTS_DIR = `${CONFIG_DIR}/environments`;

export interface Environment {
  /** From the file name: config/environments/prod.yaml is `prod`. */
  readonly name: string;
  readonly file: string;
  readonly spec: EnvironmentFile;
}

export interface RoutingConfig {
  readonly catalog: { readonly file: string; readonly models: readonly CatalogModel[] };
  readonly taskClasses: { readonly file: string; readonly classes: readonly TaskClass[] };
  /** Sorted by name. */
  readonly environments: readonly Environment[];
  /** Parsed sources, for line numbers. */
  readonly sources: ReadonlyMap<string, SourceFile>;
}

/** Config files by repository-relative POSIX path, e.g. {"config/models.yaml": "…"}. */
export type ConfigFiles = ReadonlyMap<string, string>;

export interface LoadResult {
  readonly config?: RoutingConfig;
  /** Parse and shape errors; when non-empty, `config` is undefined. */
  readonly errors: readonly Finding[];
}

/** A config file that cannot or must not be read (permissions, a link out of the repository, bad encoding): exit 2. */
export class UnreadableConfigError extends UserError {
  constructor(
    readonly file: string,
    reason: string,
    readonly line?: number,
  ) {
    super(`${line === undefined ? file : `${file}:${line}`}: cannot read (${reason})`, EXIT.usage);
  }
}

const ENVIRONMENT_FILE = new RegExp(`^${ENVIRONMENTS_DIR}/([a-z0-9]+(?:-[a-z0-9]+)*)\\.yaml$`);

/** config/environments/<kebab-case>.yaml is environment <kebab-case>; any other path gives undefined. */
export function environmentNameOf(file: string): string | undefined {
  return ENVIRONMENT_FILE.exec(file)?.[1];
}

/** One file's parse and shape check, by path and text. */
interface ParsedFile {
  readonly source?: SourceFile;
  /** The schema's output when the file parsed and had the right shape. */
  readonly value?: unknown;
  readonly errors: readonly Finding[];
}

/**
 * Parsed files by path and text. Pass the same Map to loadConfig calls that share most files (the audit walk
 * loads every revision of a history, and a commit usually changes one file); results must not be mutated.
 */
type ParseCache = Map<string, ParsedFile>;

export function loadConfig(files: ConfigFiles, cache?: ParseCache): LoadResult {
  const errors: Finding[] = [];
  const sources = new Map<string, SourceFile>();

  function parse<S extends z.ZodType>(file: string, schema: S): z.infer<S> | undefined {
    const text = files.get(file);
    if (text === undefined) {
      errors.push({ rule: "FR-SCHEMA", level: "error", file, path: "", message: "file not found (expected it to exist)" });
      return undefined;
    }
    const key = `${file}\0${text}`;
    let done = cache?.get(key);
    if (!done) {
      const parsed = parseYaml(file, text);
      const refused = parsed.source ? checkStrings(parsed.source) : [];
      const result = parsed.source && refused.length === 0 ? schema.safeParse(parsed.source.data) : undefined;
      done = {
        source: parsed.source,
        value: result?.success ? result.data : undefined,
        errors: [
          ...parsed.errors,
          ...refused,
          ...(parsed.source && result && !result.success ? zodFindings(parsed.source, result.error.issues) : []),
        ],
      };
      cache?.set(key, done);
    }
    errors.push(...done.errors);
    if (done.source) sources.set(file, done.source);
    return done.value as z.infer<S> | undefined;
  }

  const models = parse(MODELS_FILE, ModelsFile);
  const classes = parse(TASK_CLASSES_FILE, TaskClassesFile);
  const environments: Environment[] = [];
  const envFiles = [...files.keys()].filter((f) => f.startsWith(`${ENVIRONMENTS_DIR}/`)).sort();
  for (const file of envFiles) {
    const base = file.slice(ENVIRONMENTS_DIR.length + 1);
    const name = environmentNameOf(file);
    if (name === undefined) {
      errors.push({
        rule: "FR-SCHEMA",
        level: "error",
        file,
        path: "",
        message: `environment file names must be <kebab-case-name>.yaml, but "${base}" was found`,
      });
      continue;
    }
    const spec = parse(file, EnvironmentFile);
    if (spec) environments.push({ name, file, spec });
  }
  if (envFiles.length === 0) {
    errors.push({ rule: "FR-SCHEMA", level: "error", file: ENVIRONMENTS_DIR, path: "", message: "no environment files found (expected at least one <env>.yaml)" });
  }
  if (errors.length > 0 || !models || !classes) return { errors: sortFindings(errors) };
  return {
    config: {
      catalog: { file: MODELS_FILE, models: models.models },
      taskClasses: { file: TASK_CLASSES_FILE, classes: classes.taskClasses },
      environments,
      sources,
    },
    errors: [],
  };
}

// ---- zod issues → findings that say what was expected and what was found ----

interface Issue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly expected?: string;
  readonly keys?: readonly string[];
  readonly values?: readonly unknown[];
  readonly errors?: readonly (readonly Issue[])[];
  /** invalid_key: what was wrong with the mapping key. */
  readonly issues?: readonly Issue[];
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly origin?: string;
  readonly inclusive?: boolean;
  readonly note?: string;
  readonly discriminator?: string;
  readonly options?: readonly unknown[];
  readonly format?: string;
}

function zodFindings(source: SourceFile, issues: readonly Issue[]): Finding[] {
  return issues.map((issue) => {
    const { path, message } = describeIssue(source.data, issue, []);
    const pos = source.position(path);
    return {
      rule: "FR-SCHEMA",
      level: "error" as const,
      file: source.file,
      path: formatPath(path),
      line: pos?.line,
      column: pos?.column,
      message,
    };
  });
}

function describeIssue(root: unknown, issue: Issue, prefix: YamlPath, key?: string): { path: YamlPath; message: string } {
  const path: YamlPath = [...prefix, ...issue.path.map((p) => (typeof p === "number" ? p : String(p)))];
  // A mapping key (a tag name) is checked as a value of its own: describe the key, not the value under it.
  const found = key ?? valueAt(root, path);
  const shown = (v: unknown) => (key === undefined ? describe(v) : `the key ${describe(v)}`);
  switch (issue.code) {
    case "invalid_key": {
      const inner = issue.issues?.[0];
      const name = String(path[path.length - 1]);
      if (!inner) return { path, message: `expected a valid key, but found ${describe(name)}` };
      return { path, message: describeIssue(root, inner, path, name).message };
    }
    case "invalid_type": {
      const expected = issue.expected === "object" ? "a mapping" : issue.expected === "array" ? "a list" : issue.expected;
      return { path, message: `expected ${expected}, but found ${shown(found)}` };
    }
    case "invalid_format":
      // A pattern with its own message ("expected a kebab-case id …") says more than "a value in regex format".
      if (issue.format === "regex" && issue.message.startsWith("expected ")) return { path, message: `${issue.message}, but found ${shown(found)}` };
      return { path, message: `expected ${issue.format === "email" ? "an email address" : `a value in ${issue.format} format`}, but found ${shown(found)}` };
    case "unrecognized_keys": {
      const keys = issue.keys ?? [];
      return {
        path: keys.length === 1 && keys[0] !== undefined ? [...path, keys[0]] : path,
        message: `unknown key${keys.length > 1 ? "s" : ""} ${keys.map((k) => `"${k}"`).join(", ")} (check the spelling against docs/config-reference.md)`,
      };
    }
    case "invalid_value":
      return { path, message: `expected one of ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(", ")}, but found ${shown(found)}` };
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const word = issue.code === "too_small" ? "at least" : "at most";
      const what =
        issue.origin === "array" ? `${word} ${bound} item(s)` : issue.origin === "string" ? `${word} ${bound} character(s)` : `${issue.inclusive === false ? (issue.code === "too_small" ? "more than" : "less than") : word} ${bound}`;
      const f =
        issue.origin === "array" && Array.isArray(found)
          ? `${found.length} item(s)`
          : issue.origin === "string" && typeof found === "string" && found.length > 80
            ? `${shown(found)} (${found.length} characters)`
            : shown(found);
      return { path, message: `expected ${what}, but found ${f}` };
    }
    case "invalid_union": {
      if (issue.discriminator || issue.note === "No matching discriminator") {
        const options = (issue.options ?? []).map((o) => JSON.stringify(o)).join(", ");
        return { path, message: `expected one of ${options}, but found ${shown(found)}` };
      }
      // Report the variant that came closest (fewest issues), so the message is actionable.
      const branches = (issue.errors ?? []).filter((b) => b.length > 0);
      if (branches.length === 0) return { path, message: `expected a valid value, but found ${shown(found)}` };
      const first = [...branches].sort((a, b) => a.length - b.length)[0]?.[0];
      if (!first) return { path, message: `expected a valid value, but found ${shown(found)}` };
      const inner = describeIssue(root, first, path);
      return { path: inner.path, message: `${inner.message} (no allowed form matched; this is the closest)` };
    }
    default:
      return { path, message: `${lowerFirst(issue.message)}, but found ${shown(found)}` };
  }
}

function valueAt(root: unknown, path: YamlPath): unknown {
  let v: unknown = root;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

function describe(v: unknown): string {
  if (v === undefined) return "nothing (the key is missing)";
  if (v === null) return "null (an empty value)";
  if (Array.isArray(v)) return `a list of ${v.length} item(s)`;
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `"${v.length > 80 ? `${v.slice(0, 77)}...` : v}"`;
  return `${typeof v} ${String(v)}`;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
