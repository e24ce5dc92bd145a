import fc from "fast-check";
import { XMLValidator } from "fast-xml-parser";
import { type GatewayApiShape } from "../../routing/gateway/forwarding";
import { gatewayPlan } from "../../routing/gateway/plan";
import { FNV_OFFSET_BASIS, FNV_PRIME, GatewayPolicyTooLargeError, ROUTED_HEADERS } from "../../routing/gateway/policy";
import { csString, serialize, text } from "../../routing/gateway/xml";
import { fnv1a32, stickyBucket } from "../../routing/table/hash";
import { apiTable, resolve } from "../../routing/table/resolve";
import { BUCKETS, type RoutingTable } from "../../routing/table/table";
import { tableOf } from "../../fixtures/builder";
import {
  ODD_STRINGS,
  apimRawToXml,
  arbitraryTable,
  bucketConstants,
  comparable,
  csLiterals,
  csharpBucket,
  csharpIsBalanced,
  evaluatePolicy,
  expressions,
  fixture,
  readPolicy,
  tableFromPolicy,
} from "./helpers";
import { binaryString } from "../arbitraries";
import { runs } from "../runs";

const policies = (table: RoutingTable) => gatewayPlan(table, "0123456789ab").apis.map((a) => a.policy);
const prod = () => fixture().tables.get("prod")!;

/** Every property a generated policy must have, for any table. */
function expectFaithful(table: RoutingTable): void {
  for (const policy of policies(table)) {
    // well-formed XML, and the rawxml APIM receives is the same document
    expect(XMLValidator.validate(policy.xml)).toBe(true);
    expect(apimRawToXml(policy.rawXml)).toBe(policy.xml);
    // no user string escapes its C# literal; nothing Terraform would interpolate
    for (const e of expressions(policy.xml)) expect(csharpIsBalanced(e)).toBe(true);
    expect(policy.rawXml).not.toMatch(/[$%]\{/);
    // the decision table comes back out of the XML
    const read = readPolicy(policy.xml);
    const expected = apiTable(table, policy.api);
    expect(tableFromPolicy(read)).toEqual(comparable(expected));
    expect(read.validClasses).toEqual(expected.routes.map((r) => r.taskClass));
  }
}

describe("gateway policy: the XML carries the decision table", () => {
  test.each(["prod", "staging"])(
    "GIVEN the %s sample WHEN its policies are read back THEN every class, target, bucket, sticky key, fallback and limit is there",
    (env) => {
      // GIVEN the sample environment's table
      const table = fixture().tables.get(env)!;
      // WHEN its policies are generated and parsed with fast-xml-parser
      // THEN they carry the resolver's table, exactly
      expectFaithful(table);
    },
  );

  test("the prod sample's chat-completions policy, read back, spells out the routes", () => {
    // GIVEN prod
    const chat = policies(prod()).find((p) => p.api === "chat-completions")!;
    // WHEN it is read back
    const read = readPolicy(chat.xml);
    // THEN the reviewer-visible facts are there
    const autocomplete = read.routes.find((r) => r.taskClass === "autocomplete")!;
    expect(autocomplete.sticky).toEqual({ header: "x-session-id" });
    expect(autocomplete.targets.map((t) => [t.deployment, t.bucketStart, t.bucketEnd])).toEqual([
      ["eus2/gpt-4o-mini", 0, 70],
      ["eus2/gpt-4o", 70, 100],
    ]);
    expect(autocomplete.tokenLimit).toMatchObject({ tokensPerMinute: 20000, counterKey: "subscription" });
    expect(read.routes.find((r) => r.taskClass === "chat")!.sticky).toEqual({ subscription: true });
    expect(read.routes.find((r) => r.taskClass === "reasoning")!.tokenLimit).toMatchObject({ tokensPerMinute: 5000, counterKey: "ip" });
    expect(read.defaultRoute).toBe("chat");
    expect(read.backends.get("fr-prod-swc-gpt-4o")).toEqual({
      deployment: "swc/gpt-4o",
      modelLabel: "gpt-4o@2024-11-20",
      deploymentName: "gpt-4o",
      apiVersion: "2024-10-21",
    });
    expect(read.backends.get("fr-prod-eus2-mai-ds-r1")?.apiVersion).toBe("2024-05-01-preview");
  });

  test("every response carries the routing headers, on success and on error", () => {
    // GIVEN prod's policies
    for (const policy of policies(prod())) {
      // WHEN their outbound and on-error sections are read
      const read = readPolicy(policy.xml);
      // THEN both set all x-routed-* headers, the routing version from the named value, and the fallback header
      for (const headers of [read.outboundHeaders, read.onErrorHeaders]) {
        // (x-routed-consumer only where the environment validates tokens; the fixture does not)
        const { consumer: _, ...always } = ROUTED_HEADERS;
        expect(headers).toEqual(expect.arrayContaining(Object.values(always)));
        expect(headers).not.toContain(ROUTED_HEADERS.consumer);
      }
      expect(read.routingVersionRef).toBe("{{fr-prod-routing-version}}");
      expect(new Set(read.namedValueRefs)).toEqual(new Set(["fr-prod-routing-version"]));
    }
  });

  test("each API gets only the routes of its shape", () => {
    // GIVEN prod: three chat-completions routes and one anthropic-messages route
    const byApi = new Map(policies(prod()).map((p) => [p.api, readPolicy(p.xml)]));
    // WHEN the two policies are read
    // THEN code-review is only in the Anthropic API, the others only in the chat API
    expect(byApi.get("chat-completions")!.routes.map((r) => r.taskClass)).toEqual(["autocomplete", "chat", "reasoning"]);
    expect(byApi.get("anthropic-messages")!.routes.map((r) => r.taskClass)).toEqual(["code-review"]);
    expect([...byApi.get("anthropic-messages")!.backends.values()].map((b) => b.deployment)).toEqual(["swc/claude-sonnet"]);
    // and the Anthropic API has no default route (chat is not one of its classes)
    expect(byApi.get("anthropic-messages")!.defaultRoute).toBeUndefined();
  });

  test("every route falls back on 429, 404 (deployment not found) and 5xx by default, as often as its longest list needs", () => {
    // GIVEN prod, where chat has three fallbacks and no route sets fallbackOn
    const read = readPolicy(policies(prod()).find((p) => p.api === "chat-completions")!.xml);
    // WHEN the policy is read
    // THEN each route carries the default conditions (fallback.test.ts runs them), and the loop allows three retries
    for (const r of read.routes) expect(r.fallbackOn).toEqual(["throttled", "server-error", "not-found"]);
    expect(read.retry?.count).toBe(3);
    expect(read.attemptsCode).toContain("if (!attempts.Contains(fallback))");
  });

  test("GIVEN generated configs with many classes and odd names WHEN policies are generated THEN they are well-formed and carry the table", () => {
    fc.assert(
      fc.property(arbitraryTable({ maxRoutes: 12 }), (table) => {
        expectFaithful(table);
      }),
      { numRuns: runs(40) },
    );
  });
});

describe("gateway policy: decides like the resolver", () => {
  const request = fc.record({
    headers: fc.dictionary(
      fc.constantFrom("x-task-class", "X-Task-Class", "x-session-id", "X-User", "other"),
      fc.oneof(fc.string(), fc.constantFrom(...ODD_STRINGS)),
    ),
    bodyModel: fc.option(fc.oneof(fc.string(), fc.constantFrom(...ODD_STRINGS)), { nil: undefined }),
    subscriptionId: fc.option(fc.string(), { nil: undefined }),
    randomBucket: fc.nat({ max: BUCKETS - 1 }),
  });

  /** Requests that name the table's classes often, so most are routed. */
  const requestFor = (table: RoutingTable) =>
    fc
      .tuple(request, fc.option(fc.constantFrom(...table.routes.map((r) => r.taskClass)), { nil: undefined }), fc.boolean())
      .map(([r, cls, inHeader]) =>
        cls === undefined
          ? r
          : inHeader
            ? { ...r, headers: { ...r.headers, "x-task-class": cls } }
            : { ...r, headers: withoutClass(r.headers), bodyModel: cls },
      );

  function expectSameDecision(table: RoutingTable, api: GatewayApiShape, req: Parameters<typeof evaluatePolicy>[1]) {
    const policy = policies(table).find((p) => p.api === api);
    if (!policy) return;
    const fromXml = evaluatePolicy(readPolicy(policy.xml), req);
    const fromResolver = resolve(apiTable(table, api), req);
    if (fromResolver.status === 400) {
      expect(fromXml).toEqual({ status: 400, code: fromResolver.code, validClasses: fromResolver.validClasses });
    } else {
      expect(fromXml).toEqual({
        status: "routed",
        taskClass: fromResolver.taskClass,
        source: fromResolver.source,
        bucket: fromResolver.bucket,
        ...(fromResolver.stickyKey !== undefined ? { stickyKey: fromResolver.stickyKey } : {}),
        chosen: fromResolver.chosen.deployment,
        attempts: fromResolver.attempts.map((a) => a.deployment),
      });
    }
  }

  test("GIVEN the prod sample WHEN any request is evaluated by the XML's algorithm THEN it routes as the resolver does", () => {
    fc.assert(
      fc.property(requestFor(prod()), fc.constantFrom<GatewayApiShape>("chat-completions", "anthropic-messages"), (req, api) => {
        expectSameDecision(prod(), api, req);
      }),
      { numRuns: runs(150) },
    );
  });

  test("GIVEN generated configs (weights below 100, zero weights) WHEN every class meets every random bucket THEN the XML picks the resolver's target", () => {
    fc.assert(
      fc.property(arbitraryTable(), (table) => {
        for (const api of ["chat-completions", "anthropic-messages"] as const) {
          const policy = policies(table).find((p) => p.api === api);
          if (!policy) continue;
          const read = readPolicy(policy.xml);
          // classes a header can name (headers are trimmed)
          for (const route of apiTable(table, api).routes.filter((r) => r.taskClass.trim() === r.taskClass)) {
            for (let bucket = 0; bucket < BUCKETS; bucket++) {
              // no sticky key in the request, so the bucket is the random one
              const req = { headers: { "x-task-class": route.taskClass }, randomBucket: bucket };
              const fromXml = evaluatePolicy(read, req);
              const fromResolver = resolve(apiTable(table, api), req);
              if (fromResolver.status !== "routed" || fromXml.status !== "routed") throw new Error("expected routed decisions");
              expect(fromXml.chosen).toBe(fromResolver.chosen.deployment);
            }
          }
        }
      }),
      { numRuns: runs(30) },
    );
  });

  test("GIVEN generated configs WHEN requests are evaluated by the XML's algorithm THEN they route as the resolver does", () => {
    fc.assert(
      fc.property(
        arbitraryTable().chain((t) => fc.tuple(fc.constant(t), fc.array(requestFor(t), { minLength: 1, maxLength: 10 }))),
        fc.constantFrom<GatewayApiShape>("chat-completions", "anthropic-messages"),
        ([table, reqs], api) => {
          for (const req of reqs) expectSameDecision(table, api, req);
        },
      ),
      { numRuns: runs(40) },
    );
  });
});

describe("gateway policy: the sticky hash is routing/table/hash.ts's", () => {
  test("the C# bucket code uses the FNV-1a offset basis, prime and bucket count of routing/table/hash.ts", () => {
    // GIVEN the constants read out of the prod policy's C#
    const c = bucketConstants(readPolicy(policies(prod())[0]!.xml).bucketCode);
    // WHEN they are compared with routing/table/hash.ts: fnv1a32("") is the offset basis, one zero byte multiplies by the prime
    // THEN they agree, and the random bucket has the same range
    expect(c.offsetBasis).toBe(fnv1a32(""));
    expect(c.prime).toBe(Number((BigInt(fnv1a32("\u0000")) * modInverse(BigInt(fnv1a32("")), 2n ** 32n)) % 2n ** 32n));
    expect([c.offsetBasis, c.prime]).toEqual([FNV_OFFSET_BASIS, FNV_PRIME]);
    expect(c.modulus).toBe(BUCKETS);
    expect(c.randomUpperBound).toBe(BUCKETS);
  });

  test("the C# loop, evaluated in unchecked uint arithmetic, gives stickyBucket for any key", () => {
    // GIVEN the constants in the policy
    const c = bucketConstants(readPolicy(policies(prod())[0]!.xml).bucketCode);
    fc.assert(
      fc.property(fc.oneof(fc.string(), binaryString(), fc.constantFrom(...ODD_STRINGS)), (key) => {
        // WHEN any key is hashed as the C# does
        // THEN the bucket equals the resolver's
        expect(csharpBucket(key, c)).toBe(stickyBucket(key));
      }),
      { numRuns: runs(1000) },
    );
  });
});

describe("gateway policy: escaping", () => {
  test("GIVEN odd task classes, deployments, headers and versions WHEN the policy is generated THEN none appears raw, and all come back intact", () => {
    // GIVEN a route per odd string, with odd deployment names, header names and versions
    const models = ODD_STRINGS.map((s, i) => ({ id: `m${i}`, vendor: "microsoft" as const, api: "chat-completions" as const, version: s }));
    const accounts = [{ id: "acct", region: "eastus2", deployments: ODD_STRINGS.map((s, i) => ({ name: s, model: `m${i}` })) }];
    const routes = ODD_STRINGS.map((s) => ({ taskClass: s, targets: [{ deployment: `acct/${s}`, weight: 100 }], sticky: { header: s } }));
    const table = tableOf("dev", models, accounts, routes, ODD_STRINGS[0]);
    // WHEN the policy is generated
    const policy = policies(table)[0];
    // THEN user strings exist only as \u-escaped C# literals (never raw in the document) ...
    for (const s of ODD_STRINGS.filter((x) => /["<>&{}@'\\\n\t$%]/.test(x) || [...x].some((c) => c.charCodeAt(0) > 0x7f)))
      expect(policy!.rawXml).not.toContain(s);
    const printable = (c: string) => c === "\t" || c === "\n" || (c >= " " && c <= "~");
    expect([...policy!.rawXml].filter((c) => !printable(c))).toEqual([]);
    // ... the only named value is the routing version ...
    expect(readPolicy(policy!.xml).namedValueRefs).toEqual(expect.arrayContaining(["fr-dev-routing-version"]));
    expect(new Set(readPolicy(policy!.xml).namedValueRefs).size).toBe(1);
    // ... and the reader gets every string back
    expectFaithful(table);
    const read = readPolicy(policy!.xml);
    expect(read.routes.map((r) => r.taskClass).sort()).toEqual([...ODD_STRINGS].sort());
    expect(read.defaultRoute).toBe(ODD_STRINGS[0]);
  });

  test("C# string literals round-trip any string", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), binaryString(), fc.constantFrom(...ODD_STRINGS)), (s) => {
        // GIVEN any string WHEN it is written as a C# literal THEN it decodes back and stays safe in XML and expressions
        const lit = csString(s);
        expect(csLiterals(lit)).toEqual([s]);
        expect(lit).toMatch(/^"[A-Za-z0-9 ._/:;,@\\-]*"$/);
        expect(csharpIsBalanced(`@(${lit})`)).toBe(true);
      }),
      { numRuns: runs(1000) },
    );
  });

  test("a literal that APIM would read as an expression or named value is refused", () => {
    // GIVEN literal texts starting with @ or containing {{
    // WHEN they are serialized as literals
    // THEN the serializer throws instead of emitting a hidden expression
    expect(() => serialize(text("@(1)"), "rawxml")).toThrow(/policy expression/);
    expect(() => serialize(text("a {{b}}"), "rawxml")).toThrow(/named value/);
  });
});

describe("gateway policy: size limit", () => {
  test("GIVEN a config whose policy exceeds 256 KiB WHEN it is generated THEN a typed error names environment, size and limit", () => {
    // GIVEN 1500 routes, each with its own deployment
    const n = 1500;
    const table = tableOf(
      "huge",
      [{ id: "m", vendor: "openai", api: "chat-completions", version: "2024-11-20" }],
      [{ id: "acct", region: "eastus2", deployments: Array.from({ length: n }, (_, i) => ({ name: `deployment-${i}`, model: "m" })) }],
      Array.from({ length: n }, (_, i) => ({
        taskClass: `task-class-${i}`,
        targets: [{ deployment: `acct/deployment-${i}`, weight: 100 }],
      })),
    );
    // WHEN the gateway is planned
    let error: unknown;
    try {
      gatewayPlan(table, "0123456789ab");
    } catch (e) {
      error = e;
    }
    // THEN it fails with GatewayPolicyTooLargeError naming the environment, the size and the limit
    expect(error).toBeInstanceOf(GatewayPolicyTooLargeError);
    const e = error as GatewayPolicyTooLargeError;
    expect(e.environment).toBe("huge");
    expect(e.limit).toBe(262144);
    expect(e.size).toBeGreaterThan(262144);
    expect(e.message).toContain(`environment "huge"`);
    expect(e.message).toContain(`${e.size} bytes`);
    expect(e.message).toContain("262144 bytes (256 KiB)");
  });

  test("GIVEN the prod sample WHEN it is generated with a limit just below its size THEN it fails, and at its size it passes", () => {
    // GIVEN the size of prod's chat policy
    const size = policies(prod()).find((p) => p.api === "chat-completions")!.sizeBytes;
    // WHEN the limit is one byte less, or exactly the size
    // THEN only the smaller limit fails
    expect(() => gatewayPlan(prod(), "0123456789ab", { limitBytes: size - 1 })).toThrow(GatewayPolicyTooLargeError);
    expect(() => gatewayPlan(prod(), "0123456789ab", { limitBytes: size })).not.toThrow();
    expect(size).toBeLessThan(262144);
  });
});

function withoutClass(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== "x-task-class"));
}

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}
