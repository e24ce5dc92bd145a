// Reading config/ from disk. For a command, a missing directory is a user error (exit 2), not a list of "file not found" findings.
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join, sep } from "node:path";
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
      EXIT.usage,
    );
  }
  try {
    return readConfigDir(root);
  } catch (e) {
    if (e instanceof UnreadableConfigError) throw new CliError(e.message, EXIT.usage);
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

/** A config file may be at most this large: the sample's largest is about 25 KiB; a 10 MB file is refused unread. */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

/**
 * Reads config/ under `root` into memory, as regular files inside `root` only. The layout is closed: models.yaml,
 * task-classes.yaml and environments/<name>.yaml; anything else under config/ is refused by name, never ignored
 * (a `.yml` or misnamed environment file is read and refused by the loader, naming the expected form). A link whose target leaves `root` is refused without reading or quoting the target.
 * A missing catalog or task-class file is left out (loadConfig reports it). Every problem is reported, one per line.
 */
export function readConfigDir(root: string): ConfigFiles {
  const files = new Map<string, string>();
  const problems: string[] = [];
  const top = realpathOrSelf(root);
  const inside = (p: string) => p === top || p.startsWith(top.endsWith(sep) ? top : top + sep);
  /** The kind of entry at `rel`, following a link only when its target stays inside the repository. */
  const kind = (rel: string): "file" | "dir" | "missing" | "other" | "refused" => {
    const abs = join(root, rel);
    let st;
    try {
      st = lstatSync(abs);
    } catch {
      return "missing";
    }
    if (st.isSymbolicLink()) {
      let target: string;
      try {
        target = realpathSync(abs);
      } catch {
        problems.push(`${rel}: is a link to a file that does not exist (expected a regular file)`);
        return "refused";
      }
      if (!inside(target)) {
        problems.push(`${rel}: is a symbolic link that leaves the repository (expected a regular file inside it); not read`);
        return "refused";
      }
      st = statSync(abs);
    }
    return st.isFile() ? "file" : st.isDirectory() ? "dir" : "other";
  };
  const read = (rel: string, required: boolean) => {
    const k = kind(rel);
    if (k === "refused") return;
    if (k === "missing") {
      if (required) problems.push(`${rel}: is missing`);
      return;
    }
    if (k !== "file") {
      problems.push(`${rel}: is ${k === "dir" ? "a directory" : "not a regular file"} (expected a YAML file)`);
      return;
    }
    const abs = join(root, rel);
    try {
      const size = statSync(abs).size;
      if (size > MAX_CONFIG_FILE_BYTES) {
        problems.push(`${rel}: is ${size} bytes; the limit is ${MAX_CONFIG_FILE_BYTES} bytes per config file`);
        return;
      }
      const decoded = decodeUtf8(readFileSync(abs));
      if (typeof decoded === "string") files.set(rel, decoded);
      else problems.push(`${rel}${decoded.line ? `:${decoded.line}` : ""}: ${decoded.problem}`);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push(`${rel}: cannot read (${code ?? (e as Error).message})`);
    }
  };
  const configKind = kind(CONFIG_DIR);
  if (configKind === "missing") return files;
  if (configKind !== "dir") {
    if (configKind !== "refused") problems.push(`${CONFIG_DIR}: is not a directory (expected the config directory)`);
    throw new UnreadableConfigError(problems);
  }
  read(MODELS_FILE, false);
  read(TASK_CLASSES_FILE, false);
  const known = new Set([MODELS_FILE, TASK_CLASSES_FILE, ENVIRONMENTS_DIR].map((p) => p.slice(CONFIG_DIR.length + 1)));
  for (const name of listDir(join(root, CONFIG_DIR))) {
    if (!known.has(name))
      problems.push(`${CONFIG_DIR}/${quoteName(name)}: unexpected entry in ${CONFIG_DIR}/ (expected only ${[...known].join(", ")})`);
  }
  const envKind = kind(ENVIRONMENTS_DIR);
  if (envKind === "dir") {
    for (const name of listDir(join(root, ENVIRONMENTS_DIR))) {
      const rel = `${ENVIRONMENTS_DIR}/${name}`;
      // A .yml or badly named file is read, so the loader refuses it by name as a finding.
      if (!/\.ya?ml$/.test(name)) {
        problems.push(`${ENVIRONMENTS_DIR}/${quoteName(name)}: unexpected entry (expected only <environment>.yaml files, no folders)`);
      } else read(rel, true);
    }
  } else if (envKind !== "missing" && envKind !== "refused") {
    problems.push(`${ENVIRONMENTS_DIR}: is not a directory (expected a folder of <environment>.yaml files)`);
  }
  if (problems.length > 0) throw new UnreadableConfigError(problems);
  return files;
}

function realpathOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** A file name as it may appear in a message: control characters escaped so one problem stays one line. */
function quoteName(name: string): string {
  return /^[\x20-\x7e]*$/.test(name) ? name : JSON.stringify(name).slice(1, -1);
}

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Strict UTF-8 (a UTF-8 byte-order mark is accepted and dropped); UTF-16 and UTF-32 are named as such. */
export function decodeUtf8(bytes: Uint8Array): string | { problem: string; line?: number } {
  const b = bytes;
  const utf = (name: string) => ({ problem: `is ${name} text (expected UTF-8; re-save the file as UTF-8)` });
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return utf("UTF-32 LE");
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return utf("UTF-32 BE");
  if (b[0] === 0xff && b[1] === 0xfe) return utf("UTF-16 LE");
  if (b[0] === 0xfe && b[1] === 0xff) return utf("UTF-16 BE");
  if (b.length >= 4 && b[1] === 0 && b[3] === 0 && b[0] !== 0) return utf("UTF-16 LE (no byte-order mark)");
  if (b.length >= 4 && b[0] === 0 && b[2] === 0 && b[1] !== 0) return utf("UTF-16 BE (no byte-order mark)");
  let text: string;
  try {
    text = UTF8.decode(b);
  } catch {
    const at = firstInvalidUtf8(b);
    const line = 1 + b.subarray(0, at).filter((c) => c === 0x0a).length;
    return { problem: `invalid UTF-8 byte 0x${(b[at] ?? 0).toString(16).padStart(2, "0")} at byte ${at} (expected UTF-8 text)`, line };
  }
  const nul = text.indexOf("\u0000");
  if (nul !== -1)
    return { problem: "contains a NUL character (expected UTF-8 text)", line: 1 + (text.slice(0, nul).match(/\n/g)?.length ?? 0) };
  return text;
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    const n = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
    if (n === 0) return i;
    if (n > 1) {
      try {
        UTF8.decode(b.subarray(i, i + n));
      } catch {
        return i;
      }
    }
    i += n;
  }
  return b.length;
}

export function loadConfigDir(root: string): LoadResult {
  return loadConfig(readConfigDir(root));
}
