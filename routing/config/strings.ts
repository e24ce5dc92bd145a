// The string layer at the input: every string in every config file, keys included, is checked here before the
// schema sees it, so no user string can be interpreted later.
// - A cdktf token marker (`${TfToken[…]}`, `#{TfToken[…]}`, `&{TfToken[…]}`) would be resolved by cdktf into a
//   reference (even a cross-stack one) and cannot be written literally: refused everywhere.
// - A Terraform template sequence (`${`, `%{`) is refused in identifiers (names, ids, versions, SKUs, regions, keys…).
//   Free text may carry one; constructs/names.ts `literal()` escapes free text before it reaches Terraform.
// - Control characters are refused in identifiers; free text may hold newlines and tabs, nothing else.
// - Bidirectional controls and invisible format characters (zero-width space, joiners, BOM) are refused in
//   identifiers: a name that reads like another ("Trojan Source") would pass review as the name it looks like.
// - Unpaired surrogates (a "\uD800" escape) are refused everywhere: they are not text, and Terraform's JSON reader
//   would mangle them.
import type { Finding, YamlPath } from "../findings";
import { formatPath, oneLine, quoted } from "../findings";
import { hasCdktfTokenMarker } from "../naming/strings";
import type { SourceFile } from "./source";

/** Keys whose string values are free text: prose for people, escaped for Terraform, never used as a name. */
const FREE_TEXT_KEYS: ReadonlySet<string> = new Set([
  "description",
  "displayName",
  "acknowledgement",
  "reason",
  "note",
  "source",
  "text",
  "value",
  "publisherName",
  "organizationName",
]);

const TEMPLATE = /[$%]\{/;
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL_IN_IDENTIFIER = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
/** Bidirectional controls and marks, zero-width and other invisible format characters. */
const INVISIBLE = /[\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Re-exported: the one quoting function of messages lives in routing/findings.ts. */
export { quoted };

/** Findings for every string in `source.data` that may not be used as given. */
export function checkStrings(source: SourceFile): Finding[] {
  const out: Finding[] = [];
  const report = (path: YamlPath, message: string) => {
    const pos = source.position(path);
    out.push({ rule: "FR-INPUT", level: "error", file: source.file, path: formatPath(path), line: pos?.line, column: pos?.column, message: oneLine(message) });
  };
  const check = (s: string, path: YamlPath, freeText: boolean, what: string) => {
    if (hasCdktfTokenMarker(s)) {
      report(path, `${what} ${quoted(s)} contains a cdktf token marker (expected plain text without "\${TfToken[", "#{TfToken[" or "&{TfToken[")`);
    } else if (!freeText && TEMPLATE.test(s)) {
      report(path, `${what} ${quoted(s)} contains a Terraform template sequence (expected a name without "\${" or "%{")`);
    } else if (LONE_SURROGATE.test(s)) {
      report(path, `${what} ${quoted(s)} contains an unpaired surrogate (expected Unicode text; write the character itself, not half of a \\u escape pair)`);
    } else if ((freeText ? CONTROL_IN_TEXT : CONTROL_IN_IDENTIFIER).test(s)) {
      report(path, `${what} ${quoted(s)} contains a control character (expected ${freeText ? "text with at most newlines and tabs" : "a single-line name"})`);
    } else if (!freeText && INVISIBLE.test(s)) {
      report(
        path,
        `${what} ${quoted(s)} contains an invisible or bidirectional control character (expected a name made of visible characters only)`,
      );
    }
  };
  const walk = (v: unknown, path: YamlPath, parentKey: string | undefined) => {
    if (typeof v === "string") check(v, path, parentKey !== undefined && FREE_TEXT_KEYS.has(parentKey), "value");
    else if (Array.isArray(v)) v.forEach((item, i) => walk(item, [...path, i], parentKey));
    else if (v !== null && typeof v === "object") {
      const tags = parentKey === "tags";
      for (const [k, child] of Object.entries(v)) {
        check(k, [...path, k], false, "key");
        // A tag's value is free text; any other value takes the freedom of its key.
        walk(child, [...path, k], tags ? "value" : k);
      }
    }
  };
  walk(source.data, [], undefined);
  return out;
}
