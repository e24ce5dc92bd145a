// Hostile content in git history, read by `history` and `review` straight from git objects: bytes that are not UTF-8,
// a file over the size limit, a symbolic link, a stray file, config/ as a file, a commit message with escape
// sequences, and revision arguments shaped like git options. Each is one clear finding or one clear line, never a
// crash, never the content of a link's target, never a git option.
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { COMMANDS } from "../../cli/commands";
import { captureIo } from "../../cli/io";
import { runCli } from "../../cli/run";
import { type ConfigSpec, compactConfig, toFiles } from "../../fixtures/builder";
import { type HistoryJson, cliJson } from "../audit/cli";
import { TempRepo } from "../audit/gitfixture";

const PROD = "config/environments/prod.yaml";
const spec: ConfigSpec = {
  models: [{ id: "gpt-4o" }],
  taskClasses: ["chat"],
  envs: { prod: { deployments: [{ name: "gpt-4o", model: "gpt-4o" }], routes: [{ taskClass: "chat", targets: [["eus2/gpt-4o", 100]] }] } },
};

let repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos) r.cleanup();
  repos = [];
});

/** A repository with one valid commit, then one commit that `change` makes to the working tree. */
function history(change: (dir: string) => void, message = "hostile"): { r: TempRepo; first: string; bad: string } {
  const r = TempRepo.create();
  repos.push(r);
  r.writeConfig(toFiles(compactConfig(spec)));
  const first = r.commit("Initial", { author: "alice", date: "2026-07-01T09:00:00Z" });
  change(r.dir);
  const bad = r.commit(message, { author: "mallory", date: "2026-07-02T09:00:00Z" });
  return { r, first, bad };
}

async function run(cwd: string, ...argv: string[]) {
  const io = captureIo(cwd);
  const code = await runCli(argv, io, COMMANDS);
  return { code, out: io.out(), err: io.err() };
}

const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffd]/; // eslint-disable-line no-control-regex -- the point

test.each([
  [
    "bytes that are not UTF-8",
    (d: string) => writeFileSync(join(d, PROD), Buffer.from([0x61, 0x3a, 0x20, 0xc3, 0x28, 0x0a])),
    /^cannot read \(invalid UTF-8 byte 0xC3 on line 1; expected UTF-8 text\)$/,
  ],
  [
    "a UTF-16 file",
    (d: string) => writeFileSync(join(d, PROD), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("a: 1\n", "utf16le")])),
    /UTF-16 encoded; expected UTF-8/,
  ],
  ["a 2 MB file", (d: string) => writeFileSync(join(d, PROD), `a: 1\n${"#".repeat(2 * 1024 * 1024)}\n`), /over the limit of 1048576 bytes/],
  [
    "a symbolic link to /etc/passwd",
    (d: string) => {
      rmSync(join(d, PROD));
      symlinkSync("/etc/passwd", join(d, PROD));
    },
    /^cannot read \(a symbolic link in the commit; config is read only from regular files, links are not followed\)$/,
  ],
])("history lists a commit with %s as unparseable, naming the file, and keeps the last valid routing", async (_label, change, message) => {
  // GIVEN a valid commit, then one that puts the hostile content at config/environments/prod.yaml
  const { r, first, bad } = history(change);
  // WHEN history runs
  const json = await cliJson<HistoryJson>(r.dir, "history");
  // THEN the commit is listed with one finding on the file, and the first commit's routing stays in effect
  const e = json.entries.find((x) => x.commit === bad)!;
  expect(e).toMatchObject({ status: "unparseable", inEffect: first });
  expect(e.errors).toHaveLength(1);
  expect(e.errors[0]).toMatchObject({ rule: "FR-YAML", file: PROD });
  expect(e.errors[0]!.message).toMatch(message);
  expect(JSON.stringify(json)).not.toContain("root:x:0:0");
  // AND review of that head refuses it with the same finding, exit 1
  const review = await run(r.dir, "review", "--base", first, "--head", bad, "--format", "json");
  expect(review.code).toBe(1);
  expect(review.out).toContain(PROD);
  expect(review.out).not.toMatch(RAW);
});

test("a stray file or a submodule under config/ at a revision is refused by name, as on disk", async () => {
  // GIVEN a commit that adds config/notes.txt and a submodule entry config/environments/sub.yaml
  const { r, bad } = history((d) => writeFileSync(join(d, "config/notes.txt"), "hello\n"));
  r.git(["update-index", "--add", "--cacheinfo", `160000,${bad},config/environments/sub.yaml`]);
  // (committed from the index as it is: `git add -A` would drop the gitlink, which has no directory on disk)
  const when = "2026-07-03T09:00:00Z";
  r.git(["-c", "user.name=mallory", "-c", "user.email=m@example.com", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "submodule"], {
    GIT_AUTHOR_DATE: when,
    GIT_COMMITTER_DATE: when,
  });
  const sub = r.head();
  // WHEN history runs
  const json = await cliJson<HistoryJson>(r.dir, "history");
  // THEN the first is invalid for the stray file, the second also for the submodule
  const notes = json.entries.find((x) => x.commit === bad)!;
  expect(notes.status).toBe("invalid");
  expect(notes.errors.map((f) => [f.file, f.message])).toEqual([
    [
      "config/notes.txt",
      "unexpected file under config/ (expected only config/models.yaml, config/task-classes.yaml and config/environments/<env>.yaml)",
    ],
  ]);
  const both = json.entries.find((x) => x.commit === sub)!;
  expect(both.errors.map((f) => f.file)).toEqual(["config/environments/sub.yaml", "config/notes.txt"]);
  expect(both.errors[0]!.message).toBe("cannot read (a submodule where a YAML file was expected)");
});

test("config/ as a file at the head of a review is refused naming it", async () => {
  // GIVEN a commit that replaces config/ with a file
  const { r, first, bad } = history((d) => {
    rmSync(join(d, "config"), { recursive: true });
    writeFileSync(join(d, "config"), "not a folder\n");
  });
  // WHEN review compares it with the valid commit
  const review = await run(r.dir, "review", "--base", first, "--head", bad, "--format", "json");
  // THEN exit 1, with one finding naming config (not also every file that is then missing)
  expect(review.code).toBe(1);
  const head = (JSON.parse(review.out) as { head: { firstErrors: string[] } }).head;
  expect(head.firstErrors).toEqual(["error FR-YAML config: cannot read (a file where the config/ directory was expected)"]);
});

test("a commit message and author with escape sequences and bidi controls are shown escaped", async () => {
  // GIVEN a commit whose subject clears the screen and reverses the text that follows
  const { r } = history(
    (d) => writeFileSync(join(d, "config/environments/dev.yaml"), toFiles(compactConfig(spec)).get(PROD)!),
    "\u001b[2J\u202erenim\u202c add dev",
  );
  // WHEN history prints its table
  const text = await run(r.dir, "history");
  // THEN the subject is there, escaped, and nothing raw reaches the terminal
  expect(text.code).toBe(0);
  expect(text.out).toContain("\\u001b[2J\\u202erenim\\u202c add dev");
  expect(text.out).not.toMatch(RAW);
});

test.each([
  ["history", "--ref=--output=OUT"],
  ["review", "--base=--output=OUT"],
  ["review", "--base", "HEAD", "--head=--output=OUT"],
  ["at", "--date", "2026-07-02", "--ref=-p"],
])("%s %s is refused as a revision, never passed to git as an option", async (...argv) => {
  // GIVEN a repository, and a revision argument shaped like a git option that would write a file
  const { r } = history(() => undefined);
  mkdirSync(join(r.dir, "out"), { recursive: true });
  const out = join(r.dir, "out", "pwned");
  // WHEN the command runs
  const result = await run(r.dir, ...argv.map((a) => a.replace("OUT", out)));
  // THEN exit 2 with one line naming the argument, and no file was written
  expect(result.code).toBe(2);
  expect(result.err.split("\n")[0]).toMatch(/is not a revision$/);
  expect(existsSync(out)).toBe(false);
});
