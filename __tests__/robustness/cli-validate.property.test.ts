// Property: the CLI's validate command, run in-process on config written to disk, answers any generated config
// (valid or broken) with exit 0 or 1 and readable output, agreeing with the library; never exit 70 or a stack.
import { join } from "node:path";
import fc from "fast-check";
import { writeFiles } from "../../fixtures/builder";
import { captureIo } from "../../cli/io";
import { runCli } from "../../cli/run";
import { loadConfig } from "../../routing/config/loader";
import { validateLoaded } from "../../routing/validate";
import { dataMutation, params, serialize, smallConfig, textMutation } from "./support";
import { removeDir, tempDir } from "./tree";
import { MAX_CONFIG_FILE_BYTES } from "../../io/config-files";

let work: string;
beforeAll(() => (work = tempDir("cli-validate")));
afterAll(() => removeDir(work));

describe("foundry-routes validate on generated configs", () => {
  it("exits 0 or 1 as the library decides, with findings and no stack trace", async () => {
    let n = 0;
    // GIVEN a generated config with zero or more data mistakes and at most one text mistake, written to disk
    await fc.assert(
      fc.asyncProperty(
        smallConfig,
        fc.array(dataMutation, { maxLength: 2 }),
        fc.option(fc.record({ file: fc.nat(), change: textMutation }), { nil: undefined }),
        fc.constantFrom("text", "json"),
        async (data, mutations, text, format) => {
          for (const m of mutations) m.apply(data);
          const files = serialize(data, "plain", 0);
          if (text) {
            const name = [...files.keys()][text.file % files.size];
            files.set(name!, text.change.apply(files.get(name!)!));
          }
          const root = join(work, `case-${n++}`);
          writeFiles(root, files);
          // WHEN `validate` runs in-process
          const io = captureIo(root);
          const code = await runCli(["validate", "--format", format], io);
          removeDir(root);
          // THEN the exit code is the library's verdict, output exists, and nothing leaks internals
          // A file over the size limit is refused unread (exit 2) by the disk layer, before the library sees it.
          const tooBig = [...files.values()].some((body) => Buffer.byteLength(body) > MAX_CONFIG_FILE_BYTES);
          const expected = tooBig ? 2 : validateLoaded(loadConfig(files)).errors.length > 0 ? 1 : 0;
          expect({ code, err: io.err() }).toEqual({ code: expected, err: expect.not.stringMatching(/internal error|\n\s+at .+:\d+:\d+/) });
          // A refused file is one line on stderr; otherwise the report is on stdout.
          if (code === 2) expect(io.err().trim().split("\n")).toHaveLength(1);
          else expect(io.out().length).toBeGreaterThan(0);
          if (format === "json" && code !== 2) expect(() => JSON.parse(io.out())).not.toThrow();
        },
      ),
      params(200),
    );
  });
});
