// Reading config/ for a command: a missing directory is a user error (exit 2), not a list of "file not found" findings.
import { statSync } from "node:fs";
import { join } from "node:path";
import { CONFIG_DIR, ConfigFiles, ENVIRONMENTS_DIR, UnreadableConfigError, environmentNameOf, readConfigDir } from "../routing/loader";
import { CliError, EXIT } from "./command";

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
    throw new CliError(`no ${CONFIG_DIR}/ directory in ${root} (expected ${dir} to be a directory; run from the repository root or pass --config-root DIR)`, EXIT.USAGE);
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
