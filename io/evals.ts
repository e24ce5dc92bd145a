// Reading and writing eval files: evidence under evals/ (from disk or a git revision), the generated Promptfoo
// config, Promptfoo's results. The logic is in routing/evals/; this module only moves bytes.
import { lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { EVALS_DIR, MAX_EVIDENCE_FILE_BYTES, oversizedEvidence, unreadableEvidence } from "../routing/evals/evidence";
import { CliError, EXIT } from "../cli/command";
import { blobsAt, readSmallBlobs, resolveRev } from "./git";

/**
 * The evidence files under `<root>/evals/` by repository-relative path (`evals/…/*.json`), sorted; none when the
 * directory is absent. Links and other non-regular files are skipped: evidence is plain files in the repository.
 */
export function readEvidenceFiles(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    let names: string[];
    try {
      names = readdirSync(join(root, rel)).sort();
    } catch {
      return;
    }
    for (const n of names) {
      const child = `${rel}/${n}`;
      const st = lstatSync(join(root, child));
      if (st.isDirectory()) walk(child);
      else if (st.isFile() && n.endsWith(".json")) {
        out.set(child, st.size > MAX_EVIDENCE_FILE_BYTES ? oversizedEvidence(st.size) : evidenceText(readFileSync(join(root, child))));
      }
    }
  };
  walk(EVALS_DIR);
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The evidence files at a git revision (no checkout). */
export function evidenceFilesAt(repo: string, rev: string): Map<string, string> {
  const blobs = blobsAt(repo, resolveRev(repo, rev), EVALS_DIR);
  const json = [...blobs].filter(([p]) => p.endsWith(".json")).sort(([a], [b]) => (a < b ? -1 : 1));
  const { texts, oversized } = readSmallBlobs(
    repo,
    json.map(([, sha]) => sha),
    MAX_EVIDENCE_FILE_BYTES,
  );
  return new Map(json.map(([p, sha]) => [p, texts.get(sha) ?? oversizedEvidence(oversized.get(sha) ?? 0)]));
}

/** Strict UTF-8, or the marker readEvidence reports as unreadable. */
function evidenceText(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return unreadableEvidence("cannot be read: not UTF-8 text (expected a file written by foundry-routes eval import)");
  }
}

/** Reads a file the user named; a missing or unreadable one is a usage error naming it. */
export function readUserFile(file: string, shownAs: string, what: string): string {
  let st;
  try {
    st = statSync(file);
  } catch {
    throw new CliError(`${shownAs}: no such file (expected ${what})`, EXIT.usage);
  }
  if (!st.isFile()) throw new CliError(`${shownAs}: not a regular file (expected ${what})`, EXIT.usage);
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new CliError(`${shownAs}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, EXIT.usage);
  }
}

/**
 * Writes every file (absolute path → text) or none: each is written next to its target under a temporary name
 * first, then all are renamed into place.
 */
export function writeAll(files: ReadonlyMap<string, string>): void {
  const staged: [string, string][] = [];
  try {
    for (const [file, text] of files) {
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.tmp-${process.pid}`;
      writeFileSync(tmp, text);
      staged.push([tmp, file]);
    }
  } catch (e) {
    for (const [tmp] of staged) rmSync(tmp, { force: true });
    throw new CliError(`cannot write ${(e as NodeJS.ErrnoException).path ?? "output"}: ${(e as Error).message}`, EXIT.usage);
  }
  for (const [tmp, file] of staged) renameSync(tmp, file);
}
