// The policy's C# expressions as one compilation unit, for a real C# compiler (mcs) to check, and the check of
// every type they name against API Management's allowed-types list.
// The stub of `context` follows Microsoft's policy-expression reference ("Context variable"): only the members the
// reference documents, with their documented types.

/** One policy expression: `@(…)` (a single expression) or `@{…}` (a statement block). */
export interface PolicyExpression {
  readonly kind: "expression" | "block";
  readonly code: string;
}

/** Every policy expression in a policy document (attribute values and element text), in document order. */
export function policyExpressions(xml: string): PolicyExpression[] {
  const out: PolicyExpression[] = [];
  const decode = (s: string) =>
    s
      .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
      .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCharCode(parseInt(n, 16)))
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  // Attribute values and text nodes are the only places APIM evaluates expressions.
  for (const m of xml.matchAll(/="(@[({][^"]*)"|>(@[({][^<]*)</g)) {
    const raw = decode(m[1] ?? m[2]!);
    const kind = raw.startsWith("@(") ? "expression" : "block";
    const close = kind === "expression" ? ")" : "}";
    if (!raw.endsWith(close)) continue;
    out.push({ kind, code: raw.slice(2, -1) });
  }
  return out;
}

/**
 * Types an expression may name, from the policy-expression reference's "CLR type" allow-list (the subset this app
 * can need). System.Object is not on it: `object[]` must be `string[]`.
 */
const ALLOWED_TYPES: ReadonlySet<string> = new Set([
  "string",
  "String",
  "int",
  "uint",
  "long",
  "bool",
  "char",
  "byte",
  "double",
  "Random",
  "Encoding",
  "StringSplitOptions",
  "Exception",
  "List",
  "Dictionary",
  "IEnumerable",
  "Math",
  "DateTime",
  "TimeSpan",
  "JObject",
  "JArray",
  "JToken",
  "JProperty",
  "JTokenType",
  "JValue",
  "Newtonsoft",
  "Jwt",
]);

/** Type names an expression uses: after `new`, in casts, in generic arguments, in catch clauses and static calls. */
function typesNamed(code: string): string[] {
  const names = new Set<string>();
  const add = (t: string) => {
    for (const part of t.split(/[<>,\s[\]?]+/)) if (part && /^[A-Za-z_]\w*$/.test(part)) names.add(part);
  };
  for (const m of code.matchAll(/\bnew\s+([A-Za-z_][\w.]*(?:<[^>()]*>)?)/g)) add(m[1]!.split(".").pop()!);
  for (const m of code.matchAll(/\(\(?\s*([A-Za-z_]\w*(?:<[^>()]*>)?(?:\[\])?)\s*\)\s*[\w(@"]/g)) add(m[1]!);
  for (const m of code.matchAll(/\b(?:As|GetValueOrDefault)<([^>()]+)>/g)) add(m[1]!);
  for (const m of code.matchAll(/\bcatch\s*\(\s*([A-Za-z_]\w*)/g)) add(m[1]!);
  for (const m of code.matchAll(/\b([A-Z]\w*)\s*\.\s*[A-Z]\w*/g)) add(m[1]!);
  for (const m of code.matchAll(/^\s*(?:var|([A-Za-z_]\w*(?:<[^>]*>)?(?:\[\])?))\s+[a-z_]\w*\s*=/gm)) if (m[1]) add(m[1]);
  return [...names];
}

/** Types named by the expressions that are not on the allow-list, with the expression's index. */
export function disallowedTypes(expressions: readonly PolicyExpression[]): { index: number; type: string }[] {
  return expressions.flatMap((e, index) =>
    typesNamed(e.code)
      .filter(
        (t) =>
          !ALLOWED_TYPES.has(t) &&
          ![
            "context",
            "Request",
            "Response",
            "Variables",
            "Headers",
            "Body",
            "Subscription",
            "UTF8",
            "Formatting",
            "Json",
            "Linq",
            "Claims",
            "LastError",
          ].includes(t),
      )
      .map((type) => ({ index, type })),
  );
}

/** The documented `context` surface, typed; members the reference does not document are absent on purpose. */
const CONTEXT_STUB = `
public interface IMessageBody { T As<T>(bool preserveContent = false); }
public interface IHeaders : IReadOnlyDictionary<string, string[]> { string GetValueOrDefault(string headerName, string defaultValue); }
public interface IUrl { string Host { get; } string Path { get; } int Port { get; } IReadOnlyDictionary<string, string[]> Query { get; } string Scheme { get; } }
public interface IRequest { IMessageBody Body { get; } IHeaders Headers { get; } string Method { get; } IUrl Url { get; } string IpAddress { get; } }
public interface IResponse { IMessageBody Body { get; } IHeaders Headers { get; } int StatusCode { get; } string StatusReason { get; } }
public interface ISubscription { string Id { get; } string Key { get; } string Name { get; } string PrimaryKey { get; } string SecondaryKey { get; } }
public interface IUser { string Id { get; } string Email { get; } }
public class Jwt { public IReadOnlyDictionary<string, string[]> Claims { get; set; } public string Id { get; set; } public string Subject { get; set; } }
public interface ILastError { string Source { get; } string Reason { get; } string Message { get; } string Scope { get; } string Section { get; } string Path { get; } string PolicyId { get; } }
public static class ClaimsExtensions {
  public static string GetValueOrDefault(this IReadOnlyDictionary<string, string[]> claims, string claimName, string defaultValue) {
    string[] v; return claims != null && claims.TryGetValue(claimName, out v) && v.Length > 0 ? string.Join(",", v) : defaultValue;
  }
}
public interface IContext {
  IRequest Request { get; } IResponse Response { get; } ISubscription Subscription { get; } IUser User { get; } ILastError LastError { get; }
  IReadOnlyDictionary<string, object> Variables { get; } Guid RequestId { get; } DateTime Timestamp { get; } TimeSpan Elapsed { get; }
}
`;

const STUB_EXTENSIONS = `
public static class VariablesExtensions {
  public static T GetValueOrDefault<T>(this IReadOnlyDictionary<string, object> variables, string name, T defaultValue = default(T)) { return defaultValue; }
}
`;

/** A working context for running expressions in tests: the documented surface, backed by plain values. */
const RUNNABLE_CONTEXT = `
public static class VariablesExtensions {
  public static T GetValueOrDefault<T>(this IReadOnlyDictionary<string, object> variables, string name, T defaultValue = default(T)) {
    object value;
    return variables.TryGetValue(name, out value) && value is T ? (T)value : defaultValue;
  }
}
public class Body : IMessageBody {
  private readonly string text;
  public Body(string text) { this.text = text; }
  public T As<T>(bool preserveContent = false) {
    if (typeof(T) == typeof(string)) { return (T)(object)text; }
    if (typeof(T) == typeof(JObject)) { return (T)(object)JObject.Parse(text); }
    throw new NotSupportedException(typeof(T).Name);
  }
}
public class Headers : Dictionary<string, string[]>, IHeaders {
  public string GetValueOrDefault(string headerName, string defaultValue) { string[] v; return TryGetValue(headerName, out v) ? string.Join(",", v) : defaultValue; }
}
public class Response : IResponse {
  public IMessageBody Body { get; set; } public IHeaders Headers { get; set; } public int StatusCode { get; set; } public string StatusReason { get; set; }
}
public class Request : IRequest {
  public IMessageBody Body { get; set; } public IHeaders Headers { get; set; } public string Method { get; set; } public IUrl Url { get; set; } public string IpAddress { get; set; }
}
public class Context : IContext {
  public IRequest Request { get; set; } public IResponse Response { get; set; } public ISubscription Subscription { get; set; } public IUser User { get; set; } public ILastError LastError { get; set; }
  public Dictionary<string, object> Vars = new Dictionary<string, object>();
  public IReadOnlyDictionary<string, object> Variables { get { return Vars; } }
  public Guid RequestId { get; set; } public DateTime Timestamp { get; set; } public TimeSpan Elapsed { get; set; }
}
`;

const USINGS = [
  "using System;",
  "using System.Collections.Generic;",
  "using System.Linq;",
  "using System.Text;",
  "using Newtonsoft.Json;",
  "using Newtonsoft.Json.Linq;",
];

function methodsOf(expressions: readonly PolicyExpression[]): string[] {
  return expressions.map((e, i) =>
    e.kind === "expression" ? `  public object E${i}() { return (${e.code}); }` : `  public object E${i}() {\n${e.code}\n  }`,
  );
}

/**
 * A C# program that runs expressions against a working context: `main` is the body of `Main`, where `Run(i, ctx)`
 * evaluates expression i. Tests use it to execute what the gateway would.
 */
export function runnableUnit(expressions: readonly PolicyExpression[], main: string): string {
  return [
    ...USINGS,
    CONTEXT_STUB,
    RUNNABLE_CONTEXT,
    "public class PolicyExpressions {",
    "  public IContext context;",
    ...methodsOf(expressions),
    '  public object Run(int i, IContext ctx) { context = ctx; return GetType().GetMethod("E" + i).Invoke(this, null); }',
    "}",
    "public static class Program {",
    "  public static void Main() {",
    main,
    "  }",
    "}",
    "",
  ].join("\n");
}

/** A C# file in which each expression is the body of one method over the stubbed `context`. */
export function compilationUnit(expressions: readonly PolicyExpression[]): string {
  return [
    ...USINGS,
    CONTEXT_STUB,
    STUB_EXTENSIONS,
    "public class PolicyExpressions {",
    "  private readonly IContext context = null;",
    ...methodsOf(expressions),
    "}",
    "",
  ].join("\n");
}
