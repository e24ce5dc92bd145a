// Reading config/ from disk. For a command, a missing directory is a user error (exit 2), not a list of "file not found" findings.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  CONFIG_DIR,
  type ConfigFiles,
  ENVIRONMENTS_DIR,
  type LoadResult,
  MODELS_FILE,
  TASK_CLASSES_FILE,
  UnreadableConfigError,
  environmentNameOf,
  loadConfig,
} from "../routing/config/loader";
import { CliError, EXIT } from "../cli/command";

/** Reads config/ under `root`; throws CliError (exit 2) when there is no config directory there or a file cannot be read. */
export function readConfigFiles(root: string): ConfigFiles {
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
      EXIT.USAGE,
    );
  }
  try {
    return readConfigDir(root);
  } catch (e) {
    if (e instanceof UnreadableConfigError) throw new CliError(e.message, EXIT.USAGE);
    throw e;
  }
}

/** Environment names present in `files`, sorted. */
export function environmentNames(files: ConfigFiles): string[] {
  return [...files.keys()].flatMap((f) => environmentNameOf(f) ?? []).sort();
}

/** Only the catalog, the task classes and one environment: validating one environment ignores the others. */
export function onlyEnvironment(files: ConfigFiles, env: string): ConfigFiles {
  return new Map([...files].filter(([file]) => !file.startsWith(`${ENVIRONMENTS_DIR}/`) || environmentNameOf(file) === env));
}

/** Reads config/ under `root` into memory. A missing file is left out (loadConfig reports it); an unreadable one throws. */
export function readConfigDir(root: string): ConfigFiles {
  const files = new Map<string, string>();
  const read = (rel: string) => {
    try {
      files.set(rel, readFileSync(join(root, rel), "utf8"));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT" && !rel.startsWith(`${ENVIRONMENTS_DIR}/`)) return;
      throw new UnreadableConfigError(rel, code === "ENOENT" ? "a link to a file that does not exist" : (code ?? (e as Error).message));
    }
  };
  read(MODELS_FILE);
  read(TASK_CLASSES_FILE);
  let names: string[] = [];
  try {
    names = readdirSync(join(root, ENVIRONMENTS_DIR)).sort();
  } catch {
    /* no environments: loadConfig reports it */
  }
  for (const n of names) {
    const rel = `${ENVIRONMENTS_DIR}/${n}`;
    let isDir = false;
    try {
      isDir = statSync(join(root, rel)).isDirectory();
    } catch {
      /* a dangling link: read() reports it */
    }
    if (!isDir) read(rel);
  }
  return files;
}

export function loadConfigDir(root: string): LoadResult {
  return loadConfig(readConfigDir(root));
}
