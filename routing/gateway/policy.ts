// The APIM policy of one gateway API, generated from the routing decision table. Pure: same table, same bytes.
// It makes the decisions routing/table/resolve.ts makes (tests read the XML back to prove it):
//   inbound  task class (x-task-class header, else body `model`, else default route; unknown or none: 400 JSON)
//            per class: sticky key, fallbacks, optional llm-token-limit
//            bucket: FNV-1a 32-bit of the sticky key mod 100 (as routing/table/hash.ts), else random
//            per class: the target owning the bucket; attempts = target, then fallbacks without repeats
//            managed identity token for Foundry; token metrics
//   backend  retry loop over the attempts while the answer is 429, 404 or 5xx; per deployment: backend, api-version,
//            body `model` = deployment name
//   outbound x-routed-task-class, x-routed-deployment, x-routed-model, x-routing-version, x-routing-fallback
import { EXIT, UserError } from "../errors";
import { ANTHROPIC_VERSION, API_SPECS, COGNITIVE_SERVICES_RESOURCE, type Forwarding, type GatewayApiShape } from "./forwarding";
import { type Expr, type XmlElement, type XmlNode, block, comment, csString, el, expr, namedValue, serialize, text } from "./xml";
import {
  INVALID_BODY_MESSAGE,
  MISSING_CLASS_MESSAGE,
  TASK_CLASS_HEADER,
  UNKNOWN_CLASS_PREFIX,
  UNKNOWN_CLASS_SUFFIX,
  apiTable,
  defaultTarget,
  modelLabel,
} from "../table/resolve";
import { FNV_OFFSET_BASIS, FNV_PRIME } from "../table/hash";
import { BUCKETS, type RoutingTable, type TableDeployment, type TableRoute } from "../table/table";

/** Azure API Management's limit on one policy document: 256 KiB (Azure subscription and service limits, API Management). */
export const APIM_POLICY_LIMIT_BYTES = 256 * 1024;
/** APIM's `retry` policy accepts 1..50 retries. */
export const APIM_MAX_RETRIES = 50;

// The sticky hash in C# uses the very constants of routing/table/hash.ts: one definition, two languages.
export { FNV_OFFSET_BASIS, FNV_PRIME };

/** Namespace of the token metrics in Application Insights. */
export const METRIC_NAMESPACE = "foundry-routes";

/** Response headers the gateway sets on every response. */
export const ROUTED_HEADERS = {
  taskClass: "x-routed-task-class",
  deployment: "x-routed-deployment",
  model: "x-routed-model",
  routingVersion: "x-routing-version",
  /** Only when a fallback served; value = the deployment first chosen, which answered 429, 404 or 5xx. */
  fallback: "x-routing-fallback",
} as const;

/** Context variables the policy uses; names are part of the generated document's contract with its tests. */
export const VARS = {
  headerClass: "fr-header-class",
  bodyModel: "fr-body-model",
  bodyJson: "fr-body-json",
  taskClass: "fr-task-class",
  stickyKey: "fr-sticky-key",
  fallbacks: "fr-fallbacks",
  bucket: "fr-bucket",
  primary: "fr-primary",
  primaryDeployment: "fr-primary-deployment",
  attempts: "fr-attempts",
  attempt: "fr-attempt",
  backend: "fr-backend",
  servedDeployment: "fr-served-deployment",
  servedModel: "fr-served-model",
  servedName: "fr-served-name",
} as const;

/** Thrown when a policy document would exceed APIM's size limit; synth must stop and write nothing. */
export class GatewayPolicyTooLargeError extends UserError {
  constructor(
    readonly environment: string,
    readonly api: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super(
      `gateway policy for environment "${environment}" (API ${api}) is ${size} bytes, over API Management's limit of ` +
        `${limit} bytes (${Math.round(limit / 1024)} KiB) per policy document; route fewer task classes or deployments ` +
        `through this environment's gateway, or split the environment`,
      EXIT.findings,
    );
  }
}

/** Thrown when routes cannot be enforced by the gateway as written (e.g. a route mixing API shapes). */
export class GatewayConfigError extends UserError {
  constructor(
    readonly environment: string,
    message: string,
  ) {
    super(`gateway for environment "${environment}": ${message}`, EXIT.findings);
  }
}

/** What the policy needs to know about one routed deployment. */
export interface PolicyBackend {
  /** APIM backend id (`set-backend-service backend-id`). */
  readonly id: string;
  readonly forwarding: Forwarding;
}

export interface GatewayPolicyInput {
  /** The environment's full routing table; only routes of `api` are used. */
  readonly table: RoutingTable;
  readonly api: GatewayApiShape;
  /** Backend of every deployment the API's routes reach, by `<account>/<deployment>`. */
  readonly backends: ReadonlyMap<string, PolicyBackend>;
  /** Name of the APIM named value holding the routing version. */
  readonly routingVersionNamedValue: string;
  /** @default APIM_POLICY_LIMIT_BYTES */
  readonly limitBytes?: number;
}

export interface GatewayPolicy {
  readonly environment: string;
  readonly api: GatewayApiShape;
  /** The document as the azurerm provider sends it (`format = rawxml`: expressions verbatim). */
  readonly rawXml: string;
  /** The same document as well-formed XML (expressions XML-encoded). */
  readonly xml: string;
  /** UTF-8 size checked against the limit: the larger of the two forms. */
  readonly sizeBytes: number;
  /** Task classes the policy serves, sorted. */
  readonly taskClasses: readonly string[];
}

/** Generates the policy; throws GatewayPolicyTooLargeError or GatewayConfigError. */
export function gatewayPolicy(input: GatewayPolicyInput): GatewayPolicy {
  const table = apiTable(input.table, input.api);
  const env = table.environment;
  for (const route of table.routes) checkRoute(env, input.api, route, input.backends);
  const doc = policyDocument(table, input);
  const rawXml = serialize(doc, "rawxml") + "\n";
  const xml = serialize(doc, "xml") + "\n";
  const sizeBytes = Math.max(Buffer.byteLength(rawXml, "utf8"), Buffer.byteLength(xml, "utf8"));
  const limit = input.limitBytes ?? APIM_POLICY_LIMIT_BYTES;
  if (sizeBytes > limit) throw new GatewayPolicyTooLargeError(env, input.api, sizeBytes, limit);
  return { environment: env, api: input.api, rawXml, xml, sizeBytes, taskClasses: table.routes.map((r) => r.taskClass) };
}

function checkRoute(env: string, api: GatewayApiShape, route: TableRoute, backends: ReadonlyMap<string, PolicyBackend>): void {
  for (const d of [...route.targets, ...route.fallbacks]) {
    if (d.api !== api) {
      throw new GatewayConfigError(
        env,
        `route "${route.taskClass}" speaks ${api} but reaches ${d.deployment}, whose model speaks ${d.api}; one route must use one API shape`,
      );
    }
    if (!backends.has(d.deployment))
      throw new GatewayConfigError(env, `no gateway backend for ${d.deployment} (route "${route.taskClass}")`);
  }
  const retries = distinctFallbacks(route);
  if (retries > APIM_MAX_RETRIES) {
    throw new GatewayConfigError(
      env,
      `route "${route.taskClass}" has ${retries} fallbacks; the gateway's retry policy allows at most ${APIM_MAX_RETRIES}`,
    );
  }
}

// ---- C# building blocks ------------------------------------------------------------------------------------

const cs = csString;
const variable = (name: string) => `context.Variables[${cs(name)}]`;
const str = (name: string) => `((string)${variable(name)})`;
const int = (name: string) => `((int)${variable(name)})`;
const strOr = (name: string) => `context.Variables.GetValueOrDefault<string>(${cs(name)}, "")`;
const intOr = (name: string) => `context.Variables.GetValueOrDefault<int>(${cs(name)}, 0)`;

/** `<choose>` of the given branches; nothing when there are none (APIM wants at least one `when`). */
function choose(whens: XmlElement[], otherwise?: XmlElement): XmlElement | undefined {
  if (whens.length === 0) return undefined;
  return el("choose", {}, ...whens, otherwise);
}

function setVar(name: string, value: Expr | string): XmlElement {
  return el("set-variable", { name, value });
}

function setHeader(name: string, value: Expr | ReturnType<typeof namedValue> | string, existsAction = "override"): XmlElement {
  return el("set-header", { name, "exists-action": existsAction }, el("value", {}, text(value)));
}

function classIs(taskClass: string): Expr {
  return expr(`${str(VARS.taskClass)} == ${cs(taskClass)}`);
}

// ---- the document ----------------------------------------------------------------------------------------------

function policyDocument(table: RoutingTable, input: GatewayPolicyInput): XmlElement {
  const spec = API_SPECS[input.api];
  const backendOf = (d: TableDeployment) => input.backends.get(d.deployment)!;
  const deployments = uniqueDeployments(table.routes);
  // Retries needed by the longest walk: at most one per distinct fallback.
  const maxRetries = Math.max(0, ...table.routes.map(distinctFallbacks));
  const version = namedValue(input.routingVersionNamedValue);

  const inbound = el(
    "inbound",
    {},
    el("base"),
    comment("foundry-routes gateway policy, generated from the routing table; edit the YAML, not this document"),
    // The caller's APIM subscription key is for the gateway only; Foundry gets the gateway's Entra token.
    el("set-header", { name: spec.subscriptionKeyHeader, "exists-action": "delete" }),
    input.api === "anthropic-messages" ? setHeader("anthropic-version", ANTHROPIC_VERSION, "skip") : undefined,
    comment("1. task class: x-task-class header, else the body's model, else the default route"),
    setVar(VARS.headerClass, expr(`context.Request.Headers.GetValueOrDefault(${cs(TASK_CLASS_HEADER)}, "").Trim()`)),
    setVar(
      VARS.bodyModel,
      block(
        "try",
        "{",
        "    JObject body = context.Request.Body?.As<JObject>(preserveContent: true);",
        `    JToken model = body?[${cs("model")}];`,
        '    return model != null && model.Type == JTokenType.String ? ((string)model).Trim() : "";',
        "}",
        "catch (Exception)",
        "{",
        '    return "";',
        "}",
      ),
    ),
    // A request without a JSON object body cannot be forwarded (the backend section rewrites its model): 400, not 500.
    setVar(
      VARS.bodyJson,
      block(
        "try",
        "{",
        "    return context.Request.Body?.As<JObject>(preserveContent: true) != null;",
        "}",
        "catch (Exception)",
        "{",
        "    return false;",
        "}",
      ),
    ),
    choose([el("when", { condition: expr(`!((bool)context.Variables[${cs(VARS.bodyJson)}])`) }, badBody(table, version))]),
    setVar(
      VARS.taskClass,
      block(
        `string fromHeader = ${str(VARS.headerClass)};`,
        "if (fromHeader.Length > 0) { return fromHeader; }",
        `string fromBody = ${str(VARS.bodyModel)};`,
        "if (fromBody.Length > 0) { return fromBody; }",
        `return ${cs(table.defaultRoute ?? "")};`,
      ),
    ),
    comment("2. route settings per task class; any other class is answered 400"),
    table.routes.length > 0
      ? choose(
          table.routes.map((route) =>
            el(
              "when",
              { condition: classIs(route.taskClass) },
              setVar(VARS.stickyKey, stickyKeyExpr(route)),
              setVar(VARS.fallbacks, expr(cs(route.fallbacks.map((f) => backendOf(f).id).join(";")))),
              route.tokenLimit ? tokenLimit(table.environment, route) : undefined,
            ),
          ),
          el("otherwise", {}, badRequest(table, version)),
        )
      : badRequest(table, version),
    comment("3. bucket: FNV-1a 32-bit of the sticky key, as routing/table/hash.ts; random without a key"),
    setVar(VARS.bucket, bucketExpr()),
    comment("4. the weighted target owning the bucket; then the attempts: target, fallbacks without repeats"),
    choose(
      table.routes.map((route) => {
        const fallbackTo = defaultTarget(route);
        return el(
          "when",
          { condition: classIs(route.taskClass) },
          choose(
            route.targets.map((t) =>
              el(
                "when",
                { condition: expr(`${int(VARS.bucket)} >= ${t.bucketStart} && ${int(VARS.bucket)} < ${t.bucketEnd}`) },
                ...primary(t, backendOf(t).id),
              ),
            ),
            el("otherwise", {}, ...primary(fallbackTo, backendOf(fallbackTo).id)),
          ),
        );
      }),
    ),
    setVar(
      VARS.attempts,
      block(
        `string first = ${str(VARS.primary)};`,
        "var attempts = new List<string> { first };",
        `foreach (string fallback in ${str(VARS.fallbacks)}.Split(new char[] { ';' }, StringSplitOptions.RemoveEmptyEntries))`,
        "{",
        "    if (!attempts.Contains(fallback)) { attempts.Add(fallback); }",
        "}",
        'return string.Join(";", attempts);',
      ),
    ),
    setVar(VARS.attempt, expr("0")),
    comment("5. keyless: the gateway's managed identity calls Foundry"),
    el("authentication-managed-identity", { resource: COGNITIVE_SERVICES_RESOURCE }),
    el(
      "llm-emit-token-metric",
      { namespace: METRIC_NAMESPACE },
      el("dimension", { name: "task-class", value: expr(strOr(VARS.taskClass)) }),
      el("dimension", { name: "deployment", value: expr(strOr(VARS.servedDeployment)) }),
      el("dimension", { name: "model", value: expr(strOr(VARS.servedModel)) }),
      el("dimension", { name: "fallback", value: expr(`${intOr(VARS.attempt)} > 1 ? "true" : "false"`) }),
    ),
  );

  const attemptBody: (XmlNode | undefined)[] = [
    setVar(VARS.backend, expr(`${str(VARS.attempts)}.Split(';')[${int(VARS.attempt)}]`)),
    setVar(VARS.attempt, expr(`${int(VARS.attempt)} + 1`)),
    choose(
      deployments.map((d) => {
        const b = backendOf(d);
        return el(
          "when",
          { condition: expr(`${str(VARS.backend)} == ${cs(b.id)}`) },
          setVar(VARS.servedDeployment, expr(cs(d.deployment))),
          setVar(VARS.servedModel, expr(cs(modelLabel(d)))),
          setVar(VARS.servedName, expr(cs(d.deploymentName))),
          b.forwarding.apiVersion !== undefined
            ? el(
                "set-query-parameter",
                { name: "api-version", "exists-action": "override" },
                el("value", {}, text(b.forwarding.apiVersion)),
              )
            : undefined,
        );
      }),
    ),
    el("set-backend-service", { "backend-id": expr(str(VARS.backend)) }),
    // Every shape addresses the deployment by body `model` (Azure OpenAI also takes it in the path; see forwarding).
    el(
      "set-body",
      {},
      text(
        block(
          "try",
          "{",
          "    JObject body = context.Request.Body.As<JObject>(preserveContent: true);",
          `    body[${cs("model")}] = ${str(VARS.servedName)};`,
          "    return body.ToString(Newtonsoft.Json.Formatting.None);",
          "}",
          "catch (Exception)",
          "{",
          "    return context.Request.Body.As<string>(preserveContent: true);",
          "}",
        ),
      ),
    ),
    el("forward-request", { "buffer-request-body": true, "buffer-response": false }),
  ];
  const backend = el(
    "backend",
    {},
    comment("6. try the attempts in order while the answer is 429, 404 (deployment not found) or 5xx"),
    maxRetries > 0
      ? el(
          "retry",
          {
            condition: expr(
              "context.Response != null && (context.Response.StatusCode == 429 || context.Response.StatusCode == 404 || context.Response.StatusCode >= 500) && " +
                `${str(VARS.attempts)}.Split(';').Length > ${int(VARS.attempt)}`,
            ),
            count: maxRetries,
            interval: 0,
            "first-fast-retry": true,
          },
          ...attemptBody,
        )
      : undefined,
    ...(maxRetries > 0 ? [] : attemptBody),
  );

  return el(
    "policies",
    {},
    inbound,
    backend,
    el("outbound", {}, el("base"), ...routedHeaders(version)),
    el("on-error", {}, el("base"), ...routedHeaders(version)),
  );
}

function tokenLimit(environment: string, route: TableRoute): XmlElement | undefined {
  if (!route.tokenLimit) return undefined;
  // One counter per environment, task class and caller: APIM shares a counter key across all scopes.
  const caller = route.tokenLimit.counterKey === "ip" ? "context.Request.IpAddress" : '(context.Subscription?.Id ?? "")';
  return el("llm-token-limit", {
    "counter-key": expr(`${cs(`${environment}:${route.taskClass}:`)} + ${caller}`),
    "tokens-per-minute": route.tokenLimit.tokensPerMinute,
    "estimate-prompt-tokens": false,
  });
}

function stickyKeyExpr(route: TableRoute): Expr {
  if (!route.sticky) return expr('""');
  if ("header" in route.sticky) return expr(`context.Request.Headers.GetValueOrDefault(${cs(route.sticky.header)}, "")`);
  return expr('context.Subscription?.Id ?? ""');
}

/** FNV-1a 32-bit over the UTF-8 bytes, unchecked uint arithmetic, mod BUCKETS; same constants as routing/table/hash.ts. */
export function bucketExpr(): Expr {
  return block(
    `string key = ${str(VARS.stickyKey)};`,
    `if (string.IsNullOrEmpty(key)) { return new Random().Next(0, ${BUCKETS}); }`,
    `uint hash = ${FNV_OFFSET_BASIS}U;`,
    "foreach (byte b in Encoding.UTF8.GetBytes(key))",
    "{",
    "    hash ^= b;",
    `    hash = unchecked(hash * ${FNV_PRIME}U);`,
    "}",
    `return (int)(hash % ${BUCKETS}U);`,
  );
}

function primary(target: TableDeployment, backendId: string): XmlElement[] {
  return [setVar(VARS.primary, expr(cs(backendId))), setVar(VARS.primaryDeployment, expr(cs(target.deployment)))];
}

function badRequest(table: RoutingTable, version: ReturnType<typeof namedValue>): XmlElement {
  return errorResponse(table, version, [
    `string taskClass = ${str(VARS.taskClass)};`,
    "bool missing = taskClass.Length == 0;",
    `string code = missing ? ${cs("missing-task-class")} : ${cs("unknown-task-class")};`,
    `string message = missing ? ${cs(MISSING_CLASS_MESSAGE)} : ${cs(UNKNOWN_CLASS_PREFIX)} + taskClass + ${cs(UNKNOWN_CLASS_SUFFIX)};`,
  ]);
}

/** No body, or one that is not a JSON object: the same 400 shape as an unknown class. */
function badBody(table: RoutingTable, version: ReturnType<typeof namedValue>): XmlElement {
  return errorResponse(table, version, [`string code = ${cs("invalid-body")};`, `string message = ${cs(INVALID_BODY_MESSAGE)};`]);
}

/** The one JSON error shape of the gateway: {"error": {"code", "message", "validClasses"}}, with the routing version. */
function errorResponse(table: RoutingTable, version: ReturnType<typeof namedValue>, codeAndMessage: readonly string[]): XmlElement {
  const classes = table.routes.map((r) => cs(r.taskClass)).join(", ");
  return el(
    "return-response",
    {},
    el("set-status", { code: 400, reason: "Bad Request" }),
    setHeader("Content-Type", "application/json"),
    setHeader(ROUTED_HEADERS.routingVersion, version),
    el(
      "set-body",
      {},
      text(
        block(
          ...codeAndMessage,
          "return new JObject(",
          `    new JProperty(${cs("error")}, new JObject(`,
          `        new JProperty(${cs("code")}, code),`,
          `        new JProperty(${cs("message")}, message),`,
          `        new JProperty(${cs("validClasses")}, new JArray(${classes ? `new string[] { ${classes} }` : ""}))))`,
          ").ToString(Newtonsoft.Json.Formatting.None);",
        ),
      ),
    ),
  );
}

function routedHeaders(version: ReturnType<typeof namedValue>): XmlNode[] {
  return [
    setHeader(ROUTED_HEADERS.taskClass, expr(strOr(VARS.taskClass))),
    setHeader(ROUTED_HEADERS.deployment, expr(strOr(VARS.servedDeployment))),
    setHeader(ROUTED_HEADERS.model, expr(strOr(VARS.servedModel))),
    setHeader(ROUTED_HEADERS.routingVersion, version),
    el(
      "choose",
      {},
      el(
        "when",
        { condition: expr(`${intOr(VARS.attempt)} > 1`) },
        setHeader(ROUTED_HEADERS.fallback, expr(strOr(VARS.primaryDeployment))),
      ),
    ),
  ];
}

function distinctFallbacks(route: TableRoute): number {
  return new Set(route.fallbacks.map((f) => f.deployment)).size;
}

/** Every deployment the routes reach, once, in first-seen order. */
function uniqueDeployments(routes: readonly TableRoute[]): TableDeployment[] {
  const seen = new Map<string, TableDeployment>();
  for (const r of routes) for (const d of [...r.targets, ...r.fallbacks]) if (!seen.has(d.deployment)) seen.set(d.deployment, d);
  return [...seen.values()];
}
