// `review --usage` end to end: a real git repository with the sample config, a weight-shift commit, generated usage
// records, and the CLI's exit code and report.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { captureIo } from "../../cli/io";
import { runCli } from "../../cli/run";

const SPLIT = "      - { deployment: eus2/mai-code-1-flash, weight: 90 }\n      - { deployment: eus2/gpt-4o-mini, weight: 10 }";

test("GIVEN a 90/10 → 50/50 commit and recorded usage WHEN reviewed with --usage THEN the replay shows the moved requests", async () => {
  const dir = mkdtempSync(join(tmpdir(), "foundry-routes-review-usage-"));
  try {
    const git = (...a: string[]) => execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...a], { cwd: dir });
    cpSync(join(__dirname, "..", "..", "config"), join(dir, "config"), { recursive: true });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "base");
    const prod = join(dir, "config/environments/prod.yaml");
    writeFileSync(prod, readFileSync(prod, "utf8").replace(SPLIT, SPLIT.replace("90", "50").replace("10", "50")));
    git("commit", "-qam", "shift autocomplete to 50/50");
    const run = async (...argv: string[]) => {
      const io = captureIo(dir);
      return { code: await runCli(["--config-root", dir, ...argv], io), out: io.out(), err: io.err() };
    };
    expect((await run("usage", "sample", "--out", "usage.csv", "--records", "20000")).code).toBe(0);
    // WHEN
    const r = await run("review", "--base", "HEAD~1", "--head", "HEAD", "--usage", "usage.csv", "--format", "json");
    // THEN exit 0, and only prod autocomplete moves, about 40% of it, from mai-code-1-flash to gpt-4o-mini
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    const moved = report.replay.report.classes.filter((c: { moved: number }) => c.moved > 0);
    expect(moved.map((c: { environment: string; taskClass: string }) => `${c.environment}/${c.taskClass}`)).toEqual(["prod/autocomplete"]);
    expect(moved[0].moves.map((m: { from: string; to: string }) => `${m.from} → ${m.to}`)).toEqual([
      "eus2/mai-code-1-flash → eus2/gpt-4o-mini",
    ]);
    expect(moved[0].moved / moved[0].requests).toBeCloseTo(0.4, 2);
    // AND the cost section is priced on observed traffic, not on the traffic: block
    const md = await run("review", "--base", "HEAD~1", "--head", "HEAD", "--usage", "usage.csv");
    expect(md.out).toContain("### Replay of recorded usage");
    // AND a bad usage file is refused before any report, naming the file
    writeFileSync(join(dir, "bad.csv"), "time,environment\n2026-07-01T00:00:00Z,prod\n");
    const bad = await run("review", "--base", "HEAD~1", "--usage", "bad.csv");
    expect(bad.code).toBe(1);
    expect(bad.out).toBe("");
    expect(bad.err.split("\n")[0]).toContain("bad.csv");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
