// Edge cases of the audit commands, each on its own small real repository.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ConfigSpec, compactConfig, toFiles } from "../../fixtures/builder";
import { type AtJson, type HistoryJson, type WhichCommitJson, cli, cliJson, versionAt } from "../audit/cli";
import { TempRepo } from "../audit/gitfixture";

const spec = (chat: [string, number][]): ConfigSpec => ({
  models: [{ id: "gpt-4o" }, { id: "mai-ds-r1", vendor: "microsoft", clean: true }],
  taskClasses: ["chat"],
  envs: {
    prod: {
      deployments: [
        { name: "gpt-4o", model: "gpt-4o" },
        { name: "mai-ds-r1", model: "mai-ds-r1" },
      ],
      routes: [{ taskClass: "chat", targets: chat }],
    },
  },
});

let repos: TempRepo[] = [];
const repo = () => {
  const r = TempRepo.create();
  repos.push(r);
  return r;
};
afterEach(() => {
  for (const r of repos) r.cleanup();
  repos = [];
});

test("a revision the current policy rules reject is still a routing state; --rules shows the errors", async () => {
  // GIVEN weights that sum to 90 (a rule error, not a schema error) after a valid commit
  const r = repo();
  r.writeConfig(spec([["eus2/gpt-4o", 100]]));
  r.commit("Initial", { author: "alice", date: "2026-07-01T09:00:00Z" });
  r.writeConfig(
    spec([
      ["eus2/gpt-4o", 80],
      ["eus2/mai-ds-r1", 10],
    ]),
  );
  const bad = r.commit("Try MAI", { author: "bob", date: "2026-07-02T09:00:00Z" });
  // WHEN history runs without and with --rules
  const plain = (await cliJson<HistoryJson>(r.dir, "history")).entries.find((x) => x.commit === bad)!;
  const checked = (await cliJson<HistoryJson>(r.dir, "history", "--rules")).entries.find((x) => x.commit === bad)!;
  // THEN the revision is valid (it loads), its change and new routing version are shown, and --rules adds the errors
  expect(plain.status).toBe("valid");
  expect(plain.policyErrors).toBeUndefined();
  expect(plain.changes.map((c) => c.kind)).toEqual(["targets-changed"]);
  expect(plain.routingVersions[0]!.after).toBe(versionAt(r.dir, bad, "prod"));
  expect(checked.policyErrors!.length).toBeGreaterThan(0);
  expect(checked.policyErrors!.every((f) => f.file === "config/environments/prod.yaml")).toBe(true);
  const text = await cli(r.dir, "history", "--rules", "--since", "2026-07-02");
  expect(text.out).toContain("fails the current policy rules");
  const csv = await cli(r.dir, "history", "--rules", "--format", "csv", "--since", "2026-07-02");
  expect(csv.out).toContain(`${bad},2026-07-02T09:00:00Z,bob,bob@example.com,Try MAI,valid,false,policy-error,`);
  // AND at shows it as committed, with a note; which-commit finds it
  const at = await cli(r.dir, "at", "--date", "2026-07-03");
  expect(at.out).toContain("Note: this config fails the current policy rules");
  expect(at.out).toContain("eus2/gpt-4o (gpt-4o@2025-01-01) 80% / eus2/mai-ds-r1 (mai-ds-r1@2025-01-01) 10%");
  const which = await cliJson<WhichCommitJson>(r.dir, "which-commit", versionAt(r.dir, bad, "prod")!);
  expect(which.spans[0]!.from.commit).toBe(bad);
});

test("broken YAML is unparseable: reported, and the last valid state stays in effect", async () => {
  const r = repo();
  r.writeConfig(spec([["eus2/gpt-4o", 100]]));
  const first = r.commit("Initial", { author: "alice", date: "2026-07-01T09:00:00Z" });
  r.writeFile("config/task-classes.yaml", "taskClasses: [chat\n");
  const broken = r.commit("Oops", { author: "bob", date: "2026-07-02T09:00:00Z" });
  const e = (await cliJson<HistoryJson>(r.dir, "history")).entries.find((x) => x.commit === broken)!;
  expect(e).toMatchObject({ status: "unparseable", inEffect: first, changes: [], routingVersions: [] });
  expect(e.errors[0]).toMatchObject({ rule: "FR-YAML", file: "config/task-classes.yaml" });
  const t = await cli(r.dir, "history", "--since", "2026-07-02");
  expect(t.out).toContain(`unparseable YAML; routing stays as of ${first.slice(0, 7)}:`);
  const a = await cliJson<AtJson>(r.dir, "at", "--date", "2026-07-03");
  expect([a.lastCommit.commit, a.config.commit]).toEqual([broken, first]);
});

test("changes are dated when they landed (committer date), not when they were written", async () => {
  // GIVEN a commit written on 1 July that landed on main on 10 July
  const r = repo();
  r.writeConfig(spec([["eus2/gpt-4o", 100]]));
  r.commit("Initial", { author: "alice", date: "2026-06-20T09:00:00Z" });
  r.writeConfig(spec([["eus2/mai-ds-r1", 100]]));
  const late = r.commit("Move chat to MAI", {
    author: "bob",
    date: "2026-07-01T09:00:00Z",
    committer: "carol",
    committed: "2026-07-10T09:00:00Z",
  });
  // THEN on 5 July the old route was still in effect, and history dates the move 10 July
  const a = await cliJson<AtJson>(r.dir, "at", "--date", "2026-07-05");
  expect(a.environments[0]!.routes[0]!.targets[0]!.deployment).toBe("eus2/gpt-4o");
  const h = await cliJson<HistoryJson>(r.dir, "history", "--since", "2026-07-01");
  expect(h.entries.map((e) => [e.commit, e.authorDate, e.committerDate, e.author.name, e.committer.name])).toEqual([
    [late, "2026-07-01T09:00:00Z", "2026-07-10T09:00:00Z", "bob", "carol"],
  ]);
});

test("a file under config/ that synth refuses makes the revision invalid; the routing stays as it was", async () => {
  const r = repo();
  r.writeConfig(spec([["eus2/gpt-4o", 100]]));
  const first = r.commit("Initial", { author: "alice", date: "2026-07-01T09:00:00Z" });
  r.writeFile("config/README.md", "How to edit routes\n");
  const docs = r.commit("Document config/", { author: "bob", date: "2026-07-02T09:00:00Z" });
  const h = await cliJson<HistoryJson>(r.dir, "history");
  const e = h.entries.find((x) => x.commit === docs)!;
  // (synth refuses config/README.md on disk, so this commit could not have been deployed)
  expect(e).toMatchObject({ status: "invalid", inEffect: first, changes: [], routingVersions: [] });
  expect(e.errors.map((f) => [f.file, f.message])).toEqual([
    [
      "config/README.md",
      "unexpected file under config/ (expected only config/models.yaml, config/task-classes.yaml and config/environments/<env>.yaml)",
    ],
  ]);
  const t = await cli(r.dir, "history", "--since", "2026-07-02");
  expect(t.out).toContain("refused by the current schema; routing stays as of");
  // a refused revision is listed under a filter too: it refused every environment
  expect((await cliJson<HistoryJson>(r.dir, "history", "--env", "prod")).entries.map((x) => x.commit)).toEqual([first, docs]);
});

test("a project in a subdirectory of the repository (--config-root)", async () => {
  const r = repo();
  for (const [path, text] of toFiles(compactConfig(spec([["eus2/gpt-4o", 100]])))) r.writeFile(`infra/${path}`, text);
  r.writeFile("README.md", "monorepo\n");
  const c = r.commit("Initial", { author: "alice", date: "2026-07-01T09:00:00Z" });
  const h = await cliJson<HistoryJson>(r.dir, "--config-root", "infra", "history");
  expect(h.entries.map((e) => [e.commit, e.status])).toEqual([[c, "valid"]]);
  const a = await cliJson<AtJson>(join(r.dir, "infra"), "at", "--date", "2026-07-02");
  expect(a.environments[0]!.routes[0]!.targets[0]!.deployment).toBe("eus2/gpt-4o");
});

test("another ref with --ref; a history without config/ exits 1 with a message", async () => {
  const r = repo();
  r.writeFile("README.md", "nothing yet\n");
  r.commit("Start", { author: "alice", date: "2026-07-01T09:00:00Z" });
  r.branch("routing");
  r.writeConfig(spec([["eus2/gpt-4o", 100]]));
  const c = r.commit("Initial routing", { author: "alice", date: "2026-07-02T09:00:00Z" });
  r.checkout("main");
  const none = await cli(r.dir, "at", "--date", "2026-07-05");
  expect(none.code).toBe(1);
  expect(none.err).toBe("no routing configuration existed at 2026-07-05T23:59:59Z: no commit on main touches config/\n");
  const hist = await cli(r.dir, "history");
  expect(hist.code).toBe(1);
  expect(hist.err).toBe("no commit on main changed routing\n");
  const ok = await cliJson<HistoryJson>(r.dir, "history", "--ref", "routing");
  expect(ok.entries.map((e) => e.commit)).toEqual([c]);
  expect(ok.ref).toBe("routing");
});

test("outside a git repository: one line, exit 2", async () => {
  const dir = mkdtempSync(join(tmpdir(), "foundry-routes-nogit-"));
  try {
    mkdirSync(join(dir, "config"));
    const r = await cli(dir, "history");
    expect(r.code).toBe(2);
    expect(r.err).toBe(`foundry-routes history: ${dir} is not inside a git repository\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a task class that starts requiring provenance is a change line, and its routing version move is shown", async () => {
  // GIVEN a commit that only flips provenanceRequired on the chat class
  const r = repo();
  const base = spec([["eus2/mai-ds-r1", 100]]);
  r.writeConfig(base);
  const first = r.commit("Initial", { author: "alice", date: "2026-07-01T09:00:00Z" });
  r.writeConfig({ ...base, taskClasses: [{ id: "chat", provenanceRequired: true }] });
  const flip = r.commit("chat needs clean provenance", { author: "bob", date: "2026-07-02T09:00:00Z" });
  // WHEN history is read in each format
  const e = (await cliJson<HistoryJson>(r.dir, "history")).entries.find((x) => x.commit === flip)!;
  const text = await cli(r.dir, "history", "--since", "2026-07-02");
  const csv = await cli(r.dir, "history", "--format", "csv", "--since", "2026-07-02");
  // THEN the class change and the version move are both there
  expect(e.changes).toEqual([
    expect.objectContaining({
      kind: "task-class-changed",
      taskClass: "chat",
      fields: [{ field: "provenanceRequired", before: "false", after: "true" }],
      text: "task class chat: provenanceRequired: false → true",
    }),
  ]);
  expect(e.routingVersions).toEqual([
    { environment: "prod", before: versionAt(r.dir, first, "prod"), after: versionAt(r.dir, flip, "prod") },
  ]);
  expect(text.out).toContain("task class chat: provenanceRequired: false → true");
  expect(text.out).toContain(`routing version prod: ${versionAt(r.dir, first, "prod")} → ${versionAt(r.dir, flip, "prod")}`);
  expect(csv.out).toContain("task-class-changed");
});
