// foundry-routes schema: write (or check) the JSON Schemas editors use for config/*.yaml.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { jsonSchemaFiles } from "../../routing/config/json-schema";
import { withFieldReference } from "../../routing/config/field-reference";
import { CliError, EXIT, PROGRAM, defineCommand } from "../command";

export const schema = defineCommand({
  name: "schema",
  summary: "Write JSON Schemas of the config files (for editors)",
  usage: "schema [--out DIR] [--check]",
  description: [
    "Generates models.schema.json, task-classes.schema.json and environment.schema.json from routing/config/schema.ts,",
    "and (without --out) the field reference in docs/config-reference.md, from the same schemas' descriptions.",
    "With --check nothing is written; exit status 1 when a file is missing or differs from what would be generated.",
  ].join("\n"),
  options: {
    out: { type: "string", valueName: "DIR", description: "directory to write to (default: schema/ next to config/)" },
    check: { type: "boolean", description: "only compare; exit 1 when the files are not current" },
  },
  run(args, io) {
    const outDir = args.options.out !== undefined ? resolve(io.cwd, args.options.out) : join(args.configRoot, "schema");
    // Paths under the working directory are shown relative to it; others in full.
    const shown = (p: string) => {
      const rel = relative(io.cwd, p);
      return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? p : rel;
    };
    const files = jsonSchemaFiles().map((f) => ({ ...f, path: join(outDir, f.fileName), current: readIfExists(join(outDir, f.fileName)) }));
    // The reference's prose is hand-written; only the part between its markers is generated.
    const referencePath = join(args.configRoot, "docs", "config-reference.md");
    const reference = args.options.out === undefined ? readIfExists(referencePath) : undefined;
    if (reference !== undefined)
      files.push({
        ...files[0]!,
        fileName: "config-reference.md",
        path: referencePath,
        current: reference,
        text: withFieldReference(reference),
      });
    if (args.options.check) {
      const stale = files.filter((f) => f.current !== f.text);
      for (const f of stale) io.stdout(`${shown(f.path)}: ${f.current === undefined ? "missing" : "out of date"}\n`);
      if (stale.length > 0) {
        io.stdout(`run "${PROGRAM} schema${args.options.out !== undefined ? ` --out ${args.options.out}` : ""}" to regenerate\n`);
        return EXIT.findings;
      }
      io.stdout(
        `${files.length} generated files are current${reference !== undefined ? " (schema/ and the field reference)" : ` in ${shown(outDir)}`}\n`,
      );
      return EXIT.ok;
    }
    try {
      mkdirSync(outDir, { recursive: true });
      for (const f of files) {
        if (f.current === f.text) {
          io.stdout(`unchanged ${shown(f.path)}\n`);
          continue;
        }
        writeFileSync(f.path, f.text);
        io.stdout(`wrote ${shown(f.path)}\n`);
      }
    } catch (e) {
      throw new CliError(`cannot write schema files to ${shown(outDir)}: ${(e as Error).message}`);
    }
    return EXIT.ok;
  },
});

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
