// Every C# expression of the generated policies compiles with a real C# compiler (mcs) against a typed stub of the
// documented APIM context, and names only allowed types. Skips, saying why, where mcs is not installed.
import { join } from "node:path";
import { loadConfigDir } from "../../io/config-files";
import { compileCsharp, csharpUnavailable } from "../../io/csharp";
import { compilationUnit, disallowedTypes, policyExpressions, type PolicyExpression } from "../../routing/gateway/csharp";
import { environmentGatewayPlan, gatewayPlan } from "../../routing/gateway/plan";
import { tableOf } from "../../fixtures/builder";
import { ODD_STRINGS, fixture } from "./helpers";

const unavailable = csharpUnavailable();
if (unavailable) process.stderr.write(`C# compile check skipped: ${unavailable}\n`);
const withCompiler = unavailable ? test.skip : test;

function sampleXml(): string[] {
  const config = loadConfigDir(join(__dirname, "..", "..")).config!;
  return config.environments.flatMap((env) => (env.spec.gateway ? environmentGatewayPlan(config, env).apis.map((a) => a.policy.xml) : []));
}

function sampleExpressions(): PolicyExpression[] {
  const config = loadConfigDir(join(__dirname, "..", "..")).config!;
  return config.environments.flatMap((env) => {
    return env.spec.gateway ? environmentGatewayPlan(config, env).apis.flatMap((a) => policyExpressions(a.policy.xml)) : [];
  });
}

describe("gateway policy C#", () => {
  const sample = sampleExpressions();
  // The fixture's prod and a table whose every name is an odd string (quotes, braces, `@`, non-ASCII, …).
  const oddTable = tableOf(
    "dev",
    ODD_STRINGS.map((s, i) => ({ id: `m${i}`, vendor: "microsoft" as const, api: "chat-completions" as const, version: s })),
    [{ id: "acct", region: "eastus2", deployments: ODD_STRINGS.map((s, i) => ({ name: s, model: `m${i}` })) }],
    // Every class also asks for content safety: its <when> condition is C# with the odd name in it.
    ODD_STRINGS.map((s) => ({
      taskClass: s,
      targets: [{ deployment: `acct/${s}`, weight: 100 }],
      sticky: { header: s },
      contentSafety: {
        promptShield: true,
        outputType: "FourSeverityLevels" as const,
        categories: { hate: 2 },
        blocklists: [],
        enforceOnCompletions: false,
      },
    })),
    ODD_STRINGS[0],
  );
  const odd = [fixture().tables.get("prod")!, oddTable].flatMap((t) =>
    gatewayPlan(t, "0123456789ab").apis.flatMap((a) => policyExpressions(a.policy.xml)),
  );

  test("the sample's and the odd-name fixture's policies carry expressions to check", () => {
    expect(sample.length).toBeGreaterThan(100);
    expect(odd.length).toBeGreaterThan(50);
    // including the conditions that apply content safety to one class (prod's customer-email, every odd class)
    const safetyConditions = (xml: string) => (xml.match(/<when condition="[^"]*">\s*<llm-content-safety/g) ?? []).length;
    expect(sampleXml().reduce((n, x) => n + safetyConditions(x), 0)).toBeGreaterThan(0);
    expect(gatewayPlan(oddTable, "0123456789ab").apis.reduce((n, a) => n + safetyConditions(a.policy.xml), 0)).toBe(ODD_STRINGS.length);
  });

  withCompiler("every expression compiles with mcs against the documented context", () => {
    // GIVEN every expression of the sample's policies and of a fixture with odd names
    // WHEN they are compiled in one unit THEN mcs reports no error
    expect(compileCsharp(compilationUnit([...sample, ...odd]))).toEqual([]);
  });

  withCompiler("a planted type error fails the check", () => {
    // GIVEN one expression that reads a member the documented context does not have, and one that mistypes
    const planted: PolicyExpression[] = [
      { kind: "expression", code: "context.Request.Nope" },
      { kind: "block", code: 'int n = "text"; return n;' },
    ];
    // WHEN compiled THEN mcs refuses both
    const errors = compileCsharp(compilationUnit([...sample, ...planted]));
    expect(errors.some((e) => e.includes("Nope"))).toBe(true);
    expect(errors.length).toBeGreaterThanOrEqual(2);
  });

  test("expressions name only allowed types", () => {
    // GIVEN the sample's expressions WHEN every type they name is checked THEN all are on the allow-list
    expect(disallowedTypes([...sample, ...odd])).toEqual([]);
  });

  test("System.Object and other unlisted types are refused", () => {
    // GIVEN expressions that build an object[] and use System.IO
    const planted: PolicyExpression[] = [
      { kind: "expression", code: 'new JArray(new object[] { "a" })' },
      { kind: "block", code: 'return File.ReadAllText("/etc/hosts");' },
    ];
    // WHEN checked THEN both types are named
    expect(disallowedTypes(planted).map((d) => d.type)).toEqual(["object", "File"]);
  });
});
