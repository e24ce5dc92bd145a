// Reading config/ from disk. For a command, a missing directory is a user error (exit 2), not a list of "file not found" findings.
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import {
  CONFIG_DIR,
  type ConfigFiles,
  ENVIRONMENTS_DIR,
  type LoadResult,
  type ParseCache,
  MODELS_FILE,
  TASK_CLASSES_FILE,
  UnreadableConfigError,
  environmentNameOf,
  loadConfig,
} from "../routing/config/loader";
import { CliError, EXIT } from "../cli/command";
import { MAX_CONFIG_FILE_BYTES, decodeConfigBytes } from "../routing/config/encoding";

/** Reads config/ under `root`; throws CliError (exit 2) when there is no config directory there or a file cannot be read. */
export function readConfigFiles(root: string): ReadonlyMap<string, string> {
  const dir = join(root, CONFIG_DIR);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    /* reported below */
  }
  if (!isDir) {
    throw new CliError(
      `no ${CONFIG_DIR}/ directory in ${root} (expected ${dir} to be a directory; run from the repository root or pass --config-root DIR)`,
      EXIT.usage,
    );
  }
  // An unreadable or unsafe file is an UnreadableConfigError, a UserError: exit 2, one line.
  return readConfigDir(root);
}

/** Environment names present in `files`, sorted. */
export function environmentNames(files: ConfigFiles): string[] {
  return [...files.keys()].flatMap((f) => environmentNameOf(f) ?? []).sort();
}

/** Only the catalog, the task classes and one environment: validating one environment ignores the others. */
export function onlyEnvironment<T>(files: ReadonlyMap<string, T>, env: string): ReadonlyMap<string, T> {
  return new Map([...files].filter(([file]) => !file.startsWith(`${ENVIRONMENTS_DIR}/`) || environmentNameOf(file) === env));
}

/** Re-exported: the limit lives with the decoder (routing/config/encoding.ts), which git revisions share. */
export { MAX_CONFIG_FILE_BYTES };

/**
 * Reads config/ under `root` into memory. Only regular files inside the repository are read: a link leaving it, a
 * directory where a file belongs, an unexpected file or folder, a file over the size limit or one that is not UTF-8
 * all throw UnreadableConfigError naming the file (never what a link points to). A missing catalog or task-class file
 * is left out (loadConfig reports it).
 */
export function readConfigDir(root: string): ReadonlyMap<string, string> {
  const files = new Map<string, string>();
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    throw new UnreadableConfigError(root, "the directory does not exist");
  }
  const inside = (rel: string): boolean => {
    let real: string;
    try {
      real = realpathSync(join(root, rel));
    } catch {
      throw new UnreadableConfigError(rel, "a link to a file that does not exist");
    }
    const r = relative(realRoot, real);
    return r === "" || (!r.startsWith("..") && !isAbsolute(r));
  };
  const kind = (rel: string): "file" | "dir" | "missing" | "other" => {
    let st;
    try {
      st = lstatSync(join(root, rel));
    } catch {
      return "missing";
    }
    if (st.isSymbolicLink()) {
      if (!inside(rel))
        throw new UnreadableConfigError(rel, "a symbolic link to a path outside the repository; config is read only from inside it");
      st = statSync(join(root, rel));
    }
    return st.isFile() ? "file" : st.isDirectory() ? "dir" : "other";
  };
  const read = (rel: string) => {
    const k = kind(rel);
    if (k === "missing") return;
    if (k === "dir") throw new UnreadableConfigError(rel, "a directory where a YAML file was expected");
    if (k === "other") throw new UnreadableConfigError(rel, "not a regular file (expected a YAML file)");
    const size = statSync(join(root, rel)).size;
    if (size > MAX_CONFIG_FILE_BYTES) {
      throw new UnreadableConfigError(
        rel,
        `the file is ${size} bytes, over the limit of ${MAX_CONFIG_FILE_BYTES} bytes (1 MiB) per config file`,
      );
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(root, rel));
    } catch (e) {
      throw new UnreadableConfigError(rel, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
    }
    files.set(rel, decodeConfigText(rel, bytes));
  };
  const entries = (rel: string): string[] => {
    const k = kind(rel);
    if (k === "missing") return [];
    if (k !== "dir") throw new UnreadableConfigError(rel, "expected a directory, but found a file");
    return readdirSync(join(root, rel)).sort();
  };
  const known = new Set([MODELS_FILE, TASK_CLASSES_FILE, ENVIRONMENTS_DIR]);
  for (const n of entries(CONFIG_DIR)) {
    const rel = `${CONFIG_DIR}/${n}`;
    if (!known.has(rel)) {
      throw new UnreadableConfigError(
        rel,
        `unexpected ${kind(rel) === "dir" ? "folder" : "file"} under ${CONFIG_DIR}/ (expected only ${MODELS_FILE}, ${TASK_CLASSES_FILE} and ${ENVIRONMENTS_DIR}/<env>.yaml)`,
      );
    }
  }
  read(MODELS_FILE);
  read(TASK_CLASSES_FILE);
  for (const n of entries(ENVIRONMENTS_DIR)) {
    const rel = `${ENVIRONMENTS_DIR}/${n}`;
    if (kind(rel) === "dir") {
      throw new UnreadableConfigError(
        rel,
        `a folder under ${ENVIRONMENTS_DIR}/ (expected only <env>.yaml files; nested folders are not read)`,
      );
    }
    const problem = environmentFileProblem(n);
    if (problem) throw new UnreadableConfigError(rel, problem);
    read(rel);
  }
  return files;
}

/** Why `name` (an entry of config/environments/) cannot be an environment file, or undefined when it can. */
function environmentFileProblem(name: string): string | undefined {
  const shown = JSON.stringify(name);
  if (/\.yml$/i.test(name)) return `environment files end in .yaml, but found ${shown} (rename it to .yaml; .yml is not read)`;
  if (environmentNameOf(`${ENVIRONMENTS_DIR}/${name}`) !== undefined) return undefined;
  if (!name.endsWith(".yaml")) return `unexpected entry ${shown} under ${ENVIRONMENTS_DIR}/ (expected only <env>.yaml files)`;
  return `environment names come from file names and must be lowercase letters, digits and single hyphens (e.g. prod, eu-west), but found ${shown}`;
}

/** Strict UTF-8 (a UTF-8 byte-order mark is dropped); UTF-16/32 and invalid bytes are refused with their line. */
export function decodeConfigText(file: string, bytes: Uint8Array): string {
  const d = decodeConfigBytes(bytes);
  if ("text" in d) return d.text;
  throw new UnreadableConfigError(file, d.problem, d.line);
}

/** Reads and loads config/ under `root`; `cache` lets many loads share the parse of files they have in common. */
export function loadConfigDir(root: string, cache?: ParseCache): LoadResult {
  return loadConfig(readConfigDir(root), cache);
}
