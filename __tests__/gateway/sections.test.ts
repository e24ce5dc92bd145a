// Policy sections run in order (inbound, backend, outbound, on-error); a value is known only once a section set it.
// A static check: no expression reads a variable that only a later section sets (such a read is always empty).
import fc from "fast-check";
import { join } from "node:path";
import { loadConfigDir } from "../../io/config-files";
import { environmentGatewayPlan, gatewayPlan } from "../../routing/gateway/plan";
import { type Node, arbitraryTable, parsePolicy } from "./helpers";
import { runs } from "../runs";

const SECTIONS = ["inbound", "backend", "outbound", "on-error"] as const;

/** Variables read before any section up to and including the reading one sets them: `<section>: <name>`. */
function lateReads(xml: string): string[] {
  const root = parsePolicy(xml);
  const walk = (n: Node): Node[] => [n, ...n.children.flatMap(walk)];
  const setIn = new Map<string, number>();
  SECTIONS.forEach((s, i) => {
    for (const n of root.children.filter((c) => c.name === s).flatMap(walk)) {
      // set-variable, and the policies that write a variable (validate-azure-ad-token's output-token-variable-name)
      const name = n.name === "set-variable" ? n.attrs.name : n.attrs["output-token-variable-name"];
      if (name !== undefined && !setIn.has(name)) setIn.set(name, i);
    }
  });
  const reads = (code: string) =>
    [...code.matchAll(/context\.Variables(?:\[|\.GetValueOrDefault<[^>]+>\()\s*"([^"]+)"/g)].map((m) => m[1]!);
  const late: string[] = [];
  SECTIONS.forEach((s, i) => {
    for (const n of root.children.filter((c) => c.name === s).flatMap(walk)) {
      for (const code of [...Object.values(n.attrs), n.text]) {
        for (const name of reads(code)) if (!setIn.has(name) || setIn.get(name)! > i) late.push(`${s}: ${name}`);
      }
    }
  });
  return late;
}

function samplePolicies(): string[] {
  const config = loadConfigDir(join(__dirname, "..", "..")).config!;
  return config.environments.flatMap((env) => {
    return env.spec.gateway ? environmentGatewayPlan(config, env).apis.map((a) => a.policy.xml) : [];
  });
}

describe("gateway policy: sections read only what is already set", () => {
  test("the sample's policies read no variable before it is set", () => {
    // GIVEN the sample's gateway policies WHEN every expression's variable reads are checked
    const xmls = samplePolicies();
    expect(xmls.length).toBeGreaterThan(0);
    // THEN none reads a variable that only a later section sets
    for (const xml of xmls) expect(lateReads(xml)).toEqual([]);
  });

  test("GIVEN generated tables WHEN their policies are checked THEN no section reads ahead", () => {
    fc.assert(
      fc.property(arbitraryTable({ maxRoutes: 6 }), (table) => {
        // An API no route uses answers every request 400 in inbound; nothing after that runs.
        for (const api of gatewayPlan(table, "0123456789ab").apis.filter((a) => a.policy.taskClasses.length > 0)) {
          expect(lateReads(api.policy.xml)).toEqual([]);
        }
      }),
      { numRuns: runs(25) },
    );
  });

  test("a metric in inbound that reads the served deployment is caught", () => {
    // GIVEN a sample policy with a token-metric dimension reading a backend-section variable (the old layout)
    const xml = samplePolicies()[0]!.replace(
      '<dimension name="task-class"',
      '<dimension name="deployment" value="@(context.Variables.GetValueOrDefault&lt;string&gt;(&quot;fr-served-deployment&quot;, &quot;&quot;))" /><dimension name="task-class"',
    );
    // WHEN checked THEN the read is reported with its section
    expect(lateReads(xml)).toEqual(["inbound: fr-served-deployment"]);
  });
});
