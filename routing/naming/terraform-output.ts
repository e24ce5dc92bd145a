// The last line of defence of the string layer: a synthesized stack may hold only the templates this app writes.
// Config strings never contain a live `${…}` or `%{…}` (routing/config/strings.ts refuses them in names, literal()
// escapes free text), so any other live template, or a data source or output kind the app never creates, means a
// user string got through: nothing is written.

/** References and the few expressions the constructs write (the Anthropic variables' validations). */
const ALLOWED_TEMPLATE = new RegExp(
  [
    String.raw`^\$\{(?:azurerm|azapi)_[a-z0-9_]+\.[A-Za-z0-9_-]+(?:\.[a-z0-9_]+|\[\d+\])*\}`,
    String.raw`^\$\{(?:var|local)\.[a-z0-9_]+\}`,
    String.raw`^\$\{data\.azurerm_[a-z0-9_]+\.[A-Za-z0-9_-]+(?:\.[a-z0-9_]+|\[\d+\])*\}`,
    String.raw`^\$\{length\(trimspace\(var\.[a-z0-9_]+\)\) > 0\}`,
    String.raw`^\$\{can\(regex\("[^"]*", var\.[a-z0-9_]+\)\)\}`,
  ].join("|"),
);

/** Values that are credentials whatever their path: connection-string keys, JWTs, PEM keys. */
const SECRET_VALUE =
  /(?:InstrumentationKey|AccountKey|SharedAccessKey|AccessKey)=[A-Za-z0-9+/=-]{8,}|\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}|-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/**
 * Data source types the app reads (an existing resource group, an existing APIM instance, the endpoint of an existing
 * Content Safety resource); anything else (terraform_remote_state above all) is refused.
 */
const ALLOWED_DATA = new Set([
  "azurerm_resource_group",
  "azurerm_client_config",
  "azurerm_subscription",
  "azurerm_api_management",
  "azurerm_cognitive_account",
]);

interface UnsafeOutput {
  /** JSON path inside the stack, e.g. resource.azurerm_cognitive_account.account_eus2.tags.team */
  readonly path: string;
  readonly problem: string;
}

/** Live templates and data sources in a synthesized stack that the app does not write itself. */
export function unsafeOutput(json: unknown): UnsafeOutput[] {
  const out: UnsafeOutput[] = [];
  const walk = (v: unknown, path: string) => {
    if (typeof v === "string") {
      if (SECRET_VALUE.test(v)) {
        out.push({ path, problem: "a credential (key, connection string or token) as a value; use managed identity and references" });
        return;
      }
      for (let i = v.indexOf("{"); i !== -1; i = v.indexOf("{", i + 1)) {
        const sigil = v[i - 1];
        if (sigil !== "$" && sigil !== "%") continue;
        // `$${` and `%%{` are Terraform's escapes: count the run of sigils before the brace.
        let run = 0;
        while (v[i - 1 - run] === sigil) run++;
        if (run % 2 === 0) continue;
        if (sigil === "$" && ALLOWED_TEMPLATE.test(v.slice(i - 1))) continue;
        out.push({ path, problem: `live Terraform template ${JSON.stringify(v.slice(i - 1, i + 40))}` });
        break;
      }
    } else if (Array.isArray(v)) v.forEach((item, i) => walk(item, `${path}[${i}]`));
    else if (v !== null && typeof v === "object") {
      for (const [k, child] of Object.entries(v)) {
        walk(k, `${path}{key}`);
        walk(child, path ? `${path}.${k}` : k);
      }
    }
  };
  walk(json, "");
  const data = (json as { data?: Record<string, unknown> }).data ?? {};
  for (const type of Object.keys(data)) {
    if (!ALLOWED_DATA.has(type)) out.push({ path: `data.${type}`, problem: `data source ${type}, which the app never reads` });
  }
  return out;
}
