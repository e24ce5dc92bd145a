// Self time per function from a V8 .cpuprofile (node --cpu-prof), to name the hotspot as file:function.
import { readFileSync } from "node:fs";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface Hotspot {
  /** `routing/validate.ts:validate` style: source path relative to the repository, then the function. */
  readonly where: string;
  readonly selfMs: number;
  readonly share: number;
}

/** Repository-relative, source-shaped location: dist/routing/x.js → routing/x.ts; packages keep node_modules/…. */
function displayLocation(url: string, repo: string): string {
  let p = url.replace(/^file:\/\//, "");
  if (p === "") return "(native)";
  const nm = p.lastIndexOf("/node_modules/");
  if (nm >= 0) return p.slice(nm + 1);
  if (p.startsWith(`${repo}/`)) p = p.slice(repo.length + 1);
  else if (p.startsWith("node:")) return p;
  else if (p.startsWith("/")) return `(outside the repository)/${p.split("/").pop()}`;
  const m = /^(?:.*\/)?dist\/(.+)\.js$/.exec(p);
  return m ? `${m[1]}.ts` : p;
}

/** Functions by self time, largest first; `by` groups per function or per file. */
export function hotspots(file: string, repo: string, top: number, by: "function" | "file" = "function"): Hotspot[] {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const n = byId.get(id);
    if (!n) return;
    const loc = displayLocation(n.callFrame.url, repo);
    const fn = n.callFrame.functionName || "(anonymous)";
    const key = by === "file" ? loc : n.callFrame.url === "" ? fn : `${loc}:${fn}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  return [...self]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, top)
    .map(([where, selfMs]) => ({ where, selfMs, share: total > 0 ? selfMs / total : 0 }));
}
