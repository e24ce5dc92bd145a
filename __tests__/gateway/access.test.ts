// Keyless callers: the prod sample's policy validates Entra ID tokens, maps them to consumers, answers 401/403 in
// the gateway's JSON shape and applies per-consumer quotas; the mapping is run as C# (Mono) against generated
// consumers and compared with the TypeScript definition.
import fc from "fast-check";
import { join } from "node:path";
import { loadConfigDir } from "../../io/config-files";
import { csharpUnavailable, runCsharp } from "../../io/csharp";
import { type AccessPlan, consumerOf } from "../../routing/gateway/access";
import { type PolicyExpression, runnableUnit } from "../../routing/gateway/csharp";
import { gatewayPlan } from "../../routing/gateway/plan";
import { accessPlan } from "../../routing/gateway/access";
import { routingVersion } from "../../routing/table/hash";
import { routingTable } from "../../routing/table/table";
import { type Node, fixture, parsePolicy } from "./helpers";

const config = loadConfigDir(join(__dirname, "..", "..")).config!;
const prod = config.environments.find((e) => e.name === "prod")!;
const prodPlan = gatewayPlan(routingTable(config, prod), routingVersion(routingTable(config, prod)), { access: accessPlan(prod) });
const walk = (n: Node): Node[] => [n, ...n.children.flatMap(walk)];
const policyOf = (shape: string) => parsePolicy(prodPlan.apis.find((a) => a.shape === shape)!.policy.xml);

describe("keyless callers in the prod sample", () => {
  test("the policy validates Entra ID tokens of the configured tenant and audience before routing", () => {
    const inbound = policyOf("chat-completions").children.find((c) => c.name === "inbound")!;
    const validate = walk(inbound).find((n) => n.name === "validate-azure-ad-token")!;
    expect(validate.attrs).toMatchObject({ "tenant-id": "11111111-2222-3333-4444-555555555555", "header-name": "Authorization" });
    expect(
      walk(validate)
        .filter((n) => n.name === "audience")
        .map((n) => n.text),
    ).toEqual(["api://foundry-routes-prod"]);
    // AND subscription keys are off: no key is needed, and none is created
    expect(prodPlan.subscriptionRequired).toBe(false);
  });

  test("unknown callers get 401, a class the consumer may not use 403, an invalid token 401, all in the JSON shape", () => {
    const doc = policyOf("chat-completions");
    const statuses = walk(doc)
      .filter((n) => n.name === "return-response")
      .map((r) => {
        const status = r.children.find((c) => c.name === "set-status")!.attrs.code;
        const body = r.children.find((c) => c.name === "set-body")!.text;
        return `${status} ${/string code = "([a-z-]+)"/.exec(body)?.[1] ?? "?"}`;
      });
    expect(new Set(statuses)).toEqual(
      new Set(["400 invalid-body", "401 unknown-consumer", "400 ?", "403 class-not-allowed", "401 invalid-token"]),
    );
  });

  test("quotas are counted per environment, API, consumer and class", () => {
    const limits = (shape: string) =>
      walk(policyOf(shape))
        .filter((n) => n.name === "llm-token-limit" && n.attrs["token-quota"] !== undefined)
        .map((n) => `${n.attrs["counter-key"]} ${n.attrs["token-quota"]}/${n.attrs["token-quota-period"]}`);
    expect(limits("anthropic-messages")).toEqual([
      "prod:anthropic-messages:ide-assistant:agentic-session 200000000/Monthly",
      "prod:anthropic-messages:support-desk:* 50000000/Daily",
    ]);
    expect(limits("chat-completions")).toEqual(["prod:chat-completions:support-desk:* 50000000/Daily"]);
  });
});

const unavailable = csharpUnavailable();
if (unavailable) process.stderr.write(`consumer mapping execution skipped: ${unavailable}\n`);
const withRuntime = unavailable ? test.skip : test;

withRuntime("GIVEN generated consumers WHEN tokens with their ids are evaluated as C# THEN the policy maps them as consumerOf does", () => {
  const guid = fc.constantFrom(
    ...Array.from({ length: 12 }, (_, i) => `${String(i).padStart(8, "0")}-0000-4000-8000-00000000000${i % 10}`),
  );
  const tables = fixture().tables;
  const table = tables.get("prod")!;
  const classes = table.routes.filter((r) => r.api === "chat-completions").map((r) => r.taskClass);
  const consumers = fc.uniqueArray(
    fc.record({
      id: fc.constantFrom("a", "b", "team-c", "d"),
      identities: fc.uniqueArray(guid, { minLength: 1, maxLength: 3 }),
      taskClasses: fc.subarray(classes, { minLength: 1 }),
    }),
    { minLength: 1, maxLength: 4, selector: (c) => c.id },
  );
  const samples = fc.sample(consumers, { numRuns: 3, seed: 42 });
  // All samples in one program (one compile): sample s's three expressions are methods 3s, 3s + 1 and 3s + 2.
  const exprs: PolicyExpression[] = [];
  const blocks: string[] = [];
  const want: string[] = [];
  samples.forEach((raw, s) => {
    // GIVEN an access plan whose identities may overlap across consumers (the first consumer by id wins, as in TS)
    const access: AccessPlan = {
      tenantId: "11111111-2222-3333-4444-555555555555",
      audiences: ["api://x"],
      subscriptionKeys: false,
      consumers: raw.map((c) => ({ ...c, taskClasses: [...c.taskClasses].sort(), quotas: [] })).sort((a, b) => (a.id < b.id ? -1 : 1)),
    };
    const xml = gatewayPlan(table, "0123456789ab", { access }).apis.find((a) => a.shape === "chat-completions")!.policy.xml;
    const inbound = parsePolicy(xml).children.find((c) => c.name === "inbound")!;
    const code = (name: string) => walk(inbound).find((n) => n.name === "set-variable" && n.attrs.name === name)!.attrs.value!;
    const forbidden = walk(inbound).find(
      (n) =>
        n.name === "when" &&
        n.children.some((c) => c.name === "return-response" && c.children.some((x) => x.name === "set-status" && x.attrs.code === "403")),
    )!;
    for (const c of [code("fr-consumer"), code("fr-consumer-classes"), forbidden.attrs.condition!]) {
      exprs.push({ kind: c.startsWith("@{") ? "block" : "expression", code: c.slice(2, -1) });
    }
    // WHEN every identity (and an unknown one), under each claim, asks for every class
    const cases: { claim: string; id: string; taskClass: string }[] = [];
    for (const id of [...new Set(raw.flatMap((c) => c.identities)), "ffffffff-0000-4000-8000-000000000000"])
      for (const claim of ["appid", "azp", "oid"])
        for (const taskClass of classes) cases.push({ claim, id: claim === "azp" ? id.toUpperCase() : id, taskClass });
    for (const k of cases) {
      blocks.push(
        [
          "    {",
          "      var ctx = new Context();",
          `      ctx.Vars["fr-jwt"] = new Jwt { Claims = new Dictionary<string, string[]> { { ${JSON.stringify(k.claim)}, new string[] { ${JSON.stringify(k.id)} } } } };`,
          `      ctx.Vars["fr-task-class"] = ${JSON.stringify(k.taskClass)};`,
          `      string consumer = (string)p.Run(${3 * s}, ctx); ctx.Vars["fr-consumer"] = consumer;`,
          `      ctx.Vars["fr-consumer-classes"] = (string)p.Run(${3 * s + 1}, ctx);`,
          `      Console.WriteLine("${s} " + consumer + " " + p.Run(${3 * s + 2}, ctx));`,
          "    }",
        ].join("\n"),
      );
      // The TypeScript mapping: the consumer (or none), and whether the class is forbidden
      const c = consumerOf(access, k.id);
      want.push(`${s} ${c?.id ?? ""} ${c?.taskClasses.includes(k.taskClass) ? "False" : "True"}`);
    }
  });
  const got = runCsharp(runnableUnit(exprs, ["    var p = new PolicyExpressions();", ...blocks].join("\n")))
    .trim()
    .split("\n");
  // THEN each answer of each sample is the TypeScript mapping
  expect(got).toEqual(want);
});
