// The hostile-input corpus: every case in cases/*.ts runs the synth app in-process on a copy of the sample project
// and must be refused the same way: exit 1 or 2, one line naming file[:line] and path with expected/found words,
// no stack trace, and an existing cdktf.out left byte-identical.
// The synth app is io/synth-app.ts (what main.ts runs); switch to runCli(["synth"]) once that command exists.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runSynthApp } from "../../io/synth-app";
import type { CaseEdit, HostileCase } from "./case";

const REPO = join(__dirname, "..", "..");
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
  } else {
    mkdirSync(dirname(join(root, edit.link)), { recursive: true });
    symlinkSync(edit.target, join(root, edit.link));
  }
}

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
    cpSync(join(REPO, "config"), join(root, "config"), { recursive: true });
    mkdirSync(join(root, "cdktf.out"));
    writeFileSync(join(root, MARKER), MARKER_BYTES);
    for (const e of c.edits) apply(root, e);
    let out = "";
    let err = "";
    // WHEN synth runs on it
    const code = runSynthApp({ stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd: root, env: {} });
    // THEN it is refused with the expected exit code and one line that says where and what
    expect({ code, err }).toMatchObject({ code: c.expect.exit });
    expect(out).toBe("");
    expect(err).not.toContain("    at ");
    expect(err).not.toContain("internal error");
    const where = c.expect.line === undefined ? c.expect.file : `${c.expect.file}:${c.expect.line}`;
    const lines = err.split("\n").filter((l) => l.includes(where) && (c.expect.line !== undefined || true));
    const hit = lines.find((l) => (c.expect.path === undefined || l.includes(c.expect.path)) && c.expect.words.every((w) => l.includes(w)));
    expect({ err, hit: hit !== undefined }).toEqual({ err, hit: true });
    if (c.expect.rule !== undefined) expect(hit).toContain(c.expect.rule);
    if (c.expect.line !== undefined) expect(hit).toMatch(new RegExp(`${c.expect.file.replace(/[.]/g, "\\.")}:${c.expect.line}\\b`));
    // AND nothing was written
    expect(readdirSync(join(root, "cdktf.out"))).toEqual(["known-bytes.json"]);
    expect(readFileSync(join(root, MARKER)).equals(MARKER_BYTES)).toBe(true);
    expect(readdirSync(root).sort()).toEqual(["cdktf.out", "config"]);
  });
});
