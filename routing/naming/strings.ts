// The string layer: the one module that says how a config string may reach Terraform, cdktf, XML or C#.
// Identifiers are checked by pattern in routing/config/schema.ts; free text is escaped here.

/**
 * cdktf encodes its tokens in strings as `${TfToken[…]}` (and `#{…}`/`&{…}` for lists and maps) and resolves any
 * string holding one, even one read from YAML: a tag value shaped like a token became a cross-stack reference.
 * Config strings carrying the marker are refused by the schema (see `hasCdktfTokenMarker`).
 */
const CDKTF_TOKEN_MARKER = "{TfToken[";

/** Whether `s` carries what cdktf would read as one of its tokens. */
export function hasCdktfTokenMarker(s: string): boolean {
  return s.includes(CDKTF_TOKEN_MARKER);
}

/**
 * Terraform JSON reads `${…}` and `%{…}` in any string as a template. Free text from YAML must stay literal, so the
 * sequences are doubled, which is Terraform's escape.
 */
export function terraformLiteral(s: string): string {
  return s.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

// Policy XML and C# escaping: routing/gateway/xml.ts.
