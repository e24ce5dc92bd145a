// Which form a usage file is in, from its column names, and what is wrong with them: a missing column is named with
// the closest column the file does have ("did you mean"). Extra columns (Log Analytics adds TableName) are ignored.
import { AGGREGATED_COLUMNS, COLUMN_KINDS, EXPECTED, RAW_COLUMNS } from "./records";

interface ColumnCheck {
  readonly form: "raw" | "aggregated";
  /** One line per missing column; empty when the file has every column of its form. */
  readonly problems: readonly string[];
}

/** The form is aggregated when the file has `requests` or has `day` without `time`. */
export function checkColumns(found: readonly string[]): ColumnCheck {
  const has = new Set(found);
  const form = has.has("requests") || (has.has("day") && !has.has("time")) ? "aggregated" : "raw";
  const expected: readonly string[] = form === "raw" ? RAW_COLUMNS : AGGREGATED_COLUMNS;
  const spare = found.filter((c) => !expected.includes(c));
  const problems = expected
    .filter((c) => !has.has(c))
    .map((c) => {
      const near = closest(c, spare);
      const what = EXPECTED[COLUMN_KINDS[c as keyof typeof COLUMN_KINDS]];
      return near === undefined
        ? `missing column ${c} (${what})`
        : `missing column ${c} (${what}); found column "${near}": did you mean ${c}?`;
    });
  return { form, problems };
}

/** The candidate within 3 edits (case ignored), the closest first; undefined when none is that close. */
function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.min(4, Math.max(2, Math.floor(name.length / 3) + 1));
  for (const c of [...candidates].sort()) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
