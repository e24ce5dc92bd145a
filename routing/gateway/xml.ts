// A tiny XML tree for APIM policy documents, with the two serializations APIM knows:
// - `rawxml`: policy expressions written verbatim (what the azurerm provider sends: `format = rawxml`);
// - `xml`: the same document as well-formed XML (expressions XML-encoded), for parsers and size checks.
// User data never reaches the document unescaped: it goes into C# string literals (`csString`) or into
// XML-escaped literals that are checked not to look like expressions or named values.

/** A C# policy expression, `@(…)` or `@{…}`. */
export interface Expr {
  readonly kind: "expr";
  readonly code: string;
}

/** A reference to an APIM named value, `{{name}}`. */
interface NamedValueRef {
  readonly kind: "named-value";
  readonly name: string;
}

type XmlValue = string | number | boolean | Expr | NamedValueRef;

export interface XmlElement {
  readonly kind: "element";
  readonly name: string;
  readonly attrs: readonly (readonly [string, XmlValue])[];
  readonly children: readonly XmlNode[];
}

interface XmlText {
  readonly kind: "text";
  readonly value: XmlValue;
}

interface XmlComment {
  readonly kind: "comment";
  readonly text: string;
}

export type XmlNode = XmlElement | XmlText | XmlComment;

/** Single-statement expression `@(code)`. */
export function expr(code: string): Expr {
  return { kind: "expr", code: `@(${code})` };
}

/** Multi-statement expression `@{ … }`; every code path must `return`. Lines are joined with newlines. */
export function block(...lines: string[]): Expr {
  return { kind: "expr", code: `@{\n${lines.join("\n")}\n}` };
}

export function namedValue(name: string): NamedValueRef {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`invalid named value name ${JSON.stringify(name)}`);
  return { kind: "named-value", name };
}

export function el(name: string, attrs: Record<string, XmlValue | undefined> = {}, ...children: (XmlNode | undefined)[]): XmlElement {
  return {
    kind: "element",
    name,
    attrs: Object.entries(attrs).filter((e): e is [string, XmlValue] => e[1] !== undefined),
    children: children.filter((c): c is XmlNode => c !== undefined),
  };
}

export function text(value: XmlValue): XmlText {
  return { kind: "text", value };
}

export function comment(t: string): XmlComment {
  if (t.includes("--") || t.includes("@") || t.includes("{{")) throw new Error(`unsafe XML comment ${JSON.stringify(t)}`);
  return { kind: "comment", text: t };
}

type PolicyFormat = "rawxml" | "xml";

/** Serializes with two-space indentation; output is deterministic. */
export function serialize(node: XmlNode, format: PolicyFormat, depth = 0): string {
  const pad = "  ".repeat(depth);
  switch (node.kind) {
    case "comment":
      return `${pad}<!-- ${node.text} -->`;
    case "text":
      return pad + value(node.value, format, "text");
    case "element": {
      const attrs = node.attrs.map(([k, v]) => ` ${k}="${value(v, format, "attr")}"`).join("");
      if (node.children.length === 0) return `${pad}<${node.name}${attrs} />`;
      // Elements holding a single text value stay on one line: whitespace around a header value would be sent.
      const only = node.children.length === 1 ? node.children[0] : undefined;
      if (only?.kind === "text") {
        return `${pad}<${node.name}${attrs}>${value(only.value, format, "text")}</${node.name}>`;
      }
      const inner = node.children.map((c) => serialize(c, format, depth + 1)).join("\n");
      return `${pad}<${node.name}${attrs}>\n${inner}\n${pad}</${node.name}>`;
    }
  }
}

function value(v: XmlValue, format: PolicyFormat, where: "attr" | "text"): string {
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (typeof v === "string") return literal(v, where);
  if (v.kind === "named-value") return `{{${v.name}}}`;
  return format === "rawxml" ? v.code : where === "attr" ? escapeAttr(v.code) : escapeText(v.code);
}

/** A literal value: XML-escaped, and refused when APIM would read it as an expression or named value. */
function literal(s: string, where: "attr" | "text"): string {
  if (s.startsWith("@") || s.includes("{{") || s.includes("}}")) {
    throw new Error(`literal ${JSON.stringify(s)} would be read as a policy expression or named value; put it in a C# string instead`);
  }
  return where === "attr" ? escapeAttr(s) : escapeText(s);
}

function escapeText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}

/**
 * A C# string literal for any string. Only letters, digits and ` ._/:;,@-` stay as they are; every other UTF-16 unit
 * becomes `\uXXXX`. So the literal never contains a quote, backslash, brace, parenthesis, `<`, `&` or newline: it
 * cannot end the string, the `@(…)` expression, the XML attribute, or start a `{{named value}}`.
 */
export function csString(s: string): string {
  // One replace over the string (no u flag: a surrogate pair is two units, each escaped on its own).
  return `"${s.replace(/[^A-Za-z0-9 ._/:;,@-]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`)}"`;
}
