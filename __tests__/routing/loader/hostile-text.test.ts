// Stage 1 against hostile or careless text: characters YAML does not allow, YAML that is more than plain data,
// strings that would read differently than they look, and bytes from git. Each is ONE finding with file, line and
// YAML path, saying what was expected and what was found, escaped so it stays one line.
import { formatFinding } from "../../../routing/findings";
import { loadConfig } from "../../../routing/config/loader";
import { DEV, TASK_CLASSES, lineOf, onlyFinding, validFiles, withEdit, withFile } from "./helpers";

// eslint-disable-next-line no-control-regex -- the point is to find control characters
const oneLine = (s: string) => expect(s).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b-\u200f]/);

describe("characters YAML does not allow in a file", () => {
  test.each([
    ["a raw escape sequence in a comment", "# \u001b[2J\n", "U+001B"],
    ["a raw NUL in a value", "region: east\u0000us2", "U+0000"],
    ["a C1 control", "region: east\u0086us2", "U+0086"],
  ])("%s is refused on its line with the YAML path", (_label, inserted, code) => {
    // GIVEN the character written into the file as a raw byte, not as a YAML escape
    const { files, text } = inserted.startsWith("#")
      ? withEdit(DEV, "accounts:", `${inserted}accounts:`)
      : withEdit(DEV, "region: eastus2", inserted);
    // WHEN loaded
    const f = onlyFinding(loadConfig(files).errors, DEV);
    // THEN one FR-YAML finding names the character, its line and (for a value) its path, escaped
    expect(f).toMatchObject({ rule: "FR-YAML", line: lineOf(text, inserted.split("\n")[0]!) });
    expect(f.message).toContain(`control character ${code}`);
    expect(f.message).toContain("(expected printable text");
    if (!inserted.startsWith("#")) expect(f.path).toBe("accounts[0].region");
    oneLine(formatFinding(f));
  });
});

describe("YAML that is more than plain data", () => {
  test.each([
    ["a null key", "  ~: x\n", "a mapping key is empty or null (expected a name before the colon)"],
    ["a list as a key", "  ? [a, b]\n  : x\n", "a mapping key is a list (expected a plain name before the colon)"],
  ])("%s is refused at its mapping", (_label, entry, message) => {
    // GIVEN tags with the odd key
    const { files, text } = withEdit(DEV, "accounts:", `tags:\n${entry}accounts:`);
    // WHEN loaded
    const f = onlyFinding(loadConfig(files).errors, DEV);
    // THEN the key's line and the mapping's path are named
    expect(f).toMatchObject({ rule: "FR-YAML", path: "tags", line: lineOf(text, entry.trimStart().split("\n")[0]!) });
    expect(f.message).toBe(`invalid YAML: ${message}`);
  });

  test("an alias of no anchor is refused on its line, not thrown by the parser without one", () => {
    // GIVEN region: *nowhere
    const { files, text } = withEdit(DEV, "region: eastus2", "region: *nowhere");
    // WHEN loaded
    const f = onlyFinding(loadConfig(files).errors, DEV);
    // THEN the alias is named with its line
    expect(f).toMatchObject({ rule: "FR-YAML", line: lineOf(text, "*nowhere") });
    expect(f.message).toBe('invalid YAML: alias "*nowhere" names no anchor (expected an anchor &nowhere earlier in the file)');
  });

  test("a syntax error names the YAML path around it and what YAML expected", () => {
    // GIVEN an unclosed flow mapping in a route target
    const { files, text } = withEdit(
      DEV,
      "      - deployment: eus2/gpt-4o-mini\n        weight: 100",
      "      - { deployment: eus2/gpt-4o-mini, weight: 100",
    );
    // WHEN loaded
    const f = onlyFinding(loadConfig(files).errors, DEV);
    // THEN the finding sits in routes[0] and says what is missing
    expect(f.rule).toBe("FR-YAML");
    expect(f.path).toMatch(/^routes\[0\]/);
    expect(f.line).toBeGreaterThanOrEqual(lineOf(text, "{ deployment"));
    expect(f.message).toMatch(/\(expected .*\)$/);
  });
});

describe("strings that read differently than they look", () => {
  test("a bidirectional override in a name is refused, and shown escaped", () => {
    // GIVEN a deployment name with U+202E (right-to-left override) in it
    const { files } = withEdit(DEV, "      - name: gpt-4o-mini", '      - name: "gpt-4o\\u202e-mini"');
    // WHEN loaded
    const f = onlyFinding(loadConfig(files).errors, DEV);
    // THEN FR-INPUT names the path and the escaped character
    expect(f).toMatchObject({ rule: "FR-INPUT", path: "accounts[0].deployments[0].name" });
    expect(f.message).toBe(
      'value "gpt-4o\\u202e-mini" contains an invisible or bidirectional control character (expected a name made of visible characters only)',
    );
  });

  test("a zero-width space in a reference is refused; in free text it is kept (escaped in messages)", () => {
    // GIVEN a zero-width space in a route target and in a task class description
    const ref = withEdit(DEV, "deployment: eus2/gpt-4o-mini", 'deployment: "eus2/gpt-4o\\u200b-mini"');
    const prose = withEdit(TASK_CLASSES, "description:", 'description: "zero\\u200bwidth" #');
    // WHEN loaded
    const f = onlyFinding(loadConfig(ref.files).errors, DEV);
    // THEN the reference is refused, the description loads
    expect(f).toMatchObject({ rule: "FR-INPUT", path: "routes[0].targets[0].deployment" });
    expect(loadConfig(prose.files).errors).toEqual([]);
  });

  test("an unpaired surrogate is refused even in free text", () => {
    // GIVEN "\uD800" in a description
    const { files } = withEdit(TASK_CLASSES, "description:", 'description: "half \\uD800 a pair" #');
    // WHEN loaded
    const f = onlyFinding(loadConfig(files).errors, TASK_CLASSES);
    // THEN FR-INPUT says so, escaped
    expect(f.rule).toBe("FR-INPUT");
    expect(f.message).toBe(
      'value "half \\ud800 a pair" contains an unpaired surrogate (expected Unicode text; write the character itself, not half of a \\u escape pair)',
    );
  });
});

describe("bytes, links and stray files from a git revision", () => {
  const bytes = (s: string | number[]) => (typeof s === "string" ? new TextEncoder().encode(s) : Uint8Array.from(s));

  test("valid UTF-8 bytes load like text; a byte-order mark is dropped", () => {
    // GIVEN every file as bytes, dev.yaml with a UTF-8 BOM
    const files = new Map<string, string | Uint8Array>([...validFiles()].map(([p, t]) => [p, bytes(p === DEV ? `\ufeff${t}` : t)]));
    // WHEN loaded THEN no error
    expect(loadConfig(files).errors).toEqual([]);
  });

  test.each([
    [
      "an invalid byte",
      [0x61, 0x3a, 0x0a, 0x62, 0x3a, 0x20, 0xff, 0x0a],
      "cannot read (invalid UTF-8 byte 0xFF on line 2; expected UTF-8 text)",
      2,
    ],
    ["UTF-16", [0xff, 0xfe, 0x61, 0x00], "cannot read (the file is UTF-16 encoded; expected UTF-8 (save it as UTF-8))", undefined],
  ])("%s is one FR-YAML finding on the file, not mojibake", (_label, raw, message, line) => {
    // GIVEN dev.yaml as those bytes
    const files = new Map<string, string | Uint8Array>(validFiles());
    files.set(DEV, bytes(raw));
    // WHEN loaded
    const f = onlyFinding(loadConfig(files).errors, DEV);
    // THEN the file is refused by name
    expect(f).toMatchObject({ rule: "FR-YAML", file: DEV, line, message });
  });

  test("a blob over 1 MiB is refused before it is parsed", () => {
    // GIVEN a 2 MB environment blob
    const files = new Map<string, string | Uint8Array>(validFiles());
    files.set(DEV, bytes(`project: a\n${"#".repeat(2 * 1024 * 1024)}\n`));
    // WHEN loaded
    const started = Date.now();
    const f = onlyFinding(loadConfig(files).errors, DEV);
    // THEN one finding names the size and the limit, quickly
    expect(f.message).toMatch(/^cannot read \(the file is \d+ bytes, over the limit of 1048576 bytes \(1 MiB\) per config file\)$/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test("a link or a submodule stands refused; a stray file under config/ is named", () => {
    // GIVEN a symbolic link as dev.yaml and a notes file next to the catalog
    const files = new Map<string, string | Uint8Array | { refused: string }>(validFiles());
    files.set(DEV, { refused: "a symbolic link in the commit" });
    files.set("config/notes.txt", bytes("hello\n"));
    // WHEN loaded
    const errors = loadConfig(files).errors;
    // THEN one finding each, naming the file and why
    expect(errors.map((f) => [f.file, f.message])).toEqual([
      ["config/environments/dev.yaml", "cannot read (a symbolic link in the commit)"],
      [
        "config/notes.txt",
        "unexpected file under config/ (expected only config/models.yaml, config/task-classes.yaml and config/environments/<env>.yaml)",
      ],
    ]);
  });

  test("an environment file name from git is quoted escaped", () => {
    // GIVEN an environment file whose name holds a newline
    const f = onlyFinding(loadConfig(withFile("config/environments/a\nb.yaml", "x: 1\n")).errors, "config/environments/a\nb.yaml");
    // THEN the name is shown with \n
    expect(f.message).toBe('environment file names must be <kebab-case-name>.yaml, but "a\\nb.yaml" was found');
  });
});
