// YAML parsing that keeps positions, so every finding can name a line.
import { type Document, isAlias, isMap, isNode, isSeq, isPair, isScalar, LineCounter, parseDocument, type Node } from "yaml";
import { type Finding, type YamlPath, formatPath } from "../findings";

export interface SourceFile {
  /** Repository-relative POSIX path. */
  readonly file: string;
  /** Plain data (anchors and aliases resolved). */
  readonly data: unknown;
  /** 1-based line/column of the node at `path`, or of its nearest existing ancestor. */
  position(path: YamlPath): { line: number; column: number } | undefined;
}

/** Aliases may expand at most this many times: a YAML bomb is an error, not an out-of-memory. */
const MAX_ALIAS_COUNT = 1000;

/**
 * A file may hold at most this many YAML nodes, counted with every alias expanded. The sample's largest file has
 * about 2,000; a few aliases of aliases can otherwise turn a 1 KB file into a stack of hundreds of megabytes.
 */
const MAX_EXPANDED_NODES = 100_000;

export function parseYaml(file: string, text: string): { source?: SourceFile; errors: Finding[] } {
  const lines = new LineCounter();
  let doc: Document.Parsed;
  try {
    // logLevel "error": the parser's own warnings (e.g. on collection keys) must not leak to stderr as Node warnings.
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true, logLevel: "error" });
  } catch (e) {
    return { errors: [yamlError(file, `cannot parse YAML: ${tooDeep(e) ?? (e as Error).message}`)] };
  }
  const errs = doc.errors.map((err) => {
    // linePos is only filled in with prettyErrors; derive it from the offset so the line is always reported.
    const pos = err.linePos?.[0] ?? lines.linePos(err.pos[0]);
    return yamlError(file, `invalid YAML: ${yamlMessage(err.code, err.message, text, err.pos)}`, pos.line, pos.col);
  });
  if (errs.length > 0) return { errors: errs.slice(0, 1) };
  const tagged = explicitTag(doc);
  if (tagged) {
    const p = lines.linePos(tagged.offset);
    return {
      errors: [
        yamlError(file, `invalid YAML: custom tag ${quote(tagged.tag)} is not allowed (expected plain YAML values without ! tags)`, p.line, p.col),
      ],
    };
  }
  const nodes = expandedNodeCount(doc, MAX_EXPANDED_NODES);
  if (nodes > MAX_EXPANDED_NODES) {
    return {
      errors: [
        yamlError(
          file,
          `invalid YAML: too many nodes once aliases are expanded (limit ${MAX_EXPANDED_NODES}, found more than ${MAX_EXPANDED_NODES}; expected aliases to be used sparingly, not to multiply the file)`,
        ),
      ],
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    return { errors: [yamlError(file, `invalid YAML: ${tooDeep(e) ?? firstLine((e as Error).message)}`)] };
  }
  const position = (path: YamlPath) => {
    let node: unknown = doc.contents;
    let best = node as Node | null;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        node = pair.value ?? pair.key;
        // Point at the key, not the value: a block value starts on the line after its key.
        best = pair.key as Node;
      } else if (isSeq(node) && typeof seg === "number") {
        const item = node.items[seg];
        if (item === undefined) break;
        node = item;
        best = item as Node;
      } else break;
    }
    const start = best?.range?.[0];
    if (start === undefined) return undefined;
    const p = lines.linePos(start);
    return { line: p.line, column: p.col };
  };
  return { source: { file, data, position }, errors: [] };
}

function yamlError(file: string, message: string, line?: number, column?: number): Finding {
  return { rule: "FR-YAML", level: "error", file, path: formatPath([]), line, column, message };
}

/** The parser's message, reworded where it speaks to programmers rather than to people editing YAML. */
function yamlMessage(code: string, message: string, text: string, pos: [number, number]): string {
  if (/Maximum call stack size exceeded/.test(message)) return tooDeep(new RangeError(message))!;
  if (code === "MULTIPLE_DOCS") return "expected one YAML document per file, but found a second one (a line with ---)";
  if (code === "DUPLICATE_KEY") {
    const key = /^\s*([^:#\n]+?)\s*:/.exec(text.slice(pos[0]))?.[1];
    return `duplicate key${key ? ` "${key}"` : ""} (expected each key once per mapping)`;
  }
  return firstLine(message);
}

/** A stack overflow while parsing means absurd nesting; say that instead of the engine's words. */
function tooDeep(e: unknown): string | undefined {
  return e instanceof RangeError ? "nesting too deep (expected a config nested a few levels, not thousands)" : undefined;
}

function firstLine(s: string): string {
  return (s.split("\n")[0] ?? "").trim();
}

/**
 * The first node written with an explicit tag (`!include`, `!!js/function`, even `!!str`): config is plain data.
 * Document order, each pair's key before its value, as yaml's visit() walks (without its per-level path arrays).
 */
function explicitTag(doc: Document.Parsed): { tag: string; offset: number } | undefined {
  const first = (node: unknown): Node | undefined => {
    if (!isNode(node)) return undefined;
    if (node.tag) return node;
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items as unknown[]) {
        const found = isPair(item) ? (first(item.key) ?? first(item.value)) : first(item);
        if (found) return found;
      }
    }
    return undefined;
  };
  const found = first(doc.contents);
  return found?.tag ? { tag: found.tag.replace(/^tag:yaml\.org,2002:/, "!!"), offset: found.range?.[0] ?? 0 } : undefined;
}

/** Nodes in the document with aliases expanded, counting stops early past `limit` so a bomb is cheap to refuse. */
function expandedNodeCount(doc: Document.Parsed, limit: number): number {
  const memo = new Map<unknown, number>();
  const size = (node: unknown, depth: number): number => {
    if (node === null || node === undefined || depth > 10_000) return 1;
    const seen = memo.get(node);
    if (seen !== undefined) return seen;
    let n = 1;
    if (isAlias(node)) n = size(node.resolve(doc), depth + 1);
    else if (isMap(node) || isSeq(node)) {
      for (const item of node.items as unknown[]) {
        n += isPair(item) ? size(item.key, depth + 1) + size(item.value, depth + 1) : size(item, depth + 1);
        if (n > limit) break;
      }
    }
    memo.set(node, n);
    return n;
  };
  return size(doc.contents, 0);
}

function quote(s: string): string {
  return JSON.stringify(s);
}
