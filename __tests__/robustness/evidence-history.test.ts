// The declared routing of a record comes from the commit that produced its routing version; the working tree's
// config covers a version no commit produced yet; anything else is unknown.
import { join } from "node:path";
import { sampleFiles } from "../../fixtures/builder";
import { loadConfig } from "../../routing/config/loader";
import { sampleUsage } from "../../routing/evidence/sample";
import { writeSampleCsv } from "../../io/usage-sample";
import { TempRepo } from "../audit/gitfixture";
import { run } from "../cli/helpers";

type Json = ReturnType<typeof JSON.parse>;

let repo: TempRepo;
afterEach(() => repo?.cleanup());

const files = () => new Map(sampleFiles());
const versionsOf = (f: Map<string, string>) => sampleUsage(loadConfig(f).config!, { records: 0 }).versions;

function usage(f: Map<string, string>, name: string, records = 400): string {
  const plan = sampleUsage(loadConfig(f).config!, { records });
  const file = join(repo.dir, name);
  writeSampleCsv(plan, file);
  return file;
}

test("a committed routing version is declared by the first commit that produced it", async () => {
  // GIVEN the sample config committed, then a commit that changes only a comment WHEN its usage is observed
  repo = TempRepo.create();
  const f = files();
  repo.writeConfig(f);
  const first = repo.commit("routing: sample config", { author: "ana", date: "2026-06-01T09:00:00Z" });
  repo.writeConfig(new Map([...f].map(([p, t]) => [p, p.endsWith("prod.yaml") ? `${t}\n# reviewed\n` : t])));
  repo.commit("comment only", { author: "bo", date: "2026-06-02T09:00:00Z" });
  const file = usage(f, "usage.csv");
  const r = await run(["observe", "--usage", file, "--format", "json"], { cwd: repo.dir });
  const out = JSON.parse(r.out);
  // THEN both environments' versions name the first commit, with its author and subject
  const sources = out.environments.flatMap((e: Json) =>
    e.versions.filter((v: Json) => v.source.kind !== "unknown").map((v: Json) => [e.environment, v.source]),
  );
  expect(sources).toEqual([
    [
      "dev",
      expect.objectContaining({
        kind: "commit",
        commit: first,
        subject: "routing: sample config",
        author: { name: "ana", email: "ana@example.com" },
      }),
    ],
    ["prod", expect.objectContaining({ kind: "commit", commit: first })],
  ]);
  expect(out.searched).toBe("the first-parent history of HEAD (2 commit(s) touching config/) and the working tree");
});

test("a version only the working tree produces is declared by the head config; an old one by its commit", async () => {
  // GIVEN a committed config, then an uncommitted change of prod's summarization weights (70/30 → 50/50)
  repo = TempRepo.create();
  const f = files();
  repo.writeConfig(f);
  const committed = repo.commit("routing: sample config", { author: "ana", date: "2026-06-01T09:00:00Z" });
  const changed = new Map(f);
  const prod = f.get("config/environments/prod.yaml")!;
  const edited = prod
    .replace("{ deployment: eus2/gpt-4o-mini, weight: 70 }", "{ deployment: eus2/gpt-4o-mini, weight: 50 }")
    .replace("{ deployment: eus2/mai-draft-1, weight: 30 }", "{ deployment: eus2/mai-draft-1, weight: 50 }");
  expect(edited).not.toBe(prod);
  changed.set("config/environments/prod.yaml", edited);
  repo.writeConfig(changed);
  const head = versionsOf(changed);
  expect(head.prod).not.toBe(versionsOf(f).prod);
  // WHEN usage of the old and of the new routing is observed
  const out = async (name: string, cfg: Map<string, string>) =>
    JSON.parse((await run(["observe", "--usage", usage(cfg, name), "--env", "prod", "--format", "json"], { cwd: repo.dir })).out);
  const before = await out("before.csv", f);
  const after = await out("after.csv", changed);
  // THEN the old version is the commit's, the new one the working tree's, and each split is checked against its own weights
  expect(before.environments[0].versions[0].source).toEqual(expect.objectContaining({ kind: "commit", commit: committed }));
  expect(after.environments[0].versions[0]).toEqual(expect.objectContaining({ routingVersion: head.prod, source: { kind: "head" } }));
  const summarization = (o: Json) => o.environments[0].classes.find((c: Json) => c.taskClass === "summarization").routes[0].targets;
  expect(summarization(before)).toEqual([
    { deployment: "eus2/gpt-4o-mini", weight: 70 },
    { deployment: "eus2/mai-draft-1", weight: 30 },
  ]);
  expect(summarization(after)).toEqual([
    { deployment: "eus2/gpt-4o-mini", weight: 50 },
    { deployment: "eus2/mai-draft-1", weight: 50 },
  ]);
});

test("--ref naming a revision that does not exist is a git error (exit 2)", async () => {
  // GIVEN a repository WHEN observe is given --ref nope THEN exit 2 with git's complaint
  repo = TempRepo.create();
  repo.writeConfig(files());
  repo.commit("routing", { author: "ana", date: "2026-06-01T09:00:00Z" });
  const r = await run(["observe", "--usage", usage(files(), "u.csv", 10), "--ref", "nope"], { cwd: repo.dir });
  expect(r.code).toBe(2);
  expect(r.err).toContain('unknown revision "nope"');
});
