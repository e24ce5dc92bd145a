// Test helpers for the gateway: fixtures, an independent reader of generated policies, and a tiny evaluator that
// runs the policy's routing algorithm over what the reader found. Nothing here imports the policy generator's
// internals: the reader sees only the XML, as APIM would.
import fc from "fast-check";
import { binaryString } from "../arbitraries";
import { XMLParser } from "fast-xml-parser";
import { type TableModelSpec, gatewayConfig, load, tableOf } from "../../fixtures/builder";
import type { RoutingConfig } from "../../routing/config/loader";
import { type ApiShape, type ContentSafety, FALLBACK_CONDITIONS, type FallbackCondition, type Sticky } from "../../routing/config/schema";
import { type RoutingTable, routingTable } from "../../routing/table/table";

// ---- fixtures ---------------------------------------------------------------------------------------------------

/** The gateway config (prod: created APIM, every feature; staging: existing APIM) and each environment's table. */
export function fixture(): { config: RoutingConfig; tables: Map<string, RoutingTable> } {
  if (!cached) {
    const config = load(gatewayConfig());
    cached = { config, tables: new Map(config.environments.map((e) => [e.name, routingTable(config, e)])) };
  }
  return cached;
}
let cached: { config: RoutingConfig; tables: Map<string, RoutingTable> } | undefined;

// ---- generated configs ------------------------------------------------------------------------------------------

/** Strings that need escaping in XML, C#, Terraform or APIM named values. */
export const ODD_STRINGS = [
  'say "hi"',
  "<x&y>",
  "{{routing-version}}",
  "@(context.Deployment)",
  "@{ return 1; }",
  "a'b",
  "back\\slash",
  "new\nline",
  "tab\there",
  "]]>",
  "--",
  "${var.x}",
  "%{ if }",
  "日本語",
  "emoji 🚀",
  " padded ",
  ";",
];

const oddOrPlain = (plain: fc.Arbitrary<string>) =>
  fc.oneof(plain, fc.constantFrom(...ODD_STRINGS), binaryString({ minLength: 1, maxLength: 8 }));
const kebab = fc.stringMatching(/^[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,4}){0,2}$/);

/** Content safety settings as the schema outputs them (defaults filled), on an account or an existing resource. */
const arbitraryContentSafety: fc.Arbitrary<ContentSafety> = fc.record({
  promptShield: fc.boolean(),
  outputType: fc.constantFrom("FourSeverityLevels" as const, "EightSeverityLevels" as const),
  categories: fc.record(
    { hate: fc.nat({ max: 7 }), selfHarm: fc.nat({ max: 7 }), sexual: fc.nat({ max: 7 }), violence: fc.nat({ max: 7 }) },
    { requiredKeys: [] },
  ),
  // Names as the schema lets them through: nothing XML, C# or a named value would read.
  blocklists: fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._~-]{0,10}$/), { maxLength: 2 }),
  enforceOnCompletions: fc.boolean(),
  resource: fc.option(
    fc.constantFrom(
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-cs/providers/Microsoft.CognitiveServices/accounts/cs-one",
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg(eu)/providers/Microsoft.CognitiveServices/accounts/cs.two",
    ),
    { nil: undefined },
  ),
});

/** Arbitrary routing tables built through the real `routingTable`, with odd names everywhere a string goes. */
export function arbitraryTable(opts: { maxRoutes?: number } = {}): fc.Arbitrary<RoutingTable> {
  const model: fc.Arbitrary<TableModelSpec> = fc.record({
    id: kebab,
    vendor: fc.constantFrom("openai", "microsoft", "anthropic", "meta", "deepseek"),
    api: fc.constantFrom<ApiShape>("chat-completions", "chat-completions", "anthropic-messages"),
    version: oddOrPlain(fc.constantFrom("2024-11-20", "1", "20250929")),
  });
  const sticky: fc.Arbitrary<Sticky | undefined> = fc.oneof(
    fc.constant(undefined),
    fc.constant({ subscription: true as const }),
    oddOrPlain(fc.constantFrom("x-session-id", "X-User")).map((header) => ({ header })),
  );
  return fc
    .record({
      env: oddOrPlain(kebab),
      models: fc.uniqueArray(model, { minLength: 1, maxLength: 4, selector: (m) => m.id }),
      accounts: fc.uniqueArray(
        fc.record({
          id: oddOrPlain(kebab),
          deployments: fc.uniqueArray(fc.record({ name: oddOrPlain(kebab), model: fc.nat() }), {
            minLength: 1,
            maxLength: 3,
            selector: (d) => d.name,
          }),
        }),
        { minLength: 1, maxLength: 3, selector: (a) => a.id },
      ),
      routes: fc.uniqueArray(
        fc.record({
          taskClass: oddOrPlain(kebab),
          api: fc.constantFrom<ApiShape>("chat-completions", "anthropic-messages"),
          // zero weights and weights below 100 in total are frequent: they exercise unowned buckets
          targets: fc.array(
            fc.record({
              pick: fc.nat(),
              weight: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 100 })),
            }),
            {
              minLength: 1,
              maxLength: 3,
            },
          ),
          fallbacks: fc.array(fc.nat(), { maxLength: 3 }),
          fallbackOn: fc.subarray([...FALLBACK_CONDITIONS], { minLength: 1 }),
          sticky,
          tokenLimit: fc.option(
            fc.record({
              tokensPerMinute: fc.integer({ min: 1, max: 1_000_000 }),
              counterKey: fc.constantFrom<"subscription" | "ip">("subscription", "ip"),
            }),
            { nil: undefined },
          ),
          contentSafety: fc.option(arbitraryContentSafety, { nil: undefined }),
        }),
        { minLength: 1, maxLength: opts.maxRoutes ?? 8, selector: (r) => r.taskClass },
      ),
      defaultRoute: fc.option(fc.oneof(fc.nat(), oddOrPlain(kebab)), { nil: undefined }),
    })
    .map((g) => {
      const models = g.models.map((m) => ({ ...m, vendor: m.api === "anthropic-messages" ? ("anthropic" as const) : m.vendor }));
      const accounts = g.accounts.map((a) => ({
        id: a.id,
        region: "eastus2",
        deployments: a.deployments.map((d) => ({ name: d.name, model: models[d.model % models.length]!.id })),
      }));
      const all = accounts.flatMap((a) =>
        a.deployments.map((d) => ({ ref: `${a.id}/${d.name}`, api: models.find((m) => m.id === d.model)!.api })),
      );
      const routes = g.routes.flatMap((r) => {
        const same = all.filter((d) => d.api === r.api);
        if (same.length === 0) return [];
        return [
          {
            taskClass: r.taskClass,
            targets: r.targets.map((t) => ({ deployment: same[t.pick % same.length]!.ref, weight: t.weight })),
            fallbacks: r.fallbacks.map((f) => same[f % same.length]!.ref),
            fallbackOn: r.fallbackOn,
            sticky: r.sticky,
            tokenLimit: r.tokenLimit,
            // llm-content-safety checks chat completions only (the plan refuses it elsewhere).
            contentSafety: r.api === "chat-completions" ? r.contentSafety : undefined,
          },
        ];
      });
      const defaultRoute =
        g.defaultRoute === undefined
          ? undefined
          : typeof g.defaultRoute === "number"
            ? routes[g.defaultRoute % Math.max(routes.length, 1)]?.taskClass
            : g.defaultRoute;
      return tableOf(g.env, models, accounts, routes, defaultRoute);
    })
    .filter((t) => t.routes.length > 0);
}

// ---- reading policies back --------------------------------------------------------------------------------------

export interface Node {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly Node[];
  /** Concatenated text children. */
  readonly text: string;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  htmlEntities: true,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
});

/** Parses a well-formed policy document with fast-xml-parser into a small tree (comments dropped). */
export function parsePolicy(xml: string): Node {
  const convert = (items: Record<string, unknown>[]): Node[] =>
    items
      .filter((i) => !("#comment" in i) && !("#text" in i))
      .map((i) => {
        const name = Object.keys(i).find((k) => k !== ":@")!;
        const kids = i[name] as Record<string, unknown>[];
        const text = kids
          .filter((k) => "#text" in k)
          .map((k) => String(k["#text"]))
          .join("");
        return { name, attrs: (i[":@"] as Record<string, string>) ?? {}, children: convert(kids), text };
      });
  const roots = convert(parser.parse(xml) as Record<string, unknown>[]);
  const root = roots[0];
  if (roots.length !== 1 || root?.name !== "policies") throw new Error("expected one <policies> root");
  return root;
}

/** Decodes every C# regular string literal in `code`, in order. */
export function csLiterals(code: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < code.length; i++) {
    if (code[i] === "'") {
      // char literal: skip it
      i = code.indexOf("'", code[i + 1] === "\\" ? i + 3 : i + 2);
      continue;
    }
    if (code[i] !== '"') continue;
    let s = "";
    for (i++; code[i] !== '"'; i++) {
      if (i >= code.length) throw new Error(`unterminated C# string in ${code}`);
      if (code[i] !== "\\") {
        s += code[i];
        continue;
      }
      const e = code[++i];
      if (e === "u") {
        s += String.fromCharCode(parseInt(code.slice(i + 1, i + 5), 16));
        i += 4;
      } else s += ({ n: "\n", r: "\r", t: "\t", "0": "\0" } as Record<string, string>)[e!] ?? e;
    }
    out.push(s);
  }
  return out;
}

const lastLiteral = (code: string) => {
  const all = csLiterals(code);
  if (all.length === 0) throw new Error(`no string literal in ${code}`);
  return all[all.length - 1]!;
};

export interface ReadTarget {
  readonly backendId: string;
  readonly deployment: string;
  readonly bucketStart: number;
  readonly bucketEnd: number;
}

export interface ReadRoute {
  readonly taskClass: string;
  readonly sticky?: Sticky;
  readonly fallbackBackendIds: readonly string[];
  readonly fallbackOn: readonly FallbackCondition[];
  readonly tokenLimit?: { readonly tokensPerMinute: number; readonly counterKey: "subscription" | "ip"; readonly counterKeyCode: string };
  readonly targets: readonly ReadTarget[];
  /** Target for buckets no `when` matches. */
  readonly otherwise: { readonly backendId: string; readonly deployment: string };
  /** The class's `llm-content-safety`, as its attributes and children say. */
  readonly contentSafety?: ReadContentSafety;
}

export interface ReadContentSafety {
  readonly backendId: string;
  readonly promptShield: boolean;
  readonly enforceOnCompletions: boolean;
  readonly outputType?: string;
  readonly categories: readonly { readonly name: string; readonly threshold: number }[];
  readonly blocklists: readonly string[];
}

export interface ReadBackend {
  readonly deployment: string;
  readonly modelLabel: string;
  readonly deploymentName: string;
  readonly apiVersion?: string;
}

export interface ReadPolicy {
  readonly defaultRoute?: string;
  readonly validClasses: readonly string[];
  readonly routes: readonly ReadRoute[];
  readonly backends: ReadonlyMap<string, ReadBackend>;
  /** C# of the bucket computation. */
  readonly bucketCode: string;
  /** C# building the attempt list. */
  readonly attemptsCode: string;
  readonly retry?: { readonly condition: string; readonly count: number };
  /** C# choosing the attempt to make now, in the backend loop. */
  readonly nextCode: string;
  readonly outboundHeaders: readonly string[];
  readonly onErrorHeaders: readonly string[];
  readonly routingVersionRef: string;
  readonly namedValueRefs: readonly string[];
}

const child = (n: Node, name: string) => n.children.filter((c) => c.name === name);
const one = (n: Node, name: string) => {
  const found = child(n, name);
  if (found.length !== 1) throw new Error(`expected one <${name}> in <${n.name}>, found ${found.length}`);
  return found[0]!;
};
const variable = (n: Node, name: string) => n.children.find((c) => c.name === "set-variable" && c.attrs.name === name);
const code = (v: string | undefined) => {
  if (v === undefined) throw new Error("expected a policy expression, found no attribute");
  if (!v.startsWith("@(") && !v.startsWith("@{")) throw new Error(`expected a policy expression, found ${v}`);
  return v;
};
const descendants = (n: Node): Node[] => n.children.flatMap((c) => [c, ...descendants(c)]);

/** Reads the routing decisions back out of a policy document. */
export function readPolicy(xml: string): ReadPolicy {
  const root = parsePolicy(xml);
  const inbound = one(root, "inbound");
  const chooses = child(inbound, "choose");
  const settings = chooses.find((c) => child(c, "when").some((w) => variable(w, "fr-sticky-key")));
  // The content safety <choose> holds one llm-content-safety per class that asks for it.
  const safety = chooses.find((c) => child(c, "when").some((w) => child(w, "llm-content-safety").length > 0));
  // The body check's <choose> answers 400 and routes nothing; the targets' <choose> is the other one.
  const targetsChoose = chooses.find(
    (c) => c !== settings && c !== safety && !child(c, "when").some((w) => child(w, "return-response").length > 0),
  );
  const safetyByClass = new Map<string, ReadContentSafety>();
  for (const w of safety ? child(safety, "when") : []) {
    const p = one(w, "llm-content-safety");
    const categories = child(p, "categories")[0];
    safetyByClass.set(lastLiteral(code(w.attrs.condition)), {
      backendId: p.attrs["backend-id"]!,
      promptShield: p.attrs["shield-prompt"] === "true",
      enforceOnCompletions: p.attrs["enforce-on-completions"] === "true",
      outputType: categories?.attrs["output-type"],
      categories: categories
        ? child(categories, "category").map((c) => ({ name: c.attrs.name!, threshold: Number(c.attrs.threshold) }))
        : [],
      blocklists: child(p, "blocklists").flatMap((b) => child(b, "id").map((i) => i.text)),
    });
  }

  const byClass = new Map<string, Omit<ReadRoute, "targets" | "otherwise">>();
  for (const w of settings ? child(settings, "when") : []) {
    const taskClass = lastLiteral(code(w.attrs.condition));
    const stickyCode = code(variable(w, "fr-sticky-key")!.attrs.value);
    const sticky: Sticky | undefined = stickyCode.includes("context.Request.Headers")
      ? { header: csLiterals(stickyCode)[0]! }
      : stickyCode.includes("context.Subscription")
        ? { subscription: true }
        : undefined;
    const fallbackBackendIds = lastLiteral(code(variable(w, "fr-fallbacks")!.attrs.value))
      .split(";")
      .filter((s) => s.length > 0);
    const limit = child(w, "llm-token-limit")[0];
    const fallbackOn = lastLiteral(code(variable(w, "fr-fallback-on")!.attrs.value)).split(";") as FallbackCondition[];
    byClass.set(taskClass, {
      taskClass,
      sticky,
      fallbackBackendIds,
      fallbackOn,
      tokenLimit: limit
        ? {
            tokensPerMinute: Number(limit.attrs["tokens-per-minute"]),
            counterKey: limit.attrs["counter-key"]!.includes("IpAddress") ? "ip" : "subscription",
            counterKeyCode: limit.attrs["counter-key"]!,
          }
        : undefined,
    });
  }

  const primaryOf = (n: Node) => ({
    backendId: lastLiteral(code(variable(n, "fr-primary")!.attrs.value)),
    deployment: lastLiteral(code(variable(n, "fr-primary-deployment")!.attrs.value)),
  });
  const routes: ReadRoute[] = [];
  for (const w of targetsChoose ? child(targetsChoose, "when") : []) {
    const taskClass = lastLiteral(code(w.attrs.condition));
    const buckets = one(w, "choose");
    const targets = child(buckets, "when").map((t) => {
      const m = /^@\(.* >= (\d+) && .* < (\d+)\)$/.exec(code(t.attrs.condition));
      if (!m) throw new Error(`unexpected bucket condition ${t.attrs.condition}`);
      return { ...primaryOf(t), bucketStart: Number(m[1]), bucketEnd: Number(m[2]) };
    });
    const settingsOf = byClass.get(taskClass);
    if (!settingsOf) throw new Error(`class ${taskClass} has targets but no settings`);
    routes.push(
      strip({ ...settingsOf, targets, otherwise: primaryOf(one(buckets, "otherwise")), contentSafety: safetyByClass.get(taskClass) }),
    );
  }
  if (routes.length !== byClass.size) throw new Error("settings and targets list different classes");
  for (const c of safetyByClass.keys()) if (!byClass.has(c)) throw new Error(`content safety for ${c}, which has no route`);

  const backendSection = one(root, "backend");
  const retry = child(backendSection, "retry")[0];
  const loop = retry ?? backendSection;
  const backends = new Map<string, ReadBackend>();
  for (const w of child(loop, "choose").flatMap((c) => child(c, "when"))) {
    const q = child(w, "set-query-parameter").find((p) => p.attrs.name === "api-version");
    backends.set(lastLiteral(code(w.attrs.condition)), {
      deployment: lastLiteral(code(variable(w, "fr-served-deployment")!.attrs.value)),
      modelLabel: lastLiteral(code(variable(w, "fr-served-model")!.attrs.value)),
      deploymentName: lastLiteral(code(variable(w, "fr-served-name")!.attrs.value)),
      apiVersion: q ? one(q, "value").text : undefined,
    });
  }

  const taskClassCode = code(variable(inbound, "fr-task-class")!.attrs.value);
  const defaultRoute = lastLiteral(taskClassCode);
  const badRequest = descendants(inbound).find((n) => n.name === "return-response")!;
  const body = one(badRequest, "set-body").text;
  const arr = /new JArray\((.*)\)\)\)\)\s*\)\.ToString/s.exec(body);
  if (!arr) throw new Error("no validClasses JArray in the 400 body");
  const headerNames = (section: Node) =>
    descendants(section)
      .filter((n) => n.name === "set-header")
      .map((h) => h.attrs.name!);
  const outbound = one(root, "outbound");
  const versionHeader = child(outbound, "set-header").find((h) => h.attrs.name === "x-routing-version")!;

  return {
    defaultRoute: defaultRoute === "" ? undefined : defaultRoute,
    validClasses: csLiterals(arr[1]!),
    routes,
    backends,
    bucketCode: code(variable(inbound, "fr-bucket")!.attrs.value),
    attemptsCode: code(variable(inbound, "fr-attempts")!.attrs.value),
    retry: retry ? { condition: retry.attrs.condition!, count: Number(retry.attrs.count) } : undefined,
    nextCode: code(variable(loop, "fr-next")!.attrs.value),
    outboundHeaders: headerNames(outbound),
    onErrorHeaders: headerNames(one(root, "on-error")),
    routingVersionRef: one(versionHeader, "value").text,
    namedValueRefs: [...xml.matchAll(/\{\{([^}]*)\}\}/g)].map((m) => m[1]!),
  };
}

/** The table the policy enforces, rebuilt from what `readPolicy` found, in the shape of `comparable(table)`. */
export function tableFromPolicy(read: ReadPolicy) {
  const deployment = (backendId: string) => {
    const b = read.backends.get(backendId);
    if (!b) throw new Error(`backend ${backendId} is used but has no forwarding block`);
    const at = b.modelLabel.indexOf("@");
    return {
      deployment: b.deployment,
      deploymentName: b.deploymentName,
      model: at < 0 ? b.modelLabel : b.modelLabel.slice(0, at),
      version: at < 0 ? "" : b.modelLabel.slice(at + 1),
    };
  };
  return {
    defaultRoute: read.defaultRoute,
    routes: read.routes.map((r) =>
      strip({
        taskClass: r.taskClass,
        targets: r.targets.map((t) => ({ ...deployment(t.backendId), bucketStart: t.bucketStart, bucketEnd: t.bucketEnd })),
        fallbacks: r.fallbackBackendIds.map(deployment),
        fallbackOn: r.fallbackOn,
        sticky: r.sticky,
        tokenLimit: r.tokenLimit && { tokensPerMinute: r.tokenLimit.tokensPerMinute, counterKey: r.tokenLimit.counterKey },
        contentSafety: r.contentSafety && {
          promptShield: r.contentSafety.promptShield,
          enforceOnCompletions: r.contentSafety.enforceOnCompletions,
          // Without categories the policy needs no output-type; the table's is then not carried.
          ...(r.contentSafety.outputType !== undefined ? { outputType: r.contentSafety.outputType } : {}),
          categories: r.contentSafety.categories,
          blocklists: r.contentSafety.blocklists,
        },
      }),
    ),
  };
}

/** What of a routing table a gateway policy must carry. */
export function comparable(table: RoutingTable) {
  const d = (x: { deployment: string; deploymentName: string; model: string; version: string }) => ({
    deployment: x.deployment,
    deploymentName: x.deploymentName,
    model: x.model,
    version: x.version,
  });
  return {
    defaultRoute: table.defaultRoute,
    routes: table.routes.map((r) =>
      strip({
        taskClass: r.taskClass,
        targets: r.targets.map((t) => ({ ...d(t), bucketStart: t.bucketStart, bucketEnd: t.bucketEnd })),
        fallbacks: r.fallbacks.map(d),
        fallbackOn: r.fallbackOn,
        sticky: r.sticky,
        tokenLimit: r.tokenLimit && { tokensPerMinute: r.tokenLimit.tokensPerMinute, counterKey: r.tokenLimit.counterKey },
        // The policy carries the check itself; where it goes is the backend id (plan tests check the backends).
        contentSafety: r.contentSafety && {
          promptShield: r.contentSafety.promptShield,
          enforceOnCompletions: r.contentSafety.enforceOnCompletions,
          ...(r.contentSafety.categories.length > 0 ? { outputType: r.contentSafety.outputType } : {}),
          categories: r.contentSafety.categories,
          blocklists: r.contentSafety.blocklists,
        },
      }),
    ),
  };
}

function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

// ---- evaluating the policy's algorithm --------------------------------------------------------------------------

export interface BucketConstants {
  readonly offsetBasis: number;
  readonly prime: number;
  readonly modulus: number;
  readonly randomUpperBound: number;
}

/** The FNV constants and bucket count, taken from the C# of the bucket computation. */
export function bucketConstants(bucketCode: string): BucketConstants {
  const num = (re: RegExp) => {
    const m = re.exec(bucketCode);
    if (!m) throw new Error(`bucket code does not match ${re}: ${bucketCode}`);
    return Number(m[1]);
  };
  return {
    offsetBasis: num(/uint hash = (\d+)U;/),
    prime: num(/hash = unchecked\(hash \* (\d+)U\);/),
    modulus: num(/return \(int\)\(hash % (\d+)U\);/),
    randomUpperBound: num(/new Random\(\)\.Next\(0, (\d+)\)/),
  };
}

/** FNV-1a as the C# loop computes it: for each UTF-8 byte, xor then multiply in unchecked uint arithmetic. */
export function csharpBucket(key: string, c: BucketConstants): number {
  let hash = BigInt(c.offsetBasis);
  for (const b of Buffer.from(key, "utf8")) hash = ((hash ^ BigInt(b)) * BigInt(c.prime)) & 0xffffffffn;
  return Number(hash % BigInt(c.modulus));
}

export type Evaluated =
  | { status: 400; code: "missing-task-class" | "unknown-task-class"; validClasses: readonly string[] }
  | {
      status: "routed";
      taskClass: string;
      source: "header" | "body-model" | "default-route";
      bucket: number;
      stickyKey?: string;
      chosen: string;
      attempts: string[];
    };

/** Runs the policy's algorithm over the decisions read from the XML (not over the table). */
export function evaluatePolicy(
  read: ReadPolicy,
  request: { headers: Record<string, string>; bodyModel?: string; subscriptionId?: string; randomBucket: number },
): Evaluated {
  const header = (name: string) => Object.entries(request.headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  const fromHeader = (header("x-task-class") ?? "").trim();
  const fromBody = (request.bodyModel ?? "").trim();
  const [taskClass, source] =
    fromHeader.length > 0
      ? [fromHeader, "header" as const]
      : fromBody.length > 0
        ? [fromBody, "body-model" as const]
        : [read.defaultRoute ?? "", "default-route" as const];
  if (taskClass.length === 0) return { status: 400, code: "missing-task-class", validClasses: read.validClasses };
  const route = read.routes.find((r) => r.taskClass === taskClass);
  if (!route) return { status: 400, code: "unknown-task-class", validClasses: read.validClasses };
  const key = !route.sticky ? "" : "header" in route.sticky ? (header(route.sticky.header) ?? "") : (request.subscriptionId ?? "");
  const constants = bucketConstants(read.bucketCode);
  const bucket = key.length > 0 ? csharpBucket(key, constants) : request.randomBucket;
  const hit = route.targets.find((t) => bucket >= t.bucketStart && bucket < t.bucketEnd) ?? route.otherwise;
  const attempts = [hit.backendId];
  for (const f of route.fallbackBackendIds) if (!attempts.includes(f)) attempts.push(f);
  return strip({
    status: "routed" as const,
    taskClass,
    source,
    bucket,
    stickyKey: key.length > 0 ? key : undefined,
    chosen: hit.deployment,
    attempts: attempts.map((id) => read.backends.get(id)!.deployment),
  });
}

// ---- APIM's rawxml format -----------------------------------------------------------------------------------------

/**
 * Turns a `rawxml` document (expressions verbatim, as the azurerm provider sends it) into well-formed XML, the way
 * APIM reads it: every `@(…)`/`@{…}` expression, found by balancing brackets outside C# string and char literals,
 * is XML-encoded. Independent of the generator's serializer on purpose.
 */
export function apimRawToXml(raw: string): string {
  let out = "";
  let i = 0;
  while (i < raw.length) {
    const start = raw.indexOf("@", i);
    if (start < 0 || start + 1 >= raw.length) {
      out += raw.slice(i);
      break;
    }
    const open = raw[start + 1];
    const inAttr = raw.slice(start - 2, start) === '="';
    const inText = raw[start - 1] === ">";
    if ((open !== "(" && open !== "{") || (!inAttr && !inText)) {
      out += raw.slice(i, start + 1);
      i = start + 1;
      continue;
    }
    const close = open === "(" ? ")" : "}";
    let depth = 0;
    let j = start + 1;
    for (; j < raw.length; j++) {
      const c = raw[j];
      if (c === '"' || c === "'") {
        for (j++; raw[j] !== c; j++) if (raw[j] === "\\") j++;
      } else if (c === open) depth++;
      else if (c === close && --depth === 0) break;
    }
    const expression = raw.slice(start, j + 1);
    const enc = expression.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    out +=
      raw.slice(i, start) +
      (inAttr ? enc.replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;") : enc);
    i = j + 1;
  }
  return out;
}

/**
 * Checks that a C# expression keeps every string literal closed and its brackets balanced outside literals: a user
 * string that broke out of its literal would unbalance one or the other.
 */
export function csharpIsBalanced(expression: string): boolean {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ")": "(", "}": "{", "]": "[" };
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i]!;
    if (c === '"' || c === "'") {
      for (i++; i < expression.length && expression[i] !== c; i++) {
        if (expression[i] === "\\") i++;
        if (expression[i] === "\n") return false;
      }
      if (i >= expression.length) return false;
    } else if ("({[".includes(c)) stack.push(c);
    else if (c in pairs && stack.pop() !== pairs[c]) return false;
  }
  return stack.length === 0;
}

/** Every policy expression of a well-formed document, decoded. */
export function expressions(xml: string): string[] {
  const all: string[] = [];
  const visit = (n: Node) => {
    for (const v of Object.values(n.attrs)) if (v.startsWith("@(") || v.startsWith("@{")) all.push(v);
    const t = n.text.trim();
    if (t.startsWith("@(") || t.startsWith("@{")) all.push(t);
    n.children.forEach(visit);
  };
  visit(parsePolicy(xml));
  return all;
}
