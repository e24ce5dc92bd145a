// The benchmark's repository generator builds what it promises: N first-parent config commits, with merges.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateHistoryRepo } from "../../bench/history-fixture";
import { historyEntries, walkHistory } from "../../routing/audit";

test("generateHistoryRepo: N first-parent config commits, every 10th a merge of a two-commit branch, all valid", () => {
  const dir = mkdtempSync(join(tmpdir(), "foundry-routes-bench-"));
  try {
    // GIVEN a 25-commit history
    const repo = generateHistoryRepo(join(dir, "repo"), { commits: 25, seed: 7 });
    // WHEN walked
    const h = walkHistory(repo.dir, repo.ref);
    // THEN it has 25 entries, 2 of them merges with two merged commits each, and every revision is valid
    expect(h.revisions).toHaveLength(25);
    expect(h.revisions.filter((r) => r.merged).map((r) => [r.index, r.merged!.length])).toEqual([
      [9, 2],
      [19, 2],
    ]);
    expect(h.revisions.map((r) => r.state.status).filter((s) => s !== "valid")).toEqual([]);
    expect(historyEntries(h).every((e, i) => i === 0 || e.changes.length > 0)).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
