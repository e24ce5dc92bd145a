// User input: points in time (a date alone is a whole UTC day; nonsense is refused, not guessed) and routing versions.
import { AuditInputError, dayUtc, findRoutingVersion, isoUtc, normalizeRoutingVersion, parsePointInTime } from "../../routing/audit";

test("a date alone is the start or the end of that day in UTC", () => {
  expect(parsePointInTime("2026-07-14", "end-of-day")).toEqual({
    input: "2026-07-14",
    epoch: Date.UTC(2026, 6, 14, 23, 59, 59) / 1000,
    iso: "2026-07-14T23:59:59Z",
    dateOnly: true,
  });
  expect(parsePointInTime("2026-07-14", "start-of-day").iso).toBe("2026-07-14T00:00:00Z");
});

test("a date-time is UTC unless it carries an offset; fractions of a second are dropped", () => {
  expect(parsePointInTime("2026-07-14T09:30", "end-of-day").iso).toBe("2026-07-14T09:30:00Z");
  expect(parsePointInTime("2026-07-14 09:30:15Z", "end-of-day").iso).toBe("2026-07-14T09:30:15Z");
  expect(parsePointInTime("2026-07-14T11:30:00+02:00", "end-of-day").iso).toBe("2026-07-14T09:30:00Z");
  expect(parsePointInTime("2026-07-14T04:30:00-0500", "end-of-day").iso).toBe("2026-07-14T09:30:00Z");
  expect(parsePointInTime("2026-07-14T09:30:00.999Z", "end-of-day").iso).toBe("2026-07-14T09:30:00Z");
  expect(parsePointInTime("2026-07-14T09:30", "start-of-day").dateOnly).toBe(false);
});

test.each(["14/07/2026", "2026-7-14", "yesterday", "2026-02-30", "2026-07-14T24:00", "2026-07-14T09:60", ""])(
  "%j is refused with an example of what works",
  (text) => {
    expect(() => parsePointInTime(text, "end-of-day")).toThrow(AuditInputError);
    expect(() => parsePointInTime(text, "end-of-day")).toThrow(/is not (an ISO date|a real date)/);
  },
);

test("formatting is UTC whatever the machine's zone", () => {
  expect(isoUtc(0)).toBe("1970-01-01T00:00:00Z");
  expect(dayUtc(Date.UTC(2026, 6, 14, 23, 59, 59) / 1000)).toBe("2026-07-14");
});

test("a routing version is 4 to 12 hex digits, any case, optionally quoted", () => {
  expect(normalizeRoutingVersion(" 3F9A0C1D2E4B ")).toBe("3f9a0c1d2e4b");
  expect(normalizeRoutingVersion('"3f9a"')).toBe("3f9a");
  for (const bad of ["3f9", "3f9a0c1d2e4b5", "xyz1", "3f9a…"]) expect(() => normalizeRoutingVersion(bad)).toThrow(AuditInputError);
});

test("a version prefix that matches two versions is ambiguous, naming both", () => {
  // GIVEN a history (built in memory) whose prod version went abcd1111… → abcd2222…
  const env = (version: string) => new Map([["prod", { table: { environment: "prod", routes: [] }, version }]]);
  const commit = (sha: string, t: number) => ({
    sha,
    parents: [],
    author: { name: "a", email: "" },
    authorDate: t,
    committer: { name: "a", email: "" },
    committerDate: t,
    subject: sha,
    body: "",
    files: [],
    evidence: [],
    touchesConfig: true,
  });
  const revisions = ["abcd11112222", "abcd22223333"].map((version, index) => ({
    index,
    commit: commit(`c${index}`, index),
    tree: new Map(),
    state: { status: "valid" as const, errors: [], environments: env(version), policyErrors: [] },
    effective: index,
    evidence: new Map(),
  }));
  const history = { repo: "/r", prefix: "", ref: "main", sha: "c1", revisions, evidenceTexts: new Map() };
  // THEN a shared prefix is refused, and a longer one finds its span
  expect(() => findRoutingVersion(history, "abcd")).toThrow(
    'routing version "abcd" is ambiguous: it matches abcd11112222, abcd22223333; give more digits',
  );
  expect(findRoutingVersion(history, "abcd1").map((s) => [s.from.sha, s.until?.sha])).toEqual([["c0", "c1"]]);
});
