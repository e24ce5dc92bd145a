// Shared fixture handling for loader tests: a small valid config on disk, and edits of it built in code.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ConfigFiles } from "../../../routing/config/loader";
import { readConfigDir } from "../../../io/config-files";
import type { Finding } from "../../../routing/findings";

/** Directory whose config/ is the smallest valid config: one model, one task class, environment dev. */
export const VALID_FIXTURE = join(__dirname, "fixtures", "valid");

export const MODELS = "config/models.yaml";
export const TASK_CLASSES = "config/task-classes.yaml";
export const DEV = "config/environments/dev.yaml";

/** The valid fixture as in-memory config files. */
export function validFiles(): Map<string, string> {
  return new Map(readConfigDir(VALID_FIXTURE));
}

/** The valid fixture with one file's text replaced. */
export function withFile(file: string, text: string): ConfigFiles {
  const files = validFiles();
  files.set(file, text);
  return files;
}

/** The valid fixture with `from` replaced by `to` in one file; throws if `from` is not there, so an edit cannot silently miss. */
export function withEdit(file: string, from: string, to: string): { files: ConfigFiles; text: string } {
  const before = validFiles().get(file);
  if (before === undefined || !before.includes(from)) throw new Error(`fixture ${file} does not contain ${JSON.stringify(from)}`);
  const text = before.replace(from, to);
  return { files: withFile(file, text), text };
}

/** 1-based line of the first occurrence of `needle` in `text`. */
export function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  if (at === -1) throw new Error(`${JSON.stringify(needle)} not in text`);
  return text.slice(0, at).split("\n").length;
}

/** The one finding for `file`; fails loudly with all findings when there is not exactly one. */
export function onlyFinding(errors: readonly Finding[], file: string): Finding {
  const hits = errors.filter((f) => f.file === file);
  if (hits.length !== 1) throw new Error(`expected one finding for ${file}, got:\n${JSON.stringify(errors, null, 2)}`);
  return hits[0]!;
}

/** A temporary copy of the valid fixture on disk; remove it with `cleanup`. */
export function tempCopyOfValid(): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), "foundry-routes-loader-"));
  cpSync(VALID_FIXTURE, root, { recursive: true });
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
