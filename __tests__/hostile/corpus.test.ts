// The hostile-input corpus: every case in cases/*.ts runs the synth app in-process on a copy of the sample project
// and must be refused the same way: exit 1 or 2, one line naming file[:line] and path with expected/found words,
// one finding per root cause, every line free of raw control or bidirectional characters, no stack trace, and an
// existing cdktf.out (and everything else in the project) left byte-identical.
// The synth app is io/synth-app.ts, what the synth command (and so main.ts) runs; called directly so that the files the
// cases did not edit are parsed once for the corpus.
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { sampleFiles, writeFiles } from "../../fixtures/builder";
import { runSynthApp } from "../../io/synth-app";
import type { ParseCache } from "../../routing/config/loader";
import type { CaseEdit, HostileCase } from "./case";

const CASES_DIR = join(__dirname, "cases");
const MARKER = "cdktf.out/known-bytes.json";
const MARKER_BYTES = Buffer.from('{"keep":"these bytes"}\n');

const corpus: HostileCase[] = readdirSync(CASES_DIR)
  .filter((f) => f.endsWith(".ts"))
  .sort()
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- cases are discovered at run time
  .flatMap((f) => (require(join(CASES_DIR, f)) as { cases: HostileCase[] }).cases);

function apply(root: string, edit: CaseEdit): void {
  if ("write" in edit) {
    mkdirSync(dirname(join(root, edit.write)), { recursive: true });
    writeFileSync(join(root, edit.write), edit.content);
  } else if ("edit" in edit) {
    writeFileSync(join(root, edit.edit), edit.change(readFileSync(join(root, edit.edit), "utf8")));
  } else if ("remove" in edit) {
    rmSync(join(root, edit.remove), { recursive: true, force: true });
  } else if ("mkdir" in edit) {
    mkdirSync(join(root, edit.mkdir), { recursive: true });
  } else if ("fifo" in edit) {
    mkdirSync(dirname(join(root, edit.fifo)), { recursive: true });
    if (spawnSync("mkfifo", [join(root, edit.fifo)]).status !== 0) throw new Error(`mkfifo ${edit.fifo} failed`);
  } else {
    mkdirSync(dirname(join(root, edit.link)), { recursive: true });
    symlinkSync(edit.target, join(root, edit.link));
  }
}

/** Raw control characters, line separators, bidirectional and invisible format characters. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

/** Every path under `root` with its kind and, for files, its bytes (links are not followed; FIFOs are not read). */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(root, path));
      if (st.isDirectory()) {
        out[path] = "dir";
        walk(path);
      } else if (st.isFile()) out[path] = readFileSync(join(root, path)).toString("base64");
      else out[path] = st.isSymbolicLink() ? `link ${readlinkSync(join(root, path))}` : "other";
    }
  };
  walk("");
  return out;
}

/** The sample's config/ files, read once: writing them per case is cheaper than copying the directory. */
const SAMPLE = sampleFiles();

/** Files the cases did not edit are parsed once for the whole corpus (results are never mutated). */
const parsed: ParseCache = new Map();

let base: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), "fr-hostile-"));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe("hostile corpus", () => {
  it("has unique names", () => {
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
  });

  it.each(corpus.map((c) => [`${c.category}: ${c.name}`, c] as const))("%s is refused cleanly", (_label, c) => {
    // GIVEN the sample project with the case's edits and an existing cdktf.out
    const root = mkdtempSync(join(base, "case-"));
    writeFiles(root, SAMPLE);
    mkdirSync(join(root, "cdktf.out"));
    writeFileSync(join(root, MARKER), MARKER_BYTES);
    for (const e of c.edits) apply(root, e);
    const before = snapshot(root);
    let out = "";
    let err = "";
    // WHEN synth runs on it
    const code = runSynthApp({ stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd: root, env: {} }, parsed);
    // THEN it is refused with the expected exit code and one line that says where and what
    expect({ code, err }).toMatchObject({ code: c.expect.exit });
    expect(out).toBe("");
    expect(err).not.toContain("    at ");
    expect(err).not.toContain("internal error");
    expect(err.replace(/\n/g, "")).not.toMatch(UNSAFE);
    // One root cause, one finding (the summary line and "nothing was written" are not findings).
    const problems = err.split("\n").filter((l) => /^error[ :]/.test(l) && l !== "error: nothing was written");
    expect({ err, findings: problems.length }).toEqual({ err, findings: c.expect.findings ?? 1 });
    const where = c.expect.line === undefined ? c.expect.file : `${c.expect.file}:${c.expect.line}`;
    const lines = err.split("\n").filter((l) => l.includes(where));
    const hit = lines.find((l) => (c.expect.path === undefined || l.includes(c.expect.path)) && c.expect.words.every((w) => l.includes(w)));
    expect({ err, hit: hit !== undefined }).toEqual({ err, hit: true });
    if (c.expect.rule !== undefined) expect(hit).toContain(c.expect.rule);
    if (c.expect.line !== undefined) expect(hit).toMatch(new RegExp(`${c.expect.file.replace(/[.]/g, "\\.")}:${c.expect.line}\\b`));
    // AND nothing was written
    expect(readdirSync(join(root, "cdktf.out"))).toEqual(["known-bytes.json"]);
    expect(readFileSync(join(root, MARKER)).equals(MARKER_BYTES)).toBe(true);
    expect(snapshot(root)).toEqual(before);
  });
});
