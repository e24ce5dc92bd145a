// history and at show the eval evidence of each commit, read from git at that commit (never the working tree):
// a weight shift with good evidence, one with none, one with a hand-edited file; and hostile evidence in history
// (oversized, nested too deeply, not JSON, a link) is a status, never a crash.
import { symlinkSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { type AtJson, type HistoryJson, cli, cliJson } from "../audit/cli";
import { TempRepo } from "../audit/gitfixture";
import { CHAT_FILE, buildEvidenceStory, chatEvidence, spec } from "../audit/evidence-scenario";
import { STACK_FRAME } from "../cli/helpers";

let repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos) r.cleanup();
  repos = [];
});

test("history shows, per share increase, the evidence of that commit: ok, none, tampered; the working tree is not read", async () => {
  // GIVEN the evidence story (__tests__/audit/evidence-scenario.ts), and a working tree whose evidence file is removed after the last commit
  const s = buildEvidenceStory();
  repos.push(s.r);
  unlinkSync(join(s.r.dir, CHAT_FILE));
  // WHEN history runs as JSON and as text
  const h = await cliJson<HistoryJson>(s.r.dir, "history");
  const entry = (sha: string) => h.entries.find((e) => e.commit === sha)!;
  // THEN the evidence-only commit is no entry, and the first routing state needs no evidence
  expect(h.entries.map((e) => e.subject)).toEqual([
    "Initial routing",
    "Send 10% of chat to MAI-DS-R1",
    "Half of drafting to MAI-DS-R1",
    "Half of chat to MAI-DS-R1",
  ]);
  expect(h.entries[0]!.evidence).toEqual([]);
  // AND the 0% → 10% shift is backed by the committed file: pass rate, threshold, age at the commit, hash ok
  expect(entry(s.good).evidence).toEqual([
    expect.objectContaining({
      environment: "prod",
      taskClass: "chat",
      deployment: "eus2/mai-ds-r1",
      before: 0,
      after: 10,
      file: CHAT_FILE,
      status: "ok",
      hash: "ok",
      passRate: 0.9,
      minPassRate: 0.9,
      ageDays: 1,
      evaluatedAt: "2026-07-01T12:00:00.000Z",
      since: expect.objectContaining({ commit: s.added, subject: "Eval evidence for MAI-DS-R1 on chat" }),
    }),
  ]);
  // AND the drafting shift had none
  expect(entry(s.none).evidence).toEqual([
    expect.objectContaining({
      taskClass: "drafting",
      deployment: "eus2/mai-ds-r1",
      before: 0,
      after: 50,
      file: "evals/prod/drafting/eus2/mai-ds-r1.json",
      status: "missing",
      hash: "missing",
      text: "eus2/mai-ds-r1 0% → 50%: no evidence (evals/prod/drafting/eus2/mai-ds-r1.json is not in this commit)",
    }),
  ]);
  expect(entry(s.none).evidence[0]!.passRate).toBeUndefined();
  // AND the hand-edited file is tampered, from the commit that edited it
  expect(entry(s.tampered).evidence).toEqual([
    expect.objectContaining({
      deployment: "eus2/mai-ds-r1",
      before: 10,
      after: 50,
      status: "tampered",
      hash: "tampered",
      problem: expect.stringContaining("does not match its contentSha256"),
      since: expect.objectContaining({ commit: s.tampered }),
    }),
  ]);
  // AND the text output puts the evidence under the change it backs
  const text = await cli(s.r.dir, "history");
  expect(text.code).toBe(0);
  expect(text.out).toContain(
    "  prod chat: eus2/gpt-4o 100% → eus2/gpt-4o 90% / eus2/mai-ds-r1 10% (10% of traffic moves)\n" +
      `    eus2/mai-ds-r1 0% → 10%: evidence ok: ${CHAT_FILE}, pass rate 90% (min 90%), 1 day(s) old at the commit, hash ok\n`,
  );
  expect(text.out).toContain("    eus2/mai-ds-r1 0% → 50%: no evidence (evals/prod/drafting/eus2/mai-ds-r1.json is not in this commit)\n");
  // AND the CSV has one evidence row per share increase
  const csv = await cli(s.r.dir, "history", "--format", "csv", "--task-class", "chat");
  const rows = csv.out.split("\n").filter((l) => l.includes(",evidence,"));
  expect(rows).toHaveLength(2);
  expect(rows[0]).toMatch(new RegExp(`,eus2/mai-ds-r1,${CHAT_FILE},ok,ok,0.9,0.9,1,${s.added}$`));
});

test("at shows the evidence in effect per target at the config revision, with the commit that added it", async () => {
  // GIVEN the evidence story WHEN at runs on 4 July (good evidence committed) and on 5 July (edited by hand)
  const s = buildEvidenceStory();
  repos.push(s.r);
  const routes = async (date: string) => (await cliJson<AtJson>(s.r.dir, "at", "--date", date, "--env", "prod")).environments[0]!.routes;
  const july4 = await routes("2026-07-04");
  const chat = july4.find((r) => r.taskClass === "chat")!;
  // THEN each target gets its file: gpt-4o has none, mai-ds-r1 the verified one with its Promptfoo run
  expect(chat.evidence).toEqual([
    expect.objectContaining({ deployment: "eus2/gpt-4o", file: "evals/prod/chat/eus2/gpt-4o.json", hash: "missing" }),
    expect.objectContaining({
      deployment: "eus2/mai-ds-r1",
      file: CHAT_FILE,
      hash: "ok",
      passRate: 0.9,
      promptfooVersion: "0.121.20",
      evaluatedAt: "2026-07-01T12:00:00.000Z",
      since: expect.objectContaining({ commit: s.added, author: { name: "erin", email: "erin@example.com" } }),
    }),
  ]);
  const july5 = (await routes("2026-07-05")).find((r) => r.taskClass === "chat")!;
  expect(july5.evidence[1]).toEqual(expect.objectContaining({ hash: "tampered", since: expect.objectContaining({ commit: s.tampered }) }));
  // AND the table output names it
  const text = await cli(s.r.dir, "at", "--date", "2026-07-04", "--env", "prod", "--task-class", "chat");
  expect(text.out).toContain(
    `    evidence:  eus2/mai-ds-r1: ${CHAT_FILE}, pass rate 90% (9/10), promptfoo 0.121.20, generated 2026-07-01T12:00:00.000Z, measured mai-ds-r1@2025-01-01, added in ${s.added.slice(0, 7)} by erin on 2026-07-02\n`,
  );
  expect(text.out).toContain("    evidence:  eus2/gpt-4o: no evidence (evals/prod/chat/eus2/gpt-4o.json is not in this commit)\n");
  // AND the CSV carries it on the target's row
  const csv = await cli(s.r.dir, "at", "--date", "2026-07-04", "--env", "prod", "--task-class", "chat", "--format", "csv");
  expect(csv.out).toContain(`,${CHAT_FILE},ok,0.9,0.121.20,2026-07-01T12:00:00.000Z,${s.added}\n`);
});

test("oversized, deeply nested, non-JSON and linked evidence files in history are statuses, not crashes", async () => {
  // GIVEN a commit shifting both classes while four hostile files sit at evidence paths
  const r = TempRepo.create();
  repos.push(r);
  r.writeConfig(spec([["eus2/gpt-4o", 100]]));
  r.commit("Initial routing", { author: "alice", date: "2026-07-01T09:00:00Z" });
  const shifted: [string, number][] = [
    ["eus2/gpt-4o", 50],
    ["eus2/mai-ds-r1", 50],
  ];
  const [, good] = chatEvidence();
  const deep = `{"schema":"foundry-routes/eval-evidence@1","contentSha256":"x","x":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
  r.writeFile(CHAT_FILE, good.replace('"failures": []', `"failures": ["${"x".repeat(300 * 1024)}"]`));
  r.writeFile("evals/prod/drafting/eus2/mai-ds-r1.json", deep);
  r.writeFile("evals/prod/chat/eus2/gpt-4o.json", "not json {");
  r.writeFile("evals/prod/drafting/eus2/gpt-4o.json", "");
  unlinkSync(join(r.dir, "evals/prod/drafting/eus2/gpt-4o.json"));
  symlinkSync("/etc/passwd", join(r.dir, "evals/prod/drafting/eus2/gpt-4o.json"));
  r.writeConfig(spec(shifted, shifted));
  const hostile = r.commit("Shift both", { author: "bob", date: "2026-07-03T09:00:00Z" });
  // WHEN history and at run
  const h = await cli(r.dir, "history", "--format", "json");
  const at = await cli(r.dir, "at", "--date", "2026-07-03", "--format", "json");
  const text = await cli(r.dir, "history");
  // THEN all exit 0 without a stack, and each file is tampered with a reason
  for (const run of [h, at, text]) {
    expect(run.code).toBe(0);
    expect(run.err).not.toMatch(STACK_FRAME);
  }
  const entry = (JSON.parse(h.out) as HistoryJson).entries.find((e) => e.commit === hostile)!;
  const problems = Object.fromEntries(entry.evidence.map((e) => [e.file, [e.hash, e.problem]]));
  expect(problems).toEqual({
    [CHAT_FILE]: ["tampered", expect.stringMatching(/is \d+ bytes, over the 256 KiB an evidence file may have \(not read\)/)],
    "evals/prod/drafting/eus2/mai-ds-r1.json": ["tampered", expect.stringContaining("cannot be read as evidence")],
  });
  const routes = (JSON.parse(at.out) as AtJson).environments[0]!.routes;
  const hashes = routes.flatMap((rt) => rt.evidence.map((e) => [e.file, e.hash, e.problem]));
  expect(hashes).toEqual([
    ["evals/prod/chat/eus2/gpt-4o.json", "tampered", expect.stringContaining("is not JSON")],
    [CHAT_FILE, "tampered", expect.stringContaining("over the 256 KiB")],
    ["evals/prod/drafting/eus2/gpt-4o.json", "tampered", expect.stringContaining("is not JSON")],
    ["evals/prod/drafting/eus2/mai-ds-r1.json", "tampered", expect.stringContaining("cannot be read as evidence")],
  ]);
});
