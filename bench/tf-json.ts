// Reading synthesized Terraform JSON: deployments, their dependsOn chains, and a scan for key material.
// Shared by the benchmark (B3) and the robustness tests (no secrets).
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { stackOutputPath } from "../io/synth";

/** A synthesized stack: `<outdir>/stacks/<name>/cdk.tf.json`. */
export interface TfStack {
  readonly name: string;
  readonly file: string;
  readonly json: TfJson;
}

export interface TfJson {
  readonly resource?: Record<string, Record<string, TfResource>>;
  readonly output?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

export interface TfResource {
  readonly depends_on?: readonly string[];
  readonly type?: string;
  readonly parent_id?: string;
  readonly [key: string]: unknown;
}

export const AZAPI_DEPLOYMENT_TYPE = "Microsoft.CognitiveServices/accounts/deployments@";

export function readStacks(outdir: string): TfStack[] {
  const dir = join(outdir, stackOutputPath());
  return readdirSync(dir)
    .sort()
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .map((name) => {
      const file = join(outdir, stackOutputPath(name));
      return { name, file, json: JSON.parse(readFileSync(file, "utf8")) as TfJson };
    });
}

/** Terraform addresses (`type.name`) of every model deployment: azurerm cognitive deployments and azapi ones. */
export function deploymentAddresses(json: TfJson): string[] {
  const out: string[] = [];
  for (const name of Object.keys(json.resource?.azurerm_cognitive_deployment ?? {})) out.push(`azurerm_cognitive_deployment.${name}`);
  for (const [name, r] of Object.entries(json.resource?.azapi_resource ?? {}))
    if (r.type?.startsWith(AZAPI_DEPLOYMENT_TYPE)) out.push(`azapi_resource.${name}`);
  return out.sort();
}

function resourceAt(json: TfJson, address: string): TfResource | undefined {
  const dot = address.indexOf(".");
  return json.resource?.[address.slice(0, dot)]?.[address.slice(dot + 1)];
}

/**
 * Longest dependsOn chain among deployments, counted in deployments (a lone deployment is a chain of 1).
 * Only edges from a deployment to another deployment count; a cycle is reported as an error.
 */
export function longestDeploymentChain(json: TfJson): number {
  const nodes = new Set(deploymentAddresses(json));
  const memo = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (a: string): number => {
    const known = memo.get(a);
    if (known !== undefined) return known;
    if (visiting.has(a)) throw new Error(`dependsOn cycle through ${a}`);
    visiting.add(a);
    const deps = (resourceAt(json, a)?.depends_on ?? []).filter((d) => nodes.has(d));
    const d = 1 + Math.max(0, ...deps.map(depth));
    visiting.delete(a);
    memo.set(a, d);
    return d;
  };
  let best = 0;
  for (const a of nodes) best = Math.max(best, depth(a));
  return best;
}

export interface SecretHit {
  readonly file: string;
  /** JSON path, e.g. resource.azurerm_cognitive_account.account_a00.local_auth_enabled */
  readonly path: string;
  readonly why: string;
}

// Key material and references to it. A reference (`${…primary_access_key}`) leaks the key into state and outputs.
const SECRET_TEXT: readonly [RegExp, string][] = [
  [/AccountKey=/i, "storage connection string (AccountKey=)"],
  [/SharedAccessSignature|[?&]sig=[A-Za-z0-9%]{16,}/, "shared access signature"],
  [/-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)-----/, "PEM block"],
  [/\b(primary|secondary)_(access_)?key\b/, "account key attribute"],
  [/\b(primary|secondary)_connection_string\b/, "connection string attribute"],
  [/\binstrumentation_key\b/, "Application Insights instrumentation key"],
  [/Endpoint=sb:\/\/|DefaultEndpointsProtocol=/i, "connection string"],
];
const SECRET_NAME = /key|secret|password|token|credential/i;
const BLOB = /^(?:[A-Fa-f0-9]{32,}|[A-Za-z0-9+/_-]{32,}={0,2})$/;

/** Scans every string in a stack for key material, and every cognitive account for local auth being off. */
export function scanForSecrets(stack: TfStack): SecretHit[] {
  const hits: SecretHit[] = [];
  const walk = (v: unknown, path: string, name: string) => {
    if (typeof v === "string") {
      for (const [re, why] of SECRET_TEXT) if (re.test(v)) hits.push({ file: stack.file, path, why: `${why}: ${v.slice(0, 80)}` });
      if (SECRET_NAME.test(name) && BLOB.test(v) && !v.startsWith("${"))
        hits.push({ file: stack.file, path, why: `key-like value in "${name}"` });
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`, name));
    else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k, k);
  };
  walk(stack.json, "", "");
  for (const [name, account] of Object.entries(stack.json.resource?.azurerm_cognitive_account ?? {})) {
    // azurerm defaults local_auth_enabled to true: missing is as bad as true.
    if (account.local_auth_enabled !== false)
      hits.push({
        file: stack.file,
        path: `resource.azurerm_cognitive_account.${name}.local_auth_enabled`,
        why: `local auth is ${JSON.stringify(account.local_auth_enabled)} (expected false)`,
      });
  }
  return hits;
}

/** Reads every file under `root` as relative path → bytes, for byte-for-byte comparison. */
export function readTree(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(p).isDirectory()) walk(p, r);
      else out.set(r, readFileSync(p));
    }
  };
  walk(root, "");
  return out;
}
