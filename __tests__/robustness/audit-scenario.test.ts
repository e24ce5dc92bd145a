// history / at / which-commit over one real repository: July 2026, with a merge, a schema-refused revision,
// a deleted environment, a renamed task class and a catalog-only change (see scenario.ts).
import { AT_CSV_COLUMNS, HISTORY_CSV_COLUMNS } from "../../routing/audit";
import { type AtJson, type HistoryJson, type WhichCommitJson, cli, cliJson, versionAt } from "../audit/cli";
import { type Scenario, buildScenario } from "../audit/scenario";

let sc: Scenario;
let dir: string;
const short = (sha: string) => sha.slice(0, 7);

beforeAll(() => {
  sc = buildScenario();
  dir = sc.repo.dir;
});
afterAll(() => sc?.repo.cleanup());

describe("history", () => {
  test("lists each first-parent commit that touched config/, oldest first, dated when it landed", async () => {
    // GIVEN the demo history (two branch commits merged with --no-ff)
    // WHEN history runs as json
    const h = await cliJson<HistoryJson>(dir, "history");
    // THEN there is one entry per first-parent commit; the branch commits are not entries of their own
    const s = sc.sha;
    expect(h.entries.map((e) => e.commit)).toEqual([
      s.initial,
      s.moveDrafting,
      s.merge,
      s.broken,
      s.fix,
      s.retireDev,
      s.rename,
      s.provenance,
    ]);
    expect(h.entries.map((e) => e.committerDate)).toEqual([
      "2026-07-01T09:00:00Z",
      "2026-07-02T10:00:00Z",
      "2026-07-05T12:00:00Z",
      "2026-07-08T09:00:00Z",
      "2026-07-08T11:00:00Z",
      "2026-07-12T09:00:00Z",
      "2026-07-16T09:00:00Z",
      "2026-07-20T09:00:00Z",
    ]);
    expect(h.head).toBe(s.provenance);
  });

  test("a commit shows its semantic change, the why (body) and the affected environment's routing versions", async () => {
    // GIVEN the commit that moved prod document-drafting
    const h = await cliJson<HistoryJson>(dir, "history");
    const e = h.entries.find((x) => x.commit === sc.sha.moveDrafting)!;
    // THEN the change reads like review's, the body carries the justification, and prod's version moves
    expect(e.author).toEqual({ name: "alice", email: "alice@example.com" });
    expect(e.body).toContain("LEGAL-42");
    expect(e.changes).toHaveLength(1);
    expect(e.changes[0]).toMatchObject({
      kind: "targets-changed",
      environment: "prod",
      taskClass: "document-drafting",
      before: [{ deployment: "eus2/gpt-4o", weight: 100 }],
      after: [{ deployment: "eus2/mai-ds-r1", weight: 100 }],
      movedPercent: 100,
    });
    expect(e.changes[0]!.text).toBe("prod document-drafting: eus2/gpt-4o 100% → eus2/mai-ds-r1 100% (100% of traffic moves)");
    expect(e.routingVersions).toEqual([
      { environment: "prod", before: versionAt(dir, sc.sha.initial, "prod"), after: versionAt(dir, sc.sha.moveDrafting, "prod") },
    ]);
  });

  test("a merge is one entry diffed against its first parent, with the merged commits in json", async () => {
    const h = await cliJson<HistoryJson>(dir, "history");
    const e = h.entries.find((x) => x.commit === sc.sha.merge)!;
    // THEN both branch changes appear in the merge's entry, and the branch's commits are listed oldest first
    expect(e.merge).toBe(true);
    expect(e.committer.name).toBe("carol");
    expect(e.changes.map((c) => c.kind)).toEqual(["targets-changed", "fallbacks-changed"]);
    expect(e.changes[1]).toMatchObject({
      taskClass: "chat",
      before: ["eus2/llama-4-maverick"],
      after: ["eus2/llama-4-maverick", "eus2/gpt-4o-mini"],
    });
    expect(e.mergedCommits!.map((m) => [m.commit, m.author.name, m.subject])).toEqual([
      [sc.sha.split, "bob", "Send 10% of prod chat to MAI-DS-R1"],
      [sc.sha.fallback, "bob", "Add gpt-4o-mini as second fallback for prod chat"],
    ]);
    expect(e.routingVersions).toEqual([
      { environment: "prod", before: versionAt(dir, sc.sha.moveDrafting, "prod"), after: versionAt(dir, sc.sha.merge, "prod") },
    ]);
  });

  test("a revision the current schema refuses is reported with its error; the next one is diffed against the last valid state", async () => {
    const h = await cliJson<HistoryJson>(dir, "history");
    const broken = h.entries.find((x) => x.commit === sc.sha.broken)!;
    const fix = h.entries.find((x) => x.commit === sc.sha.fix)!;
    // THEN the broken revision names file, path, line and the offending key, and keeps the merge's routing in effect
    expect(broken.status).toBe("invalid");
    expect(broken.inEffect).toBe(sc.sha.merge);
    expect(broken.changes).toEqual([]);
    expect(broken.errors[0]).toMatchObject({
      rule: "FR-SCHEMA",
      file: "config/environments/prod.yaml",
      path: "accounts[0].deployments[0].verison",
      line: 8,
    });
    // AND the fix shows only what differs from the merge's state (the pin), not the whole config as new
    expect(fix.status).toBe("valid");
    expect(fix.changes.map((c) => c.text)).toEqual(["prod eus2/gpt-4o: version: 2024-11-20 → 2024-08-06"]);
    expect(fix.routingVersions).toEqual([
      { environment: "prod", before: versionAt(dir, sc.sha.merge, "prod"), after: versionAt(dir, sc.sha.fix, "prod") },
    ]);
  });

  test("a deleted environment, a renamed task class and a catalog-only change", async () => {
    const h = await cliJson<HistoryJson>(dir, "history");
    const byCommit = (sha: string) => h.entries.find((x) => x.commit === sha)!;
    const retire = byCommit(sc.sha.retireDev);
    expect(retire.changes[0]).toMatchObject({ kind: "environment-removed", environment: "dev" });
    expect(retire.routingVersions).toEqual([{ environment: "dev", before: versionAt(dir, sc.sha.fix, "dev") }]);
    const rename = byCommit(sc.sha.rename);
    expect(rename.changes).toContainEqual({
      kind: "route-renamed",
      environment: "prod",
      taskClass: "assistant-chat",
      from: "chat",
      text: "prod assistant-chat: task class renamed from chat (routing unchanged)",
    });
    expect(rename.changes.some((c) => c.kind === "route-added" || c.kind === "route-removed")).toBe(false);
    const prov = byCommit(sc.sha.provenance);
    expect(prov.changes.map((c) => c.kind)).toEqual(["provenance-changed"]);
    // The gateway's table does not carry provenance: no routing version moves.
    expect(prov.routingVersions).toEqual([]);
  });

  test("--env, --task-class, --since and --until narrow the entries", async () => {
    const ids = async (...args: string[]) => (await cliJson<HistoryJson>(dir, "history", ...args)).entries.map((e) => e.commit);
    const s = sc.sha;
    // An invalid revision is shown for the environment whose file (or a shared file) it broke.
    expect(await ids("--env", "dev")).toEqual([s.initial, s.retireDev]);
    // document-drafting in prod: created, moved, the broken revision, and the provenance of the model it uses
    expect(await ids("--env", "prod", "--task-class", "document-drafting")).toEqual([s.initial, s.moveDrafting, s.broken, s.provenance]);
    // a renamed class is found under its old name too
    expect(await ids("--env", "prod", "--task-class", "chat")).toEqual([s.initial, s.merge, s.broken, s.fix, s.rename]);
    expect(await ids("--since", "2026-07-08", "--until", "2026-07-12")).toEqual([s.broken, s.fix, s.retireDev]);
    expect(await ids("--since", "2026-07-08T10:00:00Z", "--until", "2026-07-12T08:59:59Z")).toEqual([s.fix]);
  });

  test("no matching commit exits 1 with a message", async () => {
    const r = await cli(dir, "history", "--env", "staging");
    expect(r.code).toBe(1);
    expect(r.err).toContain("no commit on main changed routing of staging");
  });

  test("table output: one block per commit, with short shas, merged commits and the schema error", async () => {
    const r = await cli(dir, "history");
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      `2026-07-02T10:00:00Z  ${short(sc.sha.moveDrafting)}  alice <alice@example.com>  Move prod document-drafting to MAI-DS-R1\n`,
    );
    expect(r.out).toContain(
      `merge of 2 commit(s), shown as one change against the first parent:\n    ${short(sc.sha.split)}  bob  Send 10% of prod chat to MAI-DS-R1\n`,
    );
    expect(r.out).toContain(`refused by the current schema; routing stays as of ${short(sc.sha.merge)}:`);
    expect(r.out).toContain('unknown key "verison"');
  });

  test("csv: the documented header, one row per change, quoted where needed", async () => {
    const r = await cli(dir, "history", "--format", "csv");
    const lines = r.out.trimEnd().split("\n");
    expect(lines[0]).toBe(HISTORY_CSV_COLUMNS.join(","));
    const rows = lines.filter((l) => l.startsWith(sc.sha.moveDrafting));
    const versions = `${versionAt(dir, sc.sha.initial, "prod")},${versionAt(dir, sc.sha.moveDrafting, "prod")}`;
    const commit = `${sc.sha.moveDrafting},2026-07-02T10:00:00Z,alice,alice@example.com,Move prod document-drafting to MAI-DS-R1,valid,false`;
    const evidence = "evals/prod/document-drafting/eus2/mai-ds-r1.json";
    expect(rows).toEqual([
      `${commit},targets-changed,prod,document-drafting,prod document-drafting: eus2/gpt-4o 100% → eus2/mai-ds-r1 100% (100% of traffic moves),${versions},,,,,,,,`,
      `${commit},evidence,prod,document-drafting,eus2/mai-ds-r1 0% → 100%: no evidence (${evidence} is not in this commit),${versions},eus2/mai-ds-r1,${evidence},missing,missing,,0.9,,`,
    ]);
    const broken = lines.filter((l) => l.startsWith(sc.sha.broken));
    expect(broken).toHaveLength(1);
    expect(broken[0]).toContain(',invalid,false,error,,,"error FR-SCHEMA config/environments/prod.yaml:8:9');
    expect(broken[0]).toContain('unknown key ""verison""');
  });
});

describe("at", () => {
  test("which model handled document-drafting in prod on 14 July, since when, by whom", async () => {
    // WHEN asking for a date (end of that day, UTC)
    const a = await cliJson<AtJson>(dir, "at", "--date", "2026-07-14", "--env", "prod", "--task-class", "document-drafting");
    // THEN the route comes from the last commit before the end of 14 July, and it has been unchanged since 2 July
    expect(a.asOf).toEqual({ input: "2026-07-14", time: "2026-07-14T23:59:59Z", dateOnly: true });
    expect(a.config.commit).toBe(sc.sha.retireDev);
    expect(a.environments).toHaveLength(1);
    const env = a.environments[0]!;
    expect(env.routingVersion).toBe(versionAt(dir, sc.sha.retireDev, "prod"));
    expect(env.routes.map((r) => r.taskClass)).toEqual(["document-drafting"]);
    const route = env.routes[0]!;
    expect(route.targets.map((t) => [t.deployment, t.model, t.version, t.weight])).toEqual([["eus2/mai-ds-r1", "mai-ds-r1", "1", 100]]);
    expect(route.since).toEqual({
      commit: sc.sha.moveDrafting,
      committerDate: "2026-07-02T10:00:00Z",
      author: { name: "alice", email: "alice@example.com" },
    });
    // AND the models it reaches, with their catalog version and provenance as of then
    expect(a.models.map((m) => m.id)).toEqual(["llama-4-maverick", "mai-ds-r1"]);
    const mai = a.models.find((m) => m.id === "mai-ds-r1")!;
    expect(mai.catalogVersion).toBe("1");
    expect(mai.provenance.trainingData).toEqual({ value: "licensed", evidence: "vendor-claim", source: "fixture model card" });
    // AND the text says it the way an auditor reads it
    const text = await cli(dir, "at", "--date", "2026-07-14", "--env", "prod", "--task-class", "document-drafting");
    expect(text.out).toContain(`since 2026-07-02 by alice in ${short(sc.sha.moveDrafting)}`);
    expect(text.out).toContain("training data: licensed (vendor-claim)");
  });

  test("since moves with any change to the route's table entry: a re-pinned model version counts", async () => {
    const a = await cliJson<AtJson>(dir, "at", "--date", "2026-07-14", "--env", "prod", "--task-class", "chat");
    expect(a.environments[0]!.routes[0]!.since.commit).toBe(sc.sha.fix);
    // before the fix, the merge set the split; the invalid revision in between changed nothing
    const b = await cliJson<AtJson>(dir, "at", "--date", "2026-07-08T10:00:00Z", "--env", "prod", "--task-class", "chat");
    expect(b.environments[0]!.routes[0]!.since.commit).toBe(sc.sha.merge);
  });

  test("right after an invalid revision, the last valid config is in effect and a note says so", async () => {
    const a = await cliJson<AtJson>(dir, "at", "--date", "2026-07-08T10:00:00Z");
    expect(a.lastCommit.commit).toBe(sc.sha.broken);
    expect(a.config.commit).toBe(sc.sha.merge);
    const t = await cli(dir, "at", "--date", "2026-07-08T10:00:00Z");
    expect(t.out).toContain(
      `Note: ${short(sc.sha.broken)}, the last commit at or before then, is refused by the current schema; the config of ${short(sc.sha.merge)} stayed in effect.`,
    );
  });

  test("a date alone means the end of that day in UTC; a date-time is exact, with or without an offset", async () => {
    const target = async (...date: string[]) =>
      (await cliJson<AtJson>(dir, "at", "--date", ...date, "--env", "prod", "--task-class", "document-drafting")).environments[0]!
        .routes[0]!.targets[0]!.deployment;
    expect(await target("2026-07-02")).toBe("eus2/mai-ds-r1");
    expect(await target("2026-07-02T09:59:59Z")).toBe("eus2/gpt-4o");
    expect(await target("2026-07-02T10:00:00Z")).toBe("eus2/mai-ds-r1");
    // 11:59:59 at +02:00 is 09:59:59 UTC
    expect(await target("2026-07-02T11:59:59+02:00")).toBe("eus2/gpt-4o");
  });

  test("a date before the first commit: a clear message and exit 1", async () => {
    const r = await cli(dir, "at", "--date", "2026-06-30");
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toBe(
      `no routing configuration existed at 2026-06-30T23:59:59Z: the first commit touching config/ on main is ${short(sc.sha.initial)} of 2026-07-01T09:00:00Z\n`,
    );
  });

  test("a date in the future gives the current table", async () => {
    const a = await cliJson<AtJson>(dir, "at", "--date", "2099-01-01");
    expect(a.config.commit).toBe(sc.sha.provenance);
    expect(a.environments.map((e) => [e.environment, e.routingVersion])).toEqual([["prod", versionAt(dir, sc.sha.provenance, "prod")]]);
    expect(a.environments[0]!.routes.map((r) => r.taskClass)).toEqual(["assistant-chat", "document-drafting"]);
    // the renamed route has been in effect since the rename
    expect(a.environments[0]!.routes[0]!.since.commit).toBe(sc.sha.rename);
  });

  test("an environment that did not exist then, or a route it did not have: exit 1", async () => {
    const gone = await cli(dir, "at", "--date", "2026-07-14", "--env", "dev");
    expect(gone.code).toBe(1);
    expect(gone.err).toContain('environment "dev" did not exist at 2026-07-14T23:59:59Z (environments then: prod)');
    const before = await cli(dir, "at", "--date", "2026-07-10", "--env", "dev", "--task-class", "document-drafting");
    expect(before.code).toBe(0);
    const noRoute = await cli(dir, "at", "--date", "2026-07-14", "--task-class", "assistant-chat");
    expect(noRoute.code).toBe(1);
    expect(noRoute.err).toContain('task class "assistant-chat" had no route in any environment');
  });

  test("csv: the documented header and one row per target and fallback, each with its route's since", async () => {
    const r = await cli(dir, "at", "--date", "2026-07-14", "--env", "prod", "--task-class", "document-drafting", "--format", "csv");
    const lines = r.out.trimEnd().split("\n");
    expect(lines[0]).toBe(AT_CSV_COLUMNS.join(","));
    const v = versionAt(dir, sc.sha.retireDev, "prod");
    expect(lines.slice(1)).toEqual([
      `2026-07-14T23:59:59Z,${sc.sha.retireDev},prod,${v},document-drafting,target,1,eus2/mai-ds-r1,100,mai-ds-r1,1,microsoft,1,ga,licensed,vendor-claim,none,vendor-claim,proprietary,vendor-claim,2026-07-02T10:00:00Z,${sc.sha.moveDrafting},alice,evals/prod/document-drafting/eus2/mai-ds-r1.json,missing,,,,`,
      `2026-07-14T23:59:59Z,${sc.sha.retireDev},prod,${v},document-drafting,fallback,1,eus2/llama-4-maverick,,llama-4-maverick,1,meta,1,ga,,undisclosed,,undisclosed,proprietary,vendor-claim,2026-07-02T10:00:00Z,${sc.sha.moveDrafting},alice,,,,,,`,
    ]);
  });

  test("usage errors exit 2: a missing or malformed date", async () => {
    const missing = await cli(dir, "at");
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("missing option --date");
    const bad = await cli(dir, "at", "--date", "14/07/2026");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('"14/07/2026" is not an ISO date or date-time');
    const unreal = await cli(dir, "at", "--date", "2026-02-30");
    expect(unreal.code).toBe(2);
    expect(unreal.err).toContain("is not a real date");
  });
});

describe("which-commit", () => {
  test("a routing version maps to the commit that produced it and the span it was live", async () => {
    const v = versionAt(dir, sc.sha.moveDrafting, "prod")!;
    const j = await cliJson<WhichCommitJson>(dir, "which-commit", v);
    expect(j.spans).toEqual([
      {
        environment: "prod",
        routingVersion: v,
        from: {
          commit: sc.sha.moveDrafting,
          committerDate: "2026-07-02T10:00:00Z",
          author: { name: "alice", email: "alice@example.com" },
          subject: "Move prod document-drafting to MAI-DS-R1",
        },
        until: {
          commit: sc.sha.merge,
          committerDate: "2026-07-05T12:00:00Z",
          author: { name: "carol", email: "carol@example.com" },
          subject: "Merge pull request #7 from bob/chat-split",
        },
        live: false,
      },
    ]);
    const t = await cli(dir, "which-commit", v);
    expect(t.out).toContain(`first produced by ${short(sc.sha.moveDrafting)}, 2026-07-02T10:00:00Z, alice <alice@example.com>`);
    expect(t.out).toContain(`until 2026-07-05T12:00:00Z (replaced by ${short(sc.sha.merge)}`);
  });

  test("the current version is still live; a unique prefix in any case is accepted", async () => {
    const v = versionAt(dir, sc.sha.provenance, "prod")!;
    const r = await cli(dir, "which-commit", v.slice(0, 6).toUpperCase());
    expect(r.code).toBe(0);
    expect(r.out).toContain(`routing version ${v} (environment prod)`);
    expect(r.out).toContain(`first produced by ${short(sc.sha.rename)}`);
    expect(r.out).toContain("still live");
  });

  test("a version live across an invalid revision keeps one span", async () => {
    const v = versionAt(dir, sc.sha.merge, "prod")!;
    const j = await cliJson<WhichCommitJson>(dir, "which-commit", v);
    expect(j.spans.map((s) => [s.from.commit, s.until!.commit])).toEqual([[sc.sha.merge, sc.sha.fix]]);
  });

  test("a deleted environment's last version ends at the deletion", async () => {
    const v = versionAt(dir, sc.sha.initial, "dev")!;
    const j = await cliJson<WhichCommitJson>(dir, "which-commit", v, "--env", "dev");
    expect(j.spans.map((s) => [s.from.commit, s.until!.commit])).toEqual([[sc.sha.initial, sc.sha.retireDev]]);
  });

  test("an unknown version exits 1; a value that is not a version exits 2", async () => {
    const known = new Set(Object.values(sc.sha).flatMap((s) => [versionAt(dir, s, "prod"), versionAt(dir, s, "dev")]));
    const unknown = ["000000000000", "ffffffffffff"].find((v) => ![...known].some((k) => k?.startsWith(v)))!;
    const r = await cli(dir, "which-commit", unknown);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`unknown routing version "${unknown}"`);
    const bad = await cli(dir, "which-commit", "3f9a…");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("is not a routing version");
  });

  test("round trip: every commit's own routing version maps back to it or to the earliest commit with the identical table", async () => {
    const line = sc.repo.git(["rev-list", "--first-parent", "--reverse", "main"]).split("\n");
    const seen = new Map<string, string>();
    for (const sha of line) {
      for (const env of ["dev", "prod"]) {
        const v = versionAt(dir, sha, env);
        if (v === undefined) continue; // invalid, or no such environment at that commit
        if (!seen.has(v)) seen.set(v, sha);
        const j = await cliJson<WhichCommitJson>(dir, "which-commit", v, "--env", env);
        expect(j.spans[0]!.from.commit).toBe(seen.get(v));
        const index = (c: string) => line.indexOf(c);
        expect(j.spans.some((s) => index(s.from.commit) <= index(sha) && (s.live || index(sha) < index(s.until!.commit)))).toBe(true);
      }
    }
  });
});

describe("git errors", () => {
  test("an unknown ref is one line and exit 2, with no stack trace", async () => {
    const r = await cli(dir, "history", "--ref", "release/9");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^foundry-routes history: unknown revision "release\/9"/);
    expect(r.err.split("\n").filter(Boolean)).toHaveLength(1);
  });
});
