// The eval gate (FR-EVAL-1..5): a passing and a failing case for each condition.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readEvidenceFiles } from "../../io/evals";
import { evalGateOf } from "../../routing/config/schema";
import { evalGate } from "../../routing/evals/gate";
import { validateEvidence } from "../../routing/validate";
import { DEV, TASK_CLASSES, load, sampleFiles } from "../../fixtures/builder";
import { evidenceFile, splitGeneralChat } from "./helpers";

const base = load(sampleFiles());
const NOW = new Date("2026-06-10T00:00:00.000Z");
const ids = (fs: readonly { rule: string }[]) => fs.map((f) => f.rule);
const REQUIRED: Record<string, readonly [string, string]> = {
  [TASK_CLASSES]: ["  - id: general-chat\n", "  - id: general-chat\n    evalGate: { required: true }\n"],
};

describe("eval gate", () => {
  test("a share increase backed by fresh, passing evidence passes", () => {
    // GIVEN general-chat moving 0% → 50% to eus2/gpt-4o-mini, with evidence at 100%, 9 days old
    const head = splitGeneralChat(50, 50);
    // WHEN the gate runs
    const findings = validateEvidence({ base, head, evidence: new Map([evidenceFile()]), now: NOW });
    // THEN nothing is found, and the check says ok with the pass rate and age
    expect(findings).toEqual([]);
    expect(evalGate({ base, head, evidence: new Map([evidenceFile()]), now: NOW })).toEqual([
      expect.objectContaining({ deployment: "eus2/gpt-4o-mini", before: 0, after: 50, status: "ok", passRate: 1, ageDays: 8 }),
    ]);
  });

  test("a pass rate below the class's minimum is an error (FR-EVAL-3); at the minimum it passes", () => {
    // GIVEN evidence at 80% and at 90% (the default minimum)
    const head = splitGeneralChat(50, 50);
    const low = validateEvidence({ base, head, evidence: new Map([evidenceFile({ passRate: 0.8 })]), now: NOW });
    const atMin = validateEvidence({ base, head, evidence: new Map([evidenceFile({ passRate: 0.9 })]), now: NOW });
    // THEN only the low one fails, at the route's target, naming rate, minimum and file
    expect(low).toEqual([
      expect.objectContaining({
        rule: "FR-EVAL-3",
        level: "error",
        file: DEV,
        path: "routes[13].targets[1].deployment",
        message: expect.stringMatching(
          /0% → 50%.*evals\/dev\/general-chat\/eus2\/gpt-4o-mini\.json shows a pass rate of 80% \(8\/10\), below the class's minimum 90%/,
        ),
      }),
    ]);
    expect(low[0]!.line).toBeGreaterThan(0);
    expect(atMin).toEqual([]);
  });

  test("evalGate.minPassRate on the class sets the threshold", () => {
    // GIVEN a class minimum of 0.75 and evidence at 80%
    const head = splitGeneralChat(50, 50, {
      [TASK_CLASSES]: ["  - id: general-chat\n", "  - id: general-chat\n    evalGate: { minPassRate: 0.75 }\n"],
    });
    // THEN it passes
    expect(validateEvidence({ base, head, evidence: new Map([evidenceFile({ passRate: 0.8 })]), now: NOW })).toEqual([]);
  });

  test("evidence older than maxAgeDays is stale (FR-EVAL-4); within it passes", () => {
    const head = splitGeneralChat(50, 50);
    const evidence = new Map([evidenceFile({ evaluatedAt: "2026-04-01T00:00:00.000Z" })]);
    // WHEN measured 70 days later (default max 30) THEN stale; with maxAgeDays 90 THEN fine
    expect(ids(validateEvidence({ base, head, evidence, now: NOW }))).toEqual(["FR-EVAL-4"]);
    expect(validateEvidence({ base, head, evidence, now: NOW })[0]!.message).toMatch(
      /is 70 days old \(evaluated 2026-04-01T00:00:00.000Z\); the class accepts at most 30/,
    );
    const lenient = splitGeneralChat(50, 50, {
      [TASK_CLASSES]: ["  - id: general-chat\n", "  - id: general-chat\n    evalGate: { maxAgeDays: 90 }\n"],
    });
    expect(validateEvidence({ base, head: lenient, evidence, now: NOW })).toEqual([]);
  });

  test("evidence of another model version is stale (FR-EVAL-4)", () => {
    const head = splitGeneralChat(50, 50);
    const evidence = new Map([evidenceFile({ version: "2024-01-01" })]);
    expect(validateEvidence({ base, head, evidence, now: NOW })).toEqual([
      expect.objectContaining({
        rule: "FR-EVAL-4",
        message: expect.stringContaining("measured gpt-4o-mini@2024-01-01, but eus2/gpt-4o-mini now runs gpt-4o-mini@2024-07-18"),
      }),
    ]);
  });

  test("a hand-edited evidence file is an error (FR-EVAL-5), also without a route change", () => {
    // GIVEN the evidence with its pass rate raised by hand
    const [path, text] = evidenceFile({ passRate: 0.5 });
    const tampered = new Map([[path, text.replace('"passRate": 0.5', '"passRate": 1')]]);
    const head = splitGeneralChat(50, 50);
    // WHEN review (base → head) and validate (no base) run THEN both report FR-EVAL-5 on the file
    expect(ids(validateEvidence({ base, head, evidence: tampered, now: NOW }))).toEqual(["FR-EVAL-5"]);
    expect(validateEvidence({ head: base, evidence: tampered })).toEqual([
      expect.objectContaining({
        rule: "FR-EVAL-5",
        level: "error",
        file: path,
        message: expect.stringMatching(/does not match its contentSha256.*edited by hand/),
      }),
    ]);
    expect(evalGate({ base, head, evidence: tampered, now: NOW })[0]!.status).toBe("tampered");
    // AND the untouched file verifies
    expect(validateEvidence({ head: base, evidence: new Map([[path, text]]) })).toEqual([]);
  });

  test("an evidence file too large or not UTF-8 is an error saying so, not a parse of it (FR-EVAL-5)", () => {
    // GIVEN evals/ with a 300 KB file and a file with an invalid byte
    const root = mkdtempSync(join(tmpdir(), "fr-evals-"));
    try {
      mkdirSync(join(root, "evals", "dev", "general-chat", "eus2"), { recursive: true });
      writeFileSync(join(root, "evals", "dev", "general-chat", "eus2", "big.json"), " ".repeat(300 * 1024));
      writeFileSync(join(root, "evals", "dev", "general-chat", "eus2", "bytes.json"), Buffer.from([0x7b, 0xff, 0x7d]));
      // WHEN the files are read and checked
      const found = validateEvidence({ head: base, evidence: readEvidenceFiles(root) });
      // THEN one FR-EVAL-5 each, naming why the file was not read
      expect(found.map((f) => [f.rule, f.file, f.message])).toEqual([
        ["FR-EVAL-5", "evals/dev/general-chat/eus2/big.json", "is 307200 bytes, over the 256 KiB an evidence file may have (not read)"],
        [
          "FR-EVAL-5",
          "evals/dev/general-chat/eus2/bytes.json",
          "cannot be read: not UTF-8 text (expected a file written by foundry-routes eval import)",
        ],
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test("an evidence file at another deployment's path is an error (FR-EVAL-5)", () => {
    const [, text] = evidenceFile();
    const moved = new Map([["evals/dev/general-chat/eus2/gpt-4o.json", text]]);
    expect(validateEvidence({ head: base, evidence: moved })).toEqual([
      expect.objectContaining({
        rule: "FR-EVAL-5",
        message: expect.stringContaining("belongs at evals/dev/general-chat/eus2/gpt-4o-mini.json"),
      }),
    ]);
  });

  test("missing evidence is a warning (FR-EVAL-1) where the class does not require it", () => {
    const head = splitGeneralChat(50, 50);
    expect(validateEvidence({ base, head, evidence: new Map(), now: NOW })).toEqual([
      expect.objectContaining({
        rule: "FR-EVAL-1",
        level: "warning",
        message: expect.stringContaining("no evidence file evals/dev/general-chat/eus2/gpt-4o-mini.json"),
      }),
    ]);
  });

  test("missing evidence is an error (FR-EVAL-2) where evalGate.required is true; evidence satisfies it", () => {
    const head = splitGeneralChat(50, 50, REQUIRED);
    expect(validateEvidence({ base, head, evidence: new Map(), now: NOW })).toEqual([
      expect.objectContaining({ rule: "FR-EVAL-2", level: "error", message: expect.stringContaining("requires evidence") }),
    ]);
    expect(validateEvidence({ base, head, evidence: new Map([evidenceFile()]), now: NOW })).toEqual([]);
  });

  test("provenance-required classes require evidence by default", () => {
    const cls = base.taskClasses.classes;
    expect(evalGateOf(cls.find((c) => c.id === "document-drafting")!)).toEqual({ minPassRate: 0.9, maxAgeDays: 30, required: true });
    expect(evalGateOf(cls.find((c) => c.id === "general-chat")!)).toEqual({ minPassRate: 0.9, maxAgeDays: 30, required: false });
  });

  test("a share decrease or an unchanged share needs nothing, even where evidence is required", () => {
    // GIVEN general-chat split 50/50 at base (evidence required) and 70/30 at head
    const split = splitGeneralChat(50, 50, REQUIRED);
    const lessMini = splitGeneralChat(70, 30, REQUIRED);
    // WHEN gpt-4o-mini goes 50% → 30% THEN only model-router (50% → 70%) needs evidence
    expect(evalGate({ base: split, head: lessMini, evidence: new Map(), now: NOW }).map((c) => [c.deployment, c.before, c.after])).toEqual([
      ["eus2/model-router", 50, 70],
    ]);
    // AND no change at all needs nothing
    expect(validateEvidence({ base: split, head: split, evidence: new Map(), now: NOW })).toEqual([]);
  });
});
