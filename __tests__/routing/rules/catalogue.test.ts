// docs/rules.md mirrors RULES and EVIDENCE_RULES; each rule lives in the file named after its title.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { EVIDENCE_RULES, RULES } from "../../../routing/rules";
import type { EvidenceRule, Rule } from "../../../routing/rules/rule";

/** Config rules and the eval gate's evidence rules share one catalogue. */
const ALL: readonly (Rule | EvidenceRule)[] = [...RULES, ...EVIDENCE_RULES];

const ROOT = join(__dirname, "../../..");
const DOC = readFileSync(join(ROOT, "docs/rules.md"), "utf8");
/** Ids documented that are not in RULES: they come from the loader and the suppression engine. */
const ENGINE_IDS = ["FR-SUPP-1", "FR-YAML", "FR-SCHEMA"];

interface Row {
  id: string;
  anchor: string;
  level: string;
  title: string;
  suppressible: string;
}
interface Section {
  id: string;
  title: string;
  anchor: string;
  fields: Record<string, string>;
}

function tableRows(md: string): Row[] {
  const re = /^\| \[(FR-[A-Z0-9-]+)\]\(#([a-z0-9-]+)\) \| ([^|]+?) \| ([^|]+?) \| (yes|no) \|$/gm;
  return [...md.matchAll(re)].map((m) => ({ id: m[1]!, anchor: m[2]!, level: m[3]!, title: m[4]!, suppressible: m[5]! }));
}

/** `### FR-X-1: Title` followed by `- Key: value` lines; anchors as GitHub renders them. */
function sections(md: string): Section[] {
  const parts = md.split(/^### /m).slice(1);
  return parts.flatMap((part) => {
    const [heading, ...lines] = part.split("\n");
    const m = /^(FR-[A-Z0-9-]+): (.+)$/.exec(heading!);
    if (!m) return [];
    const fields: Record<string, string> = {};
    for (const line of lines) {
      const f = /^- ([A-Za-z ]+): (.*)$/.exec(line);
      if (f) fields[f[1]!] = f[2]!;
    }
    const anchor = heading!
      .toLowerCase()
      .replace(/[^a-z0-9 -]/g, "")
      .replace(/ /g, "-");
    return [{ id: m[1]!, title: m[2]!, anchor, fields }];
  });
}

const rows = tableRows(DOC);
const secs = sections(DOC);

test("every rule appears in the table and in a section with matching level, title, suppressible, explanation and fix", () => {
  // GIVEN the catalogue in docs/rules.md WHEN compared with RULES
  for (const rule of ALL) {
    const suppressible = rule.suppressible === false ? "no" : "yes";
    // THEN the table row agrees
    expect({ id: rule.id, row: rows.find((r) => r.id === rule.id) }).toEqual({
      id: rule.id,
      row: expect.objectContaining({ level: rule.level, title: rule.title, suppressible }),
    });
    // AND the section agrees word for word
    const sec = secs.find((s) => s.id === rule.id);
    expect({
      id: rule.id,
      title: sec?.title,
      level: sec?.fields.Level,
      suppressible: sec?.fields.Suppressible,
      why: sec?.fields.Why,
      fix: sec?.fields.Fix,
    }).toEqual({
      id: rule.id,
      title: rule.title,
      level: rule.level,
      suppressible,
      why: rule.explanation,
      fix: rule.fix,
    });
  }
});

test("no unknown ids are documented, ids are unique, and table links reach their sections", () => {
  // GIVEN every FR id the document mentions anywhere
  const known = new Set([...ALL.map((r) => r.id), ...ENGINE_IDS]);
  const mentioned = new Set([...DOC.matchAll(/\bFR-[A-Z]+(?:-\d+)?\b/g)].map((m) => m[0]));
  // THEN each is a rule or an engine id
  expect([...mentioned].filter((id) => !known.has(id))).toEqual([]);
  // AND the table and the sections each list every known id exactly once
  expect(rows.map((r) => r.id).sort()).toEqual([...known].sort());
  expect(secs.map((s) => s.id).sort()).toEqual([...known].sort());
  // AND each table link points at its section's anchor
  for (const row of rows)
    expect({ id: row.id, anchor: row.anchor }).toEqual({ id: row.id, anchor: secs.find((s) => s.id === row.id)?.anchor });
});

test("rule ids are unique and well-formed, and texts are filled in", () => {
  // GIVEN RULES
  const ids = ALL.map((r) => r.id);
  // THEN no id repeats, and each reads FR-<AREA>-<n>
  expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  for (const r of ALL) {
    expect(r.id).toMatch(/^FR-[A-Z]+-\d+$/);
    expect(r.explanation.length).toBeGreaterThan(20);
    expect(r.fix.length).toBeGreaterThan(20);
  }
});

test("each rule file exports one rule, named after its title, and RULES holds each exactly once", () => {
  // GIVEN the files in routing/rules other than the contract, the catalogue and helpers
  const dir = join(ROOT, "routing/rules");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !["rule.ts", "index.ts", "util.ts"].includes(f))
    .sort();
  const kebab = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "");
  const fromFiles: (Rule | EvidenceRule)[] = [];
  for (const f of files) {
    // jest.requireActual loads by computed path through the same module registry (and transform) as RULES' imports.
    const mod = jest.requireActual<Record<string, unknown>>(join(dir, f));
    const rules = Object.values(mod).filter(
      (v): v is Rule | EvidenceRule => typeof v === "object" && v !== null && ("check" in v || "checkEvidence" in v) && "id" in v,
    );
    // THEN the file exports exactly one rule, whose title in kebab-case is the file name
    expect({ file: f, titles: rules.map((r) => `${kebab(r.title)}.ts`) }).toEqual({ file: f, titles: [f] });
    fromFiles.push(...rules);
  }
  // AND RULES with EVIDENCE_RULES is exactly the rules of those files
  expect([...ALL].sort((a, b) => a.id.localeCompare(b.id))).toEqual(fromFiles.sort((a, b) => a.id.localeCompare(b.id)));
  expect(new Set(ALL).size).toBe(ALL.length);
});
