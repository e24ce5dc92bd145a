// `foundry-routes validate` in-process against config directories written by each test.
// Policy rules are test doubles, so the outcome depends on the fixture, not on the live rule catalogue.
import { mkdirSync, symlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { readConfigDir } from "../../io/config-files";
import { formatFinding } from "../../routing/findings";
import type { Rule } from "../../routing/rules/rule";
import { validateFiles } from "../../routing/validate";
import { validateCommand } from "../../cli/commands/validate";
import { stringify } from "yaml";
import { type EnvYaml, account, asRecord, deployment, env, route, smallestConfig, taskClass, toFiles } from "../../fixtures/builder";
import { STACK_FRAME, removeTemps, run, tempRoot, validConfig } from "./helpers";

/** Warns about every route (subject: its task class). */
const ROUTE_WARNING: Rule = {
  id: "FR-TEST-1",
  level: "warning",
  title: "route noticed",
  explanation: "test double",
  fix: "none",
  check: (config) =>
    config.environments.flatMap((env) =>
      env.spec.routes.map((r, i) => ({
        file: env.file,
        path: ["routes", i],
        message: `route for ${r.taskClass} noticed`,
        subject: r.taskClass,
      })),
    ),
};

/** Errors on deployments with capacity above 100 (subject: the deployment ref). */
const CAPACITY_ERROR: Rule = {
  id: "FR-TEST-2",
  level: "error",
  title: "capacity too high",
  explanation: "test double",
  fix: "lower it",
  check: (config) =>
    config.environments.flatMap((env) =>
      env.spec.accounts.flatMap((a, ai) =>
        a.deployments.flatMap((d, di) =>
          d.capacity > 100
            ? [
                {
                  file: env.file,
                  path: ["accounts", ai, "deployments", di, "capacity"],
                  message: `capacity ${d.capacity} is above 100`,
                  subject: `${a.id}/${d.name}`,
                },
              ]
            : [],
        ),
      ),
    ),
};

const COMMANDS = [validateCommand([ROUTE_WARNING, CAPACITY_ERROR])];
const QUIET = [validateCommand([])];

/** The smallest config with a second task class, batch, and the environment files given (file name → data). */
function config(envs: Record<string, EnvYaml>): Record<string, string> {
  const data = smallestConfig();
  data.taskClasses.taskClasses.push(
    taskClass("batch", { description: "Overnight summaries", latency: "low", tokenVolume: "high", complexity: "low" }),
  );
  const files: Record<string, string> = { ...asRecord(toFiles({ ...data, envs: {} })) };
  for (const [name, e] of Object.entries(envs)) files[`config/environments/${name}`] = stringify(e);
  return files;
}

/** An environment with one deployment and a route per task class given. */
function envYaml(opts: { capacity?: number; routes?: string[]; suppressions?: EnvYaml["suppressions"] } = {}): EnvYaml {
  return env({
    resourceGroup: { existing: "rg-foundry" },
    accounts: [account("eus2", "eastus2", [deployment("gpt-4o-mini", "gpt-4o-mini", { capacity: opts.capacity ?? 10 })])],
    routes: (opts.routes ?? ["chat"]).map((tc) => route(tc, "eus2/gpt-4o-mini")),
    ...(opts.suppressions ? { suppressions: opts.suppressions } : {}),
  });
}

function lines(text: string): string[] {
  return text.split("\n").filter((l) => l !== "");
}

afterEach(removeTemps);

describe("foundry-routes validate: exit codes and output", () => {
  test("a clean config exits 0 and prints only the summary, one line per file", async () => {
    // GIVEN a valid config and no rule that fires
    const root = tempRoot(config({ "dev.yaml": envYaml(), "prod.yaml": envYaml() }));
    // WHEN validated
    const r = await run(["validate"], { cwd: root, commands: QUIET });
    // THEN exit 0, nothing on stderr, a zero summary for catalog, task classes and each environment
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(lines(r.out)).toEqual([
      "config/models.yaml: 0 errors, 0 warnings, 0 suppressed",
      "config/task-classes.yaml: 0 errors, 0 warnings, 0 suppressed",
      "dev: 0 errors, 0 warnings, 0 suppressed",
      "prod: 0 errors, 0 warnings, 0 suppressed",
    ]);
  });

  test("warnings alone exit 0 and are printed with file, line and path", async () => {
    // GIVEN two routes, each drawing a warning
    const root = tempRoot(config({ "dev.yaml": envYaml({ routes: ["chat", "batch"] }) }));
    // WHEN validated
    const r = await run(["validate"], { cwd: root, commands: COMMANDS });
    // THEN exit 0, the warnings as formatFinding prints them, counted in the summary
    const expected = validateFiles(readConfigDir(root), [ROUTE_WARNING, CAPACITY_ERROR]).findings.map(formatFinding);
    expect(r.code).toBe(0);
    expect(expected).toHaveLength(2);
    expect(lines(r.out).slice(0, 2)).toEqual(expected);
    expect(expected[0]).toMatch(/^warning FR-TEST-1 config\/environments\/dev\.yaml:\d+:\d+ routes\[0\]: route for chat noticed$/);
    expect(lines(r.out)).toContain("dev: 0 errors, 2 warnings, 0 suppressed");
  });

  test("errors exit 1; output is errors, then warnings, then a suppressed: section with reasons", async () => {
    // GIVEN an error (capacity 500), two warnings, one of them suppressed for task class batch
    const suppressions = [{ rule: "FR-TEST-1", reason: "batch routes are reviewed by the data team", subjects: ["batch"] }];
    const root = tempRoot(config({ "dev.yaml": envYaml({ capacity: 500, routes: ["chat", "batch"], suppressions }) }));
    // WHEN validated
    const r = await run(["validate"], { cwd: root, commands: COMMANDS });
    // THEN exit 1 and the groups come in that order, the suppressed one indented under its heading with its reason
    expect(r.code).toBe(1);
    const out = lines(r.out);
    expect(out[0]).toMatch(
      /^error FR-TEST-2 config\/environments\/dev\.yaml:\d+:\d+ accounts\[0\]\.deployments\[0\]\.capacity: capacity 500 is above 100$/,
    );
    expect(out[1]).toMatch(/^warning FR-TEST-1 .* routes\[0\]: route for chat noticed$/);
    expect(out[2]).toBe("suppressed:");
    expect(out[3]).toMatch(
      /^ {2}suppressed FR-TEST-1 .* routes\[1\]: route for batch noticed \[reason: batch routes are reviewed by the data team\]$/,
    );
    expect(out).toContain("dev: 1 error, 1 warning, 1 suppressed");
  });

  test("a suppressed error does not fail the run, but is still listed", async () => {
    // GIVEN the capacity error suppressed with a reason
    const suppressions = [{ rule: "FR-TEST-2", reason: "approved burst capacity for the launch" }];
    const root = tempRoot(config({ "dev.yaml": envYaml({ capacity: 500, routes: [], suppressions }) }));
    // WHEN validated
    const r = await run(["validate"], { cwd: root, commands: COMMANDS });
    // THEN exit 0, with the finding under suppressed:
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^suppressed:\n {2}suppressed FR-TEST-2 .*\[reason: approved burst capacity for the launch\]$/m);
    expect(lines(r.out)).toContain("dev: 0 errors, 0 warnings, 1 suppressed");
  });

  test("a schema error exits 1, names file and line, and says the policy rules did not run", async () => {
    // GIVEN a weight written as a string
    const root = tempRoot(
      config({ "dev.yaml": { ...envYaml(), routes: [route("chat", [["eus2/gpt-4o-mini", "100" as unknown as number]])] } }),
    );
    // WHEN validated
    const r = await run(["validate"], { cwd: root, commands: COMMANDS });
    // THEN exit 1, the FR-SCHEMA line, a count on dev, and an explicit note instead of a misleading clean bill
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /^error FR-SCHEMA config\/environments\/dev\.yaml:\d+:\d+ routes\[0\]\.targets\[0\]\.weight: expected number, but found "100"$/m,
    );
    expect(lines(r.out)).toContain("dev: 1 error, 0 warnings, 0 suppressed");
    expect(lines(r.out).at(-1)).toBe("policy rules not run: fix the errors above first");
    expect(r.err).toBe("");
  });

  test("a misnamed environment file is refused by name (exit 2), never ignored", async () => {
    // GIVEN Prod.yml next to dev.yaml
    const root = tempRoot(config({ "dev.yaml": envYaml(), "Prod.yml": envYaml() }));
    // WHEN validated
    const r = await run(["validate"], { cwd: root, commands: QUIET });
    // THEN exit 2 and one line names the file and what is allowed
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/config\/environments\/Prod\.yml: .*end in \.yaml/);
  });

  test("a newline in an environment file name is shown escaped: the refusal stays one line", async () => {
    // GIVEN an environment file named "de<newline>v.yaml" next to dev.yaml
    const root = tempRoot(config({ "dev.yaml": envYaml(), "de\nv.yaml": envYaml() }));
    // WHEN validated
    const r = await run(["validate"], { cwd: root, commands: QUIET });
    // THEN exit 2, and one line names the file with the newline written as \n
    expect(r.code).toBe(2);
    expect(r.err.trimEnd().split("\n")).toHaveLength(1);
    expect(r.err).toContain("config/environments/de\\nv.yaml: cannot read");
  });

  test("a missing config/ directory exits 2 with one line on stderr and no stack", async () => {
    // GIVEN an empty directory
    const root = tempRoot();
    // WHEN validated
    const r = await run(["validate"], { cwd: root, commands: COMMANDS });
    // THEN exit 2, nothing on stdout, a single message naming the directory and --config-root
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(lines(r.err)).toHaveLength(1);
    expect(r.err).toMatch(/^foundry-routes validate: no config\/ directory in .*--config-root DIR\)$/m);
    expect(r.err).not.toMatch(STACK_FRAME);
  });

  test("an unreadable file (a dangling link, a directory in place of a file) exits 2 with one line naming it", async () => {
    // GIVEN config/environments/qa.yaml linking to nothing, and in a second config a directory called models.yaml
    const dangling = tempRoot(config({ "dev.yaml": envYaml() }));
    symlinkSync(join(dangling, "does-not-exist.yaml"), join(dangling, "config/environments/qa.yaml"));
    const files = config({ "dev.yaml": envYaml() });
    delete files["config/models.yaml"];
    const directory = tempRoot(files);
    mkdirSync(join(directory, "config/models.yaml"));
    const cases: [string, string, string][] = [
      [dangling, "config/environments/qa.yaml", "cannot read (a link to a file that does not exist)"],
      [directory, "config/models.yaml", "cannot read (a directory where a YAML file was expected)"],
    ];
    for (const [root, file, why] of cases) {
      // WHEN validated
      const r = await run(["validate"], { cwd: root, commands: COMMANDS });
      // THEN exit 2, one line on stderr naming the file, nothing on stdout
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err).toBe(`foundry-routes validate: ${file}: ${why}\n`);
    }
  });

  test("a missing models.yaml is a finding (exit 1), not a usage error", async () => {
    // GIVEN config/ without models.yaml
    const files = config({ "dev.yaml": envYaml() });
    delete files["config/models.yaml"];
    // WHEN validated
    const r = await run(["validate"], { cwd: tempRoot(files), commands: QUIET });
    // THEN exit 1 with the file named
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^error FR-SCHEMA config\/models\.yaml: file not found/m);
  });

  test("--config-root points at a config elsewhere, relative to the working directory or absolute", async () => {
    // GIVEN a config in <tmp>/<repo>
    const root = tempRoot(config({ "dev.yaml": envYaml({ capacity: 500 }) }));
    const cases: [string, string][] = [
      [dirname(root), basename(root)],
      ["/", root],
    ];
    for (const [cwd, configRoot] of cases) {
      // WHEN validated from elsewhere
      const r = await run(["--config-root", configRoot, "validate"], { cwd, commands: COMMANDS });
      // THEN the config is found and its error reported
      expect(r.code).toBe(1);
      expect(r.out).toContain("capacity 500 is above 100");
    }
  });
});

describe("foundry-routes validate --env", () => {
  const files = () => config({ "dev.yaml": envYaml(), "prod.yaml": envYaml({ capacity: 500 }), "staging.yaml": envYaml() });

  test("without --env every environment is validated and summarised", async () => {
    const r = await run(["validate"], { cwd: tempRoot(files()), commands: COMMANDS });
    expect(r.code).toBe(1);
    expect(lines(r.out).filter((l) => /^(dev|prod|staging): /.test(l))).toEqual([
      "dev: 0 errors, 1 warning, 0 suppressed",
      "prod: 1 error, 1 warning, 0 suppressed",
      "staging: 0 errors, 1 warning, 0 suppressed",
    ]);
  });

  test("--env restricts findings and summary to that environment (with catalog and task classes)", async () => {
    // GIVEN prod has an error, dev does not
    const root = tempRoot(files());
    // WHEN dev alone is validated
    const dev = await run(["validate", "--env", "dev"], { cwd: root, commands: COMMANDS });
    // THEN exit 0 and nothing about prod or staging appears
    expect(dev.code).toBe(0);
    expect(dev.out).not.toMatch(/prod|staging/);
    expect(lines(dev.out).slice(-3)).toEqual([
      "config/models.yaml: 0 errors, 0 warnings, 0 suppressed",
      "config/task-classes.yaml: 0 errors, 0 warnings, 0 suppressed",
      "dev: 0 errors, 1 warning, 0 suppressed",
    ]);
    // AND prod alone fails
    const prod = await run(["validate", "--env=prod"], { cwd: root, commands: COMMANDS });
    expect(prod.code).toBe(1);
    expect(prod.out).not.toMatch(/dev\.yaml|^dev:/m);
    expect(lines(prod.out)).toContain("prod: 1 error, 1 warning, 0 suppressed");
  });

  test("--env ignores broken files of other environments", async () => {
    // GIVEN staging is not even valid YAML
    const broken = { ...files(), "config/environments/staging.yaml": "routes: [\n" };
    // WHEN dev alone is validated
    const r = await run(["validate", "--env", "dev"], { cwd: tempRoot(broken), commands: COMMANDS });
    // THEN dev passes on its own
    expect(r.code).toBe(0);
    expect(r.out).not.toContain("staging");
  });

  test("--env still reports a broken catalog", async () => {
    const broken = { ...files(), "config/models.yaml": "models: []\n" };
    const r = await run(["validate", "--env", "dev"], { cwd: tempRoot(broken), commands: COMMANDS });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^error FR-SCHEMA config\/models\.yaml:/m);
  });

  test("an unknown environment exits 2 and lists the known ones", async () => {
    const r = await run(["validate", "--env", "qa"], { cwd: tempRoot(files()), commands: COMMANDS });
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err.split("\n")[0]).toBe('foundry-routes validate: unknown environment "qa" (known environments: dev, prod, staging)');
    expect(r.err).not.toMatch(STACK_FRAME);
  });

  test("a misnamed file is not a known environment", async () => {
    const r = await run(["validate", "--env", "Prod"], {
      cwd: tempRoot(config({ "dev.yaml": envYaml(), "Prod.yml": envYaml() })),
      commands: COMMANDS,
    });
    expect(r.code).toBe(2);
    expect(r.err).toContain("config/environments/Prod.yml");
  });
});

describe("foundry-routes validate --format json", () => {
  test("prints {findings, summary} with a fixed key order, the same findings and counts as text", async () => {
    // GIVEN an error, a warning and a suppressed warning
    const suppressions = [{ rule: "FR-TEST-1", reason: "batch routes are reviewed by the data team", subjects: ["batch"] }];
    const root = tempRoot(config({ "dev.yaml": envYaml({ capacity: 500, routes: ["chat", "batch"], suppressions }) }));
    // WHEN validated as JSON and as text
    const json = await run(["validate", "--format", "json"], { cwd: root, commands: COMMANDS });
    const text = await run(["validate"], { cwd: root, commands: COMMANDS });
    // THEN the exit codes agree, the document parses, and keys come in the documented order
    expect(json.code).toBe(1);
    expect(json.code).toBe(text.code);
    const doc = JSON.parse(json.out);
    expect(Object.keys(doc)).toEqual(["findings", "summary"]);
    expect(doc.findings.map((f: { level: string; suppressed: unknown }) => [f.level, f.suppressed === null])).toEqual([
      ["error", true],
      ["warning", true],
      ["warning", false],
    ]);
    for (const f of doc.findings)
      expect(Object.keys(f)).toEqual(["rule", "level", "file", "path", "line", "column", "message", "subject", "suppressed"]);
    expect(doc.findings[2].suppressed).toEqual({ reason: "batch routes are reviewed by the data team" });
    expect(doc.findings[0]).toMatchObject({ rule: "FR-TEST-2", subject: "eus2/gpt-4o-mini", line: expect.any(Number) });
    expect(Object.keys(doc.summary)).toEqual(["rulesRun", "errors", "warnings", "suppressed", "scopes"]);
    expect(doc.summary).toMatchObject({ rulesRun: true, errors: 1, warnings: 1, suppressed: 1 });
    expect(doc.summary.scopes.map((s: { kind: string; name: string }) => [s.kind, s.name])).toEqual([
      ["catalog", "config/models.yaml"],
      ["task-classes", "config/task-classes.yaml"],
      ["environment", "dev"],
    ]);
    // AND each text finding line corresponds to a JSON finding
    const textFindings = lines(text.out).filter((l) => /^ *(error|warning|suppressed) FR-/.test(l));
    expect(textFindings).toHaveLength(doc.findings.length);
  });

  test("JSON output is byte-for-byte stable across runs and unknown positions are null", async () => {
    const files = config({ "dev.yaml": envYaml() });
    delete files["config/models.yaml"];
    const root = tempRoot(files);
    const a = await run(["validate", "--format=json"], { cwd: root, commands: COMMANDS });
    const b = await run(["validate", "--format=json"], { cwd: root, commands: COMMANDS });
    expect(a.out).toBe(b.out);
    const doc = JSON.parse(a.out);
    expect(doc.findings[0]).toMatchObject({ file: "config/models.yaml", line: null, column: null, subject: null });
    expect(doc.summary.rulesRun).toBe(false);
  });
});

describe("foundry-routes validate usage errors", () => {
  test.each([
    [["validate", "--evn", "dev"], /^foundry-routes validate: unknown option --evn \(did you mean --env\?\)$/m],
    [["validate", "--env"], /^foundry-routes validate: option --env needs a value/m],
    [["validate", "--format", "yaml"], /^foundry-routes validate: option --format expected one of text, json, but found "yaml"$/m],
    [["validate", "extra"], /^foundry-routes validate: unexpected argument "extra"$/m],
  ])("%j exits 2 with the usage and no stack", async (argv, message) => {
    const r = await run(argv, { cwd: tempRoot(config({ "dev.yaml": envYaml() })), commands: COMMANDS });
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/^usage: foundry-routes validate \[--env NAME\] \[--format text\|json\]$/m);
    expect(r.err).not.toMatch(STACK_FRAME);
  });
});

describe("foundry-routes validate with the live rule catalogue", () => {
  test("the exit code agrees with validateFiles on the same files", async () => {
    // GIVEN the smallest valid config, and the real `validate` command
    const root = tempRoot(validConfig());
    // WHEN validated through the CLI
    const r = await run(["validate"], { cwd: root });
    // THEN exit 1 exactly when the library reports unsuppressed errors, and every finding is printed
    const expected = validateFiles(readConfigDir(root));
    expect(r.code).toBe(expected.errors.length > 0 ? 1 : 0);
    for (const f of expected.findings) expect(r.out).toContain(formatFinding(f));
    expect(r.err).toBe("");
  });
});
