// The APIM policy of one gateway API, generated from the routing decision table. Pure: same table, same bytes.
// It makes the decisions routing/table/resolve.ts makes (tests read the XML back to prove it):
//   inbound  task class (x-task-class header, else body `model`, else default route; unknown or none: 400 JSON)
//            per class: sticky key, fallbacks, fallback conditions, optional llm-token-limit
//            per class that asks for it: llm-content-safety (Azure AI Content Safety; a block answers 403)
//            bucket: FNV-1a 32-bit of the sticky key mod 100 (as routing/table/hash.ts), else random
//            per class: the target owning the bucket; attempts = target, then fallbacks without repeats
//            managed identity token for Foundry; token metrics by task class
//   backend  retry loop over the attempts while the answer fails in one of the route's fallback conditions
//            (default 429, 404, 5xx); per deployment: backend, api-version, body `model` = deployment name
//   outbound the model a router chose; routed-requests metric with the served values; x-routed-* headers
// Each section reads only variables set in itself or an earlier one (a test checks it statically).
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
import {
  BUCKETS,
  type ContentSafetyService,
  type RoutingTable,
  type TableContentSafety,
  type TableDeployment,
  type TableRoute,
} from "../table/table";
import type { FallbackCondition } from "../config/schema";
import { type AccessPlan, CALLER_CLAIMS } from "./access";

/** Azure API Management's limit on one policy document: 256 KiB (Azure subscription and service limits, API Management). */
export const APIM_POLICY_LIMIT_BYTES = 256 * 1024;
/** APIM's `retry` policy accepts 1..50 retries. */
const APIM_MAX_RETRIES = 50;

// The sticky hash in C# uses the very constants of routing/table/hash.ts: one definition, two languages.
export { FNV_OFFSET_BASIS, FNV_PRIME };

/** Namespace of the token metrics in Application Insights. */
const METRIC_NAMESPACE = "foundry-routes";
/** Outbound metric counting served requests by task class, deployment, model and fallback. */
const ROUTED_REQUESTS_METRIC = "routed-requests";
/** APIM allows at most 5 custom dimensions per metric policy (the other 5 of Azure Monitor's 10 are its defaults). */
const APIM_MAX_CUSTOM_DIMENSIONS = 5;

/**
 * How each fallback condition is recognised in a backend answer. Sources: docs/gateway.md, "Fallback conditions".
 * Codes and messages are matched on the error body only for HTTP 400, and only when the route asks for it.
 */
const FAILURE_SIGNATURES = {
  contextLength: {
    codes: ["context_length_exceeded"],
    // Lower-case fragments of messages that carry no code: Azure OpenAI's input limit, Anthropic's Messages API.
    messages: ["maximum context length", "input tokens exceed", "prompt is too long"],
  },
  contentFilter: {
    codes: ["content_filter"],
    // MAI surface: `error.type` of a safety block.
    types: ["SafetyBlockedError"],
  },
} as const;

/** Response headers the gateway sets on every response. */
export const ROUTED_HEADERS = {
  taskClass: "x-routed-task-class",
  deployment: "x-routed-deployment",
  model: "x-routed-model",
  routingVersion: "x-routing-version",
  /** Only when a fallback served; value = the deployment first chosen, which answered 429, 404 or 5xx. */
  fallback: "x-routing-fallback",
  /** With `access`: the consumer the caller's token mapped to (logged with the other headers). */
  consumer: "x-routed-consumer",
} as const;

/** Context variables the policy uses; names are part of the generated document's contract with its tests. */
const VARS = {
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
  fallbackOn: "fr-fallback-on",
  windows: "fr-windows",
  next: "fr-next",
  servedWindow: "fr-served-window",
  servedRouter: "fr-served-router",
  stream: "fr-stream",
  jwt: "fr-jwt",
  caller: "fr-caller",
  consumer: "fr-consumer",
  consumerClasses: "fr-consumer-classes",
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

interface GatewayPolicyInput {
  /** The environment's full routing table; only routes of `api` are used. */
  readonly table: RoutingTable;
  readonly api: GatewayApiShape;
  /** Backend of every deployment the API's routes reach, by `<account>/<deployment>`. */
  readonly backends: ReadonlyMap<string, PolicyBackend>;
  /** Name of the APIM named value holding the routing version. */
  readonly routingVersionNamedValue: string;
  /** @default APIM_POLICY_LIMIT_BYTES */
  readonly limitBytes?: number;
  /**
   * Entra ID validation and consumers; callers then need a valid token of a known consumer.
   * @default - none: the gateway validates no token (an APIM subscription key is required instead)
   */
  readonly access?: AccessPlan;
  /**
   * APIM backend id of each Content Safety service the routes use (`llm-content-safety backend-id`).
   * @default - none: a route with content safety fails with GatewayConfigError
   */
  readonly contentSafetyBackendOf?: (service: ContentSafetyService) => string | undefined;
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
  for (const route of table.routes) checkRoute(env, input.api, route, input.backends, input.contentSafetyBackendOf);
  const doc = policyDocument(table, input);
  const rawXml = serialize(doc, "rawxml") + "\n";
  const xml = serialize(doc, "xml") + "\n";
  const sizeBytes = Math.max(Buffer.byteLength(rawXml, "utf8"), Buffer.byteLength(xml, "utf8"));
  const limit = input.limitBytes ?? APIM_POLICY_LIMIT_BYTES;
  if (sizeBytes > limit) throw new GatewayPolicyTooLargeError(env, input.api, sizeBytes, limit);
  return { environment: env, api: input.api, rawXml, xml, sizeBytes, taskClasses: table.routes.map((r) => r.taskClass) };
}

function checkRoute(
  env: string,
  api: GatewayApiShape,
  route: TableRoute,
  backends: ReadonlyMap<string, PolicyBackend>,
  contentSafetyBackendOf: GatewayPolicyInput["contentSafetyBackendOf"],
): void {
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
  if (route.contentSafety && contentSafetyBackendOf?.(route.contentSafety.service) === undefined) {
    throw new GatewayConfigError(env, `no content safety backend for route "${route.taskClass}"`);
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

/** What every section builder needs. */
interface PolicyContext {
  readonly table: RoutingTable;
  readonly api: GatewayApiShape;
  readonly backendOf: (d: TableDeployment) => PolicyBackend;
  /** Every deployment the routes reach, once, in first-seen order. */
  readonly deployments: readonly TableDeployment[];
  readonly version: ReturnType<typeof namedValue>;
  readonly access?: AccessPlan;
  /** Backend id of a route's Content Safety service; checkRoute made sure there is one. */
  readonly contentSafetyBackendOf: (service: ContentSafetyService) => string;
}

function policyDocument(table: RoutingTable, input: GatewayPolicyInput): XmlElement {
  const ctx: PolicyContext = {
    table,
    api: input.api,
    backendOf: (d) => input.backends.get(d.deployment)!,
    deployments: uniqueDeployments(table.routes),
    version: namedValue(input.routingVersionNamedValue),
    access: input.access,
    contentSafetyBackendOf: (service) => input.contentSafetyBackendOf!(service)!,
  };
  return el(
    "policies",
    {},
    inboundSection(ctx),
    backendSection(ctx),
    el("outbound", {}, el("base"), ...routerChoice(ctx), routedRequestsMetric(), ...routedHeaders(ctx)),
    el("on-error", {}, el("base"), invalidToken(ctx), ...routedHeaders(ctx)),
  );
}

// ---- inbound ---------------------------------------------------------------------------------------------------

function inboundSection(ctx: PolicyContext): XmlElement {
  const { table, api, version } = ctx;
  const spec = API_SPECS[api];
  return el(
    "inbound",
    {},
    el("base"),
    comment("foundry-routes gateway policy, generated from the routing table; edit the YAML, not this document"),
    // The caller's APIM subscription key is for the gateway only; Foundry gets the gateway's Entra token.
    el("set-header", { name: spec.subscriptionKeyHeader, "exists-action": "delete" }),
    api === "anthropic-messages" ? setHeader("anthropic-version", ANTHROPIC_VERSION, "skip") : undefined,
    comment("1. task class: x-task-class header, else the body's model, else the default route"),
    setVar(VARS.headerClass, expr(`context.Request.Headers.GetValueOrDefault(${cs(TASK_CLASS_HEADER)}, "").Trim()`)),
    setVar(VARS.bodyModel, bodyModelExpr()),
    // A request without a JSON object body cannot be forwarded (the backend section rewrites its model): 400, not 500.
    setVar(VARS.bodyJson, bodyIsJsonExpr()),
    choose([el("when", { condition: expr(`!((bool)context.Variables[${cs(VARS.bodyJson)}])`) }, badBody(table, version))]),
    setVar(VARS.stream, streamRequestedExpr()),
    setVar(VARS.taskClass, taskClassExpr(table)),
    ...callerIdentity(ctx),
    comment("2. route settings per task class; any other class is answered 400"),
    routeSettings(ctx),
    ...consumerChecks(ctx),
    ...contentSafetyChecks(ctx),
    comment("3. bucket: FNV-1a 32-bit of the sticky key, as routing/table/hash.ts; random without a key"),
    setVar(VARS.bucket, bucketExpr()),
    comment("4. the weighted target owning the bucket; then the attempts: target, fallbacks without repeats"),
    targetChoice(ctx),
    setVar(VARS.attempts, attemptsExpr()),
    setVar(VARS.attempt, expr("0")),
    setVar(VARS.next, expr("0")),
    setVar(VARS.windows, expr(cs(ctx.deployments.map((d) => `${ctx.backendOf(d).id}=${d.contextWindow}`).join(";")))),
    comment("5. keyless: the gateway's managed identity calls Foundry"),
    el("authentication-managed-identity", { resource: COGNITIVE_SERVICES_RESOURCE }),
    // Inbound is the one section Microsoft documents for this policy; only values known here become dimensions.
    el(
      "llm-emit-token-metric",
      { namespace: METRIC_NAMESPACE },
      el("dimension", { name: "task-class", value: expr(strOr(VARS.taskClass)) }),
    ),
  );
}

/** The body's `model`, trimmed; "" when there is none or the body is not JSON. */
function bodyModelExpr(): Expr {
  return block(
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
  );
}

function bodyIsJsonExpr(): Expr {
  return block(
    "try",
    "{",
    "    return context.Request.Body?.As<JObject>(preserveContent: true) != null;",
    "}",
    "catch (Exception)",
    "{",
    "    return false;",
    "}",
  );
}

/** `stream: true` in the body: the response is then server-sent events and is never read by the gateway. */
function streamRequestedExpr(): Expr {
  return block(
    "try",
    "{",
    `    JToken stream = context.Request.Body.As<JObject>(preserveContent: true)[${cs("stream")}];`,
    "    return stream != null && stream.Type == JTokenType.Boolean && (bool)stream;",
    "}",
    "catch (Exception)",
    "{",
    "    return false;",
    "}",
  );
}

function taskClassExpr(table: RoutingTable): Expr {
  return block(
    `string fromHeader = ${str(VARS.headerClass)};`,
    "if (fromHeader.Length > 0) { return fromHeader; }",
    `string fromBody = ${str(VARS.bodyModel)};`,
    "if (fromBody.Length > 0) { return fromBody; }",
    `return ${cs(table.defaultRoute ?? "")};`,
  );
}

function routeSettings(ctx: PolicyContext): XmlElement {
  const { table, version } = ctx;
  if (table.routes.length === 0) return badRequest(table, version);
  return choose(
    table.routes.map((route) =>
      el(
        "when",
        { condition: classIs(route.taskClass) },
        setVar(VARS.stickyKey, stickyKeyExpr(route)),
        setVar(VARS.fallbacks, expr(cs(route.fallbacks.map((f) => ctx.backendOf(f).id).join(";")))),
        setVar(VARS.fallbackOn, expr(cs(route.fallbackOn.join(";")))),
        route.tokenLimit ? tokenLimit(table.environment, route) : undefined,
      ),
    ),
    el("otherwise", {}, badRequest(table, version)),
  )!;
}

function targetChoice(ctx: PolicyContext): XmlElement | undefined {
  return choose(
    ctx.table.routes.map((route) => {
      const fallbackTo = defaultTarget(route);
      return el(
        "when",
        { condition: classIs(route.taskClass) },
        choose(
          route.targets.map((t) =>
            el(
              "when",
              { condition: expr(`${int(VARS.bucket)} >= ${t.bucketStart} && ${int(VARS.bucket)} < ${t.bucketEnd}`) },
              ...primary(t, ctx.backendOf(t).id),
            ),
          ),
          el("otherwise", {}, ...primary(fallbackTo, ctx.backendOf(fallbackTo).id)),
        ),
      );
    }),
  );
}

function attemptsExpr(): Expr {
  return block(
    `string first = ${str(VARS.primary)};`,
    "var attempts = new List<string> { first };",
    `foreach (string fallback in ${str(VARS.fallbacks)}.Split(new char[] { ';' }, StringSplitOptions.RemoveEmptyEntries))`,
    "{",
    "    if (!attempts.Contains(fallback)) { attempts.Add(fallback); }",
    "}",
    'return string.Join(";", attempts);',
  );
}

// ---- backend ---------------------------------------------------------------------------------------------------

function backendSection(ctx: PolicyContext): XmlElement {
  // Retries needed by the longest walk: at most one per distinct fallback.
  const maxRetries = Math.max(0, ...ctx.table.routes.map(distinctFallbacks));
  const body = attemptBody(ctx);
  return el(
    "backend",
    {},
    comment("6. try the attempts in order while the answer fails in one of the route's fallback conditions"),
    maxRetries > 0
      ? el("retry", { condition: retryConditionExpr(), count: maxRetries, interval: 0, "first-fast-retry": true }, ...body)
      : undefined,
    ...(maxRetries > 0 ? [] : body),
  );
}

function attemptBody(ctx: PolicyContext): (XmlNode | undefined)[] {
  return [
    setVar(VARS.next, nextAttemptExpr()),
    setVar(VARS.backend, expr(`${str(VARS.attempts)}.Split(';')[${int(VARS.next)}]`)),
    setVar(VARS.attempt, expr(`${int(VARS.attempt)} + 1`)),
    choose(ctx.deployments.map((d) => servedDeployment(d, ctx.backendOf(d)))),
    el("set-backend-service", { "backend-id": expr(str(VARS.backend)) }),
    // Every shape addresses the deployment by body `model` (Azure OpenAI also takes it in the path; see forwarding).
    el("set-body", {}, text(forwardedBodyExpr())),
    // Unbuffered: server-sent events reach the caller as they come. A 429 or 5xx arrives before any event, so the
    // retry loop still falls back for streaming requests.
    el("forward-request", { "buffer-request-body": true, "buffer-response": false }),
  ];
}

/** What the gateway knows of the deployment it is about to call; outbound reports these. */
function servedDeployment(d: TableDeployment, b: PolicyBackend): XmlElement {
  return el(
    "when",
    { condition: expr(`${str(VARS.backend)} == ${cs(b.id)}`) },
    setVar(VARS.servedDeployment, expr(cs(d.deployment))),
    setVar(VARS.servedModel, expr(cs(modelLabel(d)))),
    setVar(VARS.servedName, expr(cs(d.deploymentName))),
    setVar(VARS.servedWindow, expr(String(d.contextWindow))),
    setVar(VARS.servedRouter, expr(d.router ? "true" : "false")),
    b.forwarding.apiVersion !== undefined
      ? el("set-query-parameter", { name: "api-version", "exists-action": "override" }, el("value", {}, text(b.forwarding.apiVersion)))
      : undefined,
  );
}

function forwardedBodyExpr(): Expr {
  return block(
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
  );
}

const CONDITION: Readonly<Record<FallbackCondition, string>> = {
  throttled: "throttled",
  "server-error": "server-error",
  "not-found": "not-found",
  "context-length": "context-length",
  "content-filter": "content-filter",
};

/**
 * C# statements that set `string failure` to the fallback condition the last answer meets, or "". The error body
 * is read only for a 400 and only when the route falls back on context length or content filtering.
 */
function failureStatements(): string[] {
  const ctxLen = FAILURE_SIGNATURES.contextLength;
  const filter = FAILURE_SIGNATURES.contentFilter;
  const anyOf = (values: readonly string[], op: (v: string) => string) => values.map((v) => op(cs(v))).join(" || ") || "false";
  return [
    `var fallbackOn = new List<string>(${str(VARS.fallbackOn)}.Split(';'));`,
    "int status = context.Response.StatusCode;",
    'string failure = "";',
    `if (status == 429) { failure = ${cs(CONDITION.throttled)}; }`,
    `else if (status == 404) { failure = ${cs(CONDITION["not-found"])}; }`,
    `else if (status >= 500) { failure = ${cs(CONDITION["server-error"])}; }`,
    `else if (status == 400 && (fallbackOn.Contains(${cs(CONDITION["context-length"])}) || fallbackOn.Contains(${cs(CONDITION["content-filter"])})))`,
    "{",
    "    try",
    "    {",
    `        JToken error = context.Response.Body.As<JObject>(preserveContent: true)[${cs("error")}];`,
    `        string code = error == null ? "" : ((string)error[${cs("code")}] ?? "");`,
    `        string type = error == null ? "" : ((string)error[${cs("type")}] ?? "");`,
    `        string message = error == null ? "" : ((string)error[${cs("message")}] ?? "").ToLowerInvariant();`,
    `        if (${anyOf(ctxLen.codes, (v) => `code == ${v}`)} || ${anyOf(ctxLen.messages, (v) => `message.Contains(${v})`)}) { failure = ${cs(CONDITION["context-length"])}; }`,
    `        else if (${anyOf(filter.codes, (v) => `code == ${v}`)} || ${anyOf(filter.types, (v) => `type == ${v}`)}) { failure = ${cs(CONDITION["content-filter"])}; }`,
    "    }",
    "    catch (Exception)",
    "    {",
    "    }",
    "}",
    `if (!fallbackOn.Contains(failure)) { failure = ""; }`,
  ];
}

/**
 * C# statements that set `int next` to the index of the attempt after the current one, or -1 when none is left;
 * after a context-length failure, attempts whose model has no larger context window are skipped.
 */
function nextStatements(): string[] {
  return [
    `string[] attempts = ${str(VARS.attempts)}.Split(';');`,
    `int next = ${int(VARS.next)} + 1;`,
    `if (failure == ${cs(CONDITION["context-length"])})`,
    "{",
    "    var windows = new Dictionary<string, int>();",
    `    foreach (string pair in ${str(VARS.windows)}.Split(';'))`,
    "    {",
    "        string[] kv = pair.Split('=');",
    "        if (kv.Length == 2) { windows[kv[0]] = int.Parse(kv[1]); }",
    "    }",
    `    int served = ${intOr(VARS.servedWindow)};`,
    "    while (next < attempts.Length && (!windows.ContainsKey(attempts[next]) || windows[attempts[next]] <= served)) { next++; }",
    "}",
    "if (next >= attempts.Length) { next = -1; }",
  ];
}

/** Retry while the answer meets one of the route's conditions and an attempt is left for it. */
function retryConditionExpr(): Expr {
  return block(
    "if (context.Response == null) { return false; }",
    ...failureStatements(),
    "if (failure.Length == 0) { return false; }",
    ...nextStatements(),
    "return next >= 0;",
  );
}

/** Index of the attempt to make now: 0 first, then the one the retry condition found. */
function nextAttemptExpr(): Expr {
  return block(`if (${int(VARS.attempt)} == 0) { return 0; }`, ...failureStatements(), ...nextStatements(), "return next;");
}

// ---- outbound --------------------------------------------------------------------------------------------------

/**
 * For a model router, the served model is the one it chose: the response's `model`. Read only from a complete JSON
 * response: reading a stream would buffer it.
 */
function routerChoice(ctx: PolicyContext): XmlElement[] {
  if (!ctx.deployments.some((d) => d.router)) return [];
  return [
    choose([
      el(
        "when",
        {
          condition: expr(
            `context.Variables.GetValueOrDefault<bool>(${cs(VARS.servedRouter)}, false) && !context.Variables.GetValueOrDefault<bool>(${cs(VARS.stream)}, false) && context.Response.StatusCode == 200`,
          ),
        },
        setVar(
          VARS.servedModel,
          block(
            `string label = ${strOr(VARS.servedModel)};`,
            "try",
            "{",
            `    JToken chosen = context.Response.Body.As<JObject>(preserveContent: true)[${cs("model")}];`,
            '    return chosen != null && chosen.Type == JTokenType.String ? label + " -> " + (string)chosen : label;',
            "}",
            "catch (Exception)",
            "{",
            "    return label;",
            "}",
          ),
        ),
      ),
    ])!,
  ];
}

/** One count per answered request, by the values only known once it was served. */
function routedRequestsMetric(): XmlElement {
  const dims: [string, Expr][] = [
    ["task-class", expr(strOr(VARS.taskClass))],
    ["deployment", expr(strOr(VARS.servedDeployment))],
    ["model", expr(strOr(VARS.servedModel))],
    ["fallback", expr(`${intOr(VARS.attempt)} > 1 ? "true" : "false"`)],
  ];
  if (dims.length > APIM_MAX_CUSTOM_DIMENSIONS) throw new Error(`routed-requests has ${dims.length} custom dimensions`);
  return el(
    "emit-metric",
    { name: ROUTED_REQUESTS_METRIC, value: 1, namespace: METRIC_NAMESPACE },
    ...dims.map(([name, value]) => el("dimension", { name, value })),
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
function bucketExpr(): Expr {
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
/** The one JSON error shape of the gateway: {"error": {"code", "message", "validClasses"}}, with the routing version. */
function errorResponse(
  table: RoutingTable,
  version: ReturnType<typeof namedValue>,
  codeAndMessage: readonly string[],
  status: { readonly code: number; readonly reason: string } = { code: 400, reason: "Bad Request" },
  validClasses?: string,
): XmlElement {
  const classes = table.routes.map((r) => cs(r.taskClass)).join(", ");
  return el(
    "return-response",
    {},
    el("set-status", { code: status.code, reason: status.reason }),
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
          `        new JProperty(${cs("validClasses")}, new JArray(${validClasses ?? (classes ? `new string[] { ${classes} }` : "")}))))`,
          ").ToString(Newtonsoft.Json.Formatting.None);",
        ),
      ),
    ),
  );
}

function routedHeaders(ctx: PolicyContext): (XmlNode | undefined)[] {
  return [
    setHeader(ROUTED_HEADERS.taskClass, expr(strOr(VARS.taskClass))),
    setHeader(ROUTED_HEADERS.deployment, expr(strOr(VARS.servedDeployment))),
    setHeader(ROUTED_HEADERS.model, expr(strOr(VARS.servedModel))),
    setHeader(ROUTED_HEADERS.routingVersion, ctx.version),
    ctx.access ? setHeader(ROUTED_HEADERS.consumer, expr(strOr(VARS.consumer))) : undefined,
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

// ---- content safety -------------------------------------------------------------------------------------------

/**
 * One `llm-content-safety` per class that asks for it, in a `<choose>` on the task class, so only that class's
 * requests are sent to Azure AI Content Safety. After the consumer checks: a caller refused with 401/403 costs no
 * Content Safety call. Elements and attributes in the order of the policy reference's statement.
 */
function contentSafetyChecks(ctx: PolicyContext): XmlNode[] {
  const whens = ctx.table.routes.flatMap((route) =>
    route.contentSafety
      ? [
          el(
            "when",
            { condition: classIs(route.taskClass) },
            contentSafetyPolicy(route.contentSafety, ctx.contentSafetyBackendOf(route.contentSafety.service)),
          ),
        ]
      : [],
  );
  const checks = choose(whens);
  return checks ? [comment("content safety per task class: Azure AI Content Safety checks the prompt; a block answers 403"), checks] : [];
}

function contentSafetyPolicy(cs: TableContentSafety, backendId: string): XmlElement {
  return el(
    "llm-content-safety",
    {
      "backend-id": backendId,
      "shield-prompt": cs.promptShield,
      "enforce-on-completions": cs.enforceOnCompletions ? true : undefined,
    },
    cs.categories.length > 0
      ? el(
          "categories",
          { "output-type": cs.outputType },
          ...cs.categories.map((c) => el("category", { name: c.name, threshold: c.threshold })),
        )
      : undefined,
    cs.blocklists.length > 0 ? el("blocklists", {}, ...cs.blocklists.map((b) => el("id", {}, text(b)))) : undefined,
  );
}

// ---- access: Entra ID tokens, consumers, quotas -------------------------------------------------------------

/** Validates the caller's Entra ID token and maps its appid/azp/oid to a consumer; no consumer answers 401. */
function callerIdentity(ctx: PolicyContext): XmlNode[] {
  const access = ctx.access;
  if (!access) return [];
  const consumerIf = access.consumers.map(
    (c) => `    if (${c.identities.map((i) => `id == ${cs(i)}`).join(" || ")}) { return ${cs(c.id)}; }`,
  );
  return [
    comment("keyless callers: a valid Entra ID token of a known consumer (failures: 401, see on-error)"),
    el(
      "validate-azure-ad-token",
      {
        "tenant-id": access.tenantId,
        "header-name": "Authorization",
        "failed-validation-httpcode": 401,
        "output-token-variable-name": VARS.jwt,
      },
      el("audiences", {}, ...access.audiences.map((a) => el("audience", {}, text(a)))),
    ),
    setVar(
      VARS.caller,
      block(
        `Jwt jwt = context.Variables.GetValueOrDefault<Jwt>(${cs(VARS.jwt)}, null);`,
        'if (jwt == null) { return ""; }',
        `foreach (string claim in new string[] { ${CALLER_CLAIMS.map(cs).join(", ")} })`,
        "{",
        '    string id = jwt.Claims.GetValueOrDefault(claim, "");',
        "    if (id.Length > 0) { return id.ToLowerInvariant(); }",
        "}",
        'return "";',
      ),
    ),
    setVar(
      VARS.consumer,
      block(
        `Jwt jwt = context.Variables.GetValueOrDefault<Jwt>(${cs(VARS.jwt)}, null);`,
        'if (jwt == null) { return ""; }',
        // Every claim is tried: a v1 token's appid and a managed identity's oid may both be listed.
        `foreach (string claim in new string[] { ${CALLER_CLAIMS.map(cs).join(", ")} })`,
        "{",
        '    string id = jwt.Claims.GetValueOrDefault(claim, "").ToLowerInvariant();',
        "    if (id.Length == 0) { continue; }",
        ...consumerIf,
        "}",
        'return "";',
      ),
    ),
    setVar(
      VARS.consumerClasses,
      block(
        `string consumer = ${str(VARS.consumer)};`,
        ...access.consumers.map((c) => `if (consumer == ${cs(c.id)}) { return ${cs(c.taskClasses.join(";"))}; }`),
        'return "";',
      ),
    ),
    choose([
      el(
        "when",
        { condition: expr(`${str(VARS.consumer)}.Length == 0`) },
        errorResponse(
          ctx.table,
          ctx.version,
          [
            `string code = ${cs("unknown-consumer")};`,
            `string message = ${cs("caller '")} + ${str(VARS.caller)} + ${cs("' is not a consumer of this gateway (task class '")} + ${str(VARS.taskClass)} + ${cs("'); ask the platform team to add its application id to consumers")};`,
          ],
          { code: 401, reason: "Unauthorized" },
          "new string[0]",
        ),
      ),
    ])!,
  ];
}

/** After the route settings: a class the consumer may not use answers 403; then its token quotas. */
function consumerChecks(ctx: PolicyContext): XmlNode[] {
  const access = ctx.access;
  if (!access) return [];
  const classes = new Set(ctx.table.routes.map((r) => r.taskClass));
  const env = ctx.table.environment;
  const limit = (counter: string, q: { tokens: number; period: string }) =>
    el("llm-token-limit", {
      "counter-key": counter,
      "token-quota": q.tokens,
      "token-quota-period": q.period,
      "estimate-prompt-tokens": false,
    });
  const quotaWhens = access.consumers.flatMap((c) =>
    c.quotas.flatMap((q) => {
      if (q.taskClass !== undefined && !classes.has(q.taskClass)) return [];
      const scope = q.taskClass ?? "*";
      const condition =
        q.taskClass === undefined
          ? expr(`${str(VARS.consumer)} == ${cs(c.id)}`)
          : expr(`${str(VARS.consumer)} == ${cs(c.id)} && ${str(VARS.taskClass)} == ${cs(q.taskClass)}`);
      // One counter per environment, API, consumer and class: never shared across environments or APIs.
      return [el("when", { condition }, limit(`${env}:${ctx.api}:${c.id}:${scope}`, q))];
    }),
  );
  return [
    comment("consumer checks: a class the consumer may not use answers 403; then its token quotas"),
    choose([
      el(
        "when",
        {
          condition: expr(`!new List<string>(${str(VARS.consumerClasses)}.Split(';')).Contains(${str(VARS.taskClass)})`),
        },
        errorResponse(
          ctx.table,
          ctx.version,
          [
            `string code = ${cs("class-not-allowed")};`,
            `string message = ${cs("consumer '")} + ${str(VARS.consumer)} + ${cs("' may not use task class '")} + ${str(VARS.taskClass)} + ${cs("'")};`,
          ],
          { code: 403, reason: "Forbidden" },
          `${str(VARS.consumerClasses)}.Split(new char[] { ';' }, StringSplitOptions.RemoveEmptyEntries)`,
        ),
      ),
    ])!,
    // Each quota applies on its own, so a consumer's class quota and its all-classes quota both count.
    ...quotaWhens.map((w) => el("choose", {}, w)),
  ];
}

/** A token the gateway refused (missing, expired, wrong audience or tenant): 401 in the gateway's JSON shape. */
function invalidToken(ctx: PolicyContext): XmlElement | undefined {
  if (!ctx.access) return undefined;
  return choose([
    el(
      "when",
      { condition: expr(`context.LastError != null && context.LastError.Source == ${cs("validate-azure-ad-token")}`) },
      errorResponse(
        ctx.table,
        ctx.version,
        [
          `string code = ${cs("invalid-token")};`,
          `string message = ${cs("expected an Entra ID bearer token for this gateway (")} + context.LastError.Reason + ${cs(")")};`,
        ],
        { code: 401, reason: "Unauthorized" },
        "new string[0]",
      ),
    ),
  ]);
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
