// README's CLI table is checked against the commands' own option specs, so it cannot drift from the code.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { COMMANDS } from "../../cli/commands";

const README = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");

/** The first cell of each row of the table under "## The CLI", by command name (one or two words, e.g. `eval init`). */
function tableRows(): Map<string, string> {
  const section = README.slice(README.indexOf("## The CLI"));
  const rows = new Map<string, string>();
  for (const m of section.slice(0, section.indexOf("\n## ", 3)).matchAll(/^\| `([a-z][a-z-]*(?: [a-z][a-z-]*)*)([^`]*)` \|/gm))
    rows.set(m[1]!, m[2]!);
  return rows;
}

describe("README CLI table", () => {
  const rows = tableRows();

  test.each(COMMANDS.map((c) => [c.name]))("lists %s with every one of its options", (name) => {
    // GIVEN the command's declared options WHEN README's row for it is read THEN it names the command and each option
    const command = COMMANDS.find((c) => c.name === name)!;
    expect(rows.has(name)).toBe(true);
    const row = rows.get(name)!;
    for (const option of Object.keys(command.options))
      expect({ name, option, listed: row.includes(`--${option}`) }).toEqual({ name, option, listed: true });
  });

  test("lists no command that does not exist", () => {
    // GIVEN the table's rows THEN each is a real command
    expect([...rows.keys()].filter((r) => !COMMANDS.some((c) => c.name === r))).toEqual([]);
  });
});
