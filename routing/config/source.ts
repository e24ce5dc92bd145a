// YAML parsing that keeps positions, so every finding can name a line.
import { type Alias, type Document, isAlias, isMap, isSeq, isPair, isScalar, LineCounter, parseDocument, type Node, visit } from "yaml";
import { type Finding, type YamlPath, formatPath, oneLine } from "../findings";

export interface SourceFile {
  /** Repository-relative POSIX path. */
  readonly file: string;
  /** Plain data (anchors and aliases resolved). */
  readonly data: unknown;
  /** Where each node of the document starts, as plain data (a parse cache stores it as JSON). */
  readonly positions: PositionTree;
  /** 1-based line/column of the node at `path`, or of its nearest existing ancestor. */
  position(path: YamlPath): { line: number; column: number } | undefined;
}

/** 1-based [line, column]. */
type Pos = readonly [number, number];

/**
 * The document's nodes with where each starts: a mapping lists its plain keys ([key, where the key starts, the
 * value's tree]), a list its items. Null where the document has no node (an empty document).
 */
export type PositionTree = {
  readonly at: Pos | null;
  readonly keys?: readonly (readonly [string, Pos | null, PositionTree | null])[];
  readonly items?: readonly (PositionTree | null)[];
} | null;

/** A parsed file from its parts: parseYaml's result, or one restored from a parse cache. */
export function sourceFile(file: string, data: unknown, positions: PositionTree): SourceFile {
  return { file, data, positions, position: (path) => positionIn(positions, path) };
}

/**
 * The position of the node at `path`: of the key for a mapping entry (a block value starts on the line after its
 * key), of the item for a list item; the nearest existing ancestor's when the path goes further than the document.
 */
function positionIn(tree: PositionTree, path: YamlPath): { line: number; column: number } | undefined {
  let node = tree;
  let best = tree?.at;
  for (const seg of path) {
    if (node?.keys) {
      const name = String(seg);
      const entry = node.keys.find(([key]) => key === name);
      if (!entry) break;
      node = entry[2];
      best = entry[1];
    } else if (node?.items && typeof seg === "number") {
      const item = node.items[seg];
      if (item === undefined) break;
      node = item;
      best = item?.at;
    } else break;
  }
  return best ? { line: best[0], column: best[1] } : undefined;
}

/** The position tree of a parsed node (a mapping entry's value, or its key when it has none). */
function positionTree(node: unknown, lines: LineCounter): PositionTree {
  if (node === null || node === undefined) return null;
  if (isMap(node)) {
    const keys = node.items
      .filter((p) => isPair(p) && isScalar(p.key))
      .map((p) => [String((p.key as { value: unknown }).value), startOf(p.key, lines), positionTree(p.value ?? p.key, lines)] as const);
    return { at: startOf(node, lines), keys };
  }
  if (isSeq(node)) return { at: startOf(node, lines), items: node.items.map((item) => positionTree(item, lines)) };
  return { at: startOf(node, lines) };
}

/** Where a node starts, or null when it has no range. */
function startOf(node: unknown, lines: LineCounter): Pos | null {
  const start = (node as Node | null)?.range?.[0];
  if (start === undefined) return null;
  const p = lines.linePos(start);
  return [p.line, p.col];
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
  const unprintable = firstUnprintable(text);
  if (unprintable !== undefined) {
    const p = lines.linePos(unprintable.offset);
    return {
      errors: [
        yamlError(
          file,
          `invalid YAML: ${unprintable.what} on line ${p.line} (expected printable text; YAML allows tab, line feed and carriage return as the only control characters)`,
          p.line,
          p.col,
          pathAt(doc, unprintable.offset),
        ),
      ],
    };
  }
  const errs = doc.errors.map((err) => {
    // linePos is only filled in with prettyErrors; derive it from the offset so the line is always reported.
    const pos = err.linePos?.[0] ?? lines.linePos(err.pos[0]);
    return yamlError(file, `invalid YAML: ${yamlMessage(err.code, err.message, text, err.pos)}`, pos.line, pos.col, pathAt(doc, err.pos[0]));
  });
  if (errs.length > 0) return { errors: errs.slice(0, 1) };
  const anchored = anchorsOf(doc);
  const refused = plainDataProblem(doc, anchored);
  if (refused) {
    const p = lines.linePos(refused.offset);
    return { errors: [yamlError(file, `invalid YAML: ${refused.message}`, p.line, p.col, pathAt(doc, refused.offset))] };
  }
  const nodes = expandedNodeCount(doc, anchored, MAX_EXPANDED_NODES);
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
  try {
    const data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { source: sourceFile(file, data, positionTree(doc.contents, lines)), errors: [] };
  } catch (e) {
    return { errors: [yamlError(file, `invalid YAML: ${tooDeep(e) ?? firstLine((e as Error).message)}`)] };
  }
}

function yamlError(file: string, message: string, line?: number, column?: number, path: YamlPath = []): Finding {
  return { rule: "FR-YAML", level: "error", file, path: formatPath(path), line, column, message: oneLine(message) };
}

/** YAML 1.2 c-printable, less the byte-order mark anywhere but the start (decodeConfigText drops that one). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNPRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first character YAML does not allow in a stream (a raw NUL, an escape sequence, a C1 control), if any. */
function firstUnprintable(text: string): { offset: number; what: string } | undefined {
  const m = UNPRINTABLE.exec(text);
  if (!m) return undefined;
  const code = m[0].charCodeAt(0);
  const hex = code.toString(16).toUpperCase().padStart(4, "0");
  const what = code >= 0xd800 && code <= 0xdfff ? `unpaired surrogate U+${hex}` : `control character U+${hex}`;
  return { offset: m.index, what };
}

/**
 * The YAML path of the deepest node at or before `offset`, so an error in a broken document still says where in the
 * config it is (`routes[3].targets`), not only on which line.
 */
function pathAt(doc: Document.Parsed, offset: number): YamlPath {
  const path: (string | number)[] = [];
  const starts = (n: unknown): number | undefined => (n as Node | null)?.range?.[0];
  let node: unknown = doc.contents;
  for (let depth = 0; depth < 200; depth++) {
    if (isMap(node)) {
      let chosen: { key: unknown; value: unknown } | undefined;
      for (const item of node.items) {
        const at = starts(item.key) ?? starts(item.value);
        if (at !== undefined && at <= offset) chosen = item;
      }
      // A key the parser made out of broken text ("high tokenVolume") or one the error is inside ends the path.
      if (!chosen || !isScalar(chosen.key) || !/^[A-Za-z0-9_$.-]+$/.test(String(chosen.key.value))) break;
      if ((chosen.key.range?.[1] ?? 0) > offset) break;
      path.push(String(chosen.key.value));
      node = chosen.value;
    } else if (isSeq(node)) {
      let index = -1;
      node.items.forEach((item, i) => {
        const at = starts(item);
        if (at !== undefined && at <= offset) index = i;
      });
      if (index < 0) break;
      path.push(index);
      node = node.items[index];
    } else break;
  }
  return path;
}

/**
 * What makes a parsed document more than plain data, or undefined: an explicit tag (`!include`, `!!js/function`, even
 * `!!str`), a merge key (`<<`), a mapping key that is not a plain value (null, a list, a mapping), an alias to no
 * anchor. Config is plain data; each of these is refused at its node.
 */
function plainDataProblem(doc: Document.Parsed, anchored: AnchorMap): { message: string; offset: number } | undefined {
  let found: { message: string; offset: number } | undefined;
  const at = (n: unknown, fallback = 0) => (n as Node | null)?.range?.[0] ?? fallback;
  visit(doc, {
    Pair(_key, pair) {
      const k = pair.key;
      const offset = at(k, at(pair.value));
      if (isScalar(k) && k.value === "<<" && k.type === "PLAIN") {
        found = { message: 'merge key "<<" is not allowed (expected every key written out; an alias may repeat a whole value)', offset };
      } else if (k === null || (isScalar(k) && k.value === null)) {
        found = { message: "a mapping key is empty or null (expected a name before the colon)", offset };
      } else if (!isScalar(k) && !isAlias(k)) {
        found = { message: `a mapping key is a ${isSeq(k) ? "list" : "mapping"} (expected a plain name before the colon)`, offset };
      }
      return found ? visit.BREAK : undefined;
    },
    Alias(_key, alias) {
      if (anchored.get(alias) === undefined) {
        found = { message: `alias ${quote(`*${alias.source}`)} names no anchor (expected an anchor &${alias.source} earlier in the file)`, offset: at(alias) };
      }
      return found ? visit.BREAK : undefined;
    },
    Node(_key, node) {
      if (node.tag) {
        const tag = node.tag.replace(/^tag:yaml\.org,2002:/, "!!");
        found = { message: `custom tag ${quote(tag)} is not allowed (expected plain YAML values without ! tags)`, offset: at(node) };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** The parser's message, reworded where it speaks to programmers rather than to people editing YAML. */
function yamlMessage(code: string, message: string, text: string, pos: [number, number]): string {
  if (/Maximum call stack size exceeded/.test(message)) return tooDeep(new RangeError(message))!;
  if (code === "MULTIPLE_DOCS") return "expected one YAML document per file, but found a second one (a line with ---)";
  if (code === "DUPLICATE_KEY") {
    const key = /^\s*([^:#\n]+?)\s*:/.exec(text.slice(pos[0]))?.[1];
    return `duplicate key${key ? ` "${key}"` : ""} (expected each key once per mapping)`;
  }
  const said = firstLine(message);
  return /\bexpected\b/i.test(said) ? said : `${said} (expected ${EXPECTED[code] ?? EXPECTED_DEFAULT})`;
}

const EXPECTED_DEFAULT = "well-formed YAML: space indentation, closed quotes and brackets, one `key: value` per line";
/** What the YAML parser's complaints expect, in the words of someone editing the file. */
const EXPECTED: Readonly<Record<string, string>> = {
  TAB_AS_INDENT: "spaces for indentation",
  BAD_INDENT: "the lines of one mapping or list indented alike",
  MISSING_CHAR: "the closing quote or bracket",
  BLOCK_AS_IMPLICIT_KEY: "`key:` lines indented alike, or a list item (`- `) under its key",
  MULTILINE_IMPLICIT_KEY: "a key and its colon on one line",
  KEY_OVER_1024_CHARS: "a key of at most 1024 characters",
  BAD_DQ_ESCAPE: "escapes such as \\n, \\t, \\\" or \\u00e9 in a double-quoted value",
  BAD_SCALAR_START: "a value that does not start with a reserved character (quote it)",
  UNEXPECTED_TOKEN: "nothing after a value on its line but a comment",
  BLOCK_IN_FLOW: "only flow values ([a, b], {k: v}) inside brackets",
  BAD_DIRECTIVE: "a %YAML or %TAG directive",
  MULTIPLE_ANCHORS: "one anchor per value",
  MULTIPLE_TAGS: "no tags",
  BAD_ALIAS: "an alias of an anchor defined earlier",
};

/** A stack overflow while parsing means absurd nesting; say that instead of the engine's words. */
function tooDeep(e: unknown): string | undefined {
  return e instanceof RangeError ? "nesting too deep (expected a config nested a few levels, not thousands)" : undefined;
}

function firstLine(s: string): string {
  return (s.split("\n")[0] ?? "").trim();
}

type AnchorMap = ReadonlyMap<Alias, Node | undefined>;

/**
 * What each alias names: the last node with its anchor before it, as yaml's `Alias.resolve` finds it. One pass for
 * the whole document, because `resolve` walks the document once per alias (quadratic in a file of many aliases).
 */
function anchorsOf(doc: Document.Parsed): AnchorMap {
  const latest = new Map<string, Node>();
  const named = new Map<Alias, Node | undefined>();
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) named.set(node, latest.get(node.source));
      else if (node.anchor) latest.set(node.anchor, node);
    },
  });
  return named;
}

/** Nodes in the document with aliases expanded, counting stops early past `limit` so a bomb is cheap to refuse. */
function expandedNodeCount(doc: Document.Parsed, anchored: AnchorMap, limit: number): number {
  const memo = new Map<unknown, number>();
  const size = (node: unknown, depth: number): number => {
    if (node === null || node === undefined || depth > 10_000) return 1;
    const seen = memo.get(node);
    if (seen !== undefined) return seen;
    let n = 1;
    if (isAlias(node)) n = size(anchored.get(node), depth + 1);
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
