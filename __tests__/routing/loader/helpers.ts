// Shared handling for loader tests: the smallest valid config (fixtures/presets.ts) as files, edits of its text,
// and a copy of it on disk.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { smallestConfig, toFiles, withEdits, writeFiles } from "../../../fixtures/builder";
import { type ConfigFiles } from "../../../routing/config/loader";
import type { Finding } from "../../../routing/findings";

export { DEV, MODELS, TASK_CLASSES } from "../../../fixtures/builder";

/** The smallest valid config as in-memory config files: one model, one task class, environment dev. */
export function validFiles(): Map<string, string> {
  return toFiles(smallestConfig());
}

/** The valid config with one file's text replaced. */
export function withFile(file: string, text: string): ConfigFiles {
  const files = validFiles();
  files.set(file, text);
  return files;
}

/** The valid config with `from` replaced by `to` in one file; throws if `from` is not there, so an edit cannot silently miss. */
export function withEdit(file: string, from: string, to: string): { files: ConfigFiles; text: string } {
  const files = withEdits(validFiles(), { [file]: [from, to] });
  return { files, text: files.get(file)! };
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

/** The valid config written to a temporary directory; remove it with `cleanup`. */
export function tempCopyOfValid(): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), "foundry-routes-loader-"));
  writeFiles(root, validFiles());
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
