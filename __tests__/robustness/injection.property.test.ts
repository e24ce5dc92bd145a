// Property: a hostile string in ANY string field of the sample config, object keys included, is either refused or
// stays literal in the synthesized Terraform: no live `${…}`/`%{…}` carrying it, and no data source or output the
// config did not ask for. Seeded (FC_SEED replays a failure).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { DEV, sampleFiles } from "../../fixtures/builder";
import { synthesize } from "../../io/synth";
import { loadConfig } from "../../routing/config/loader";
import { UserError } from "../../routing/errors";
import { validateLoaded } from "../../routing/validate";
import { parse, stringify } from "yaml";
import { params } from "./support";

const FILES = sampleFiles();

/** Payloads each parser in the chain would interpret; `@@` marks where the test finds it again. */
const PAYLOADS = ['${file("/etc/hosts")}@@', "%{ if true }x%{ endif }@@", "${TfToken[TOKEN.1]}@@", "]]>@@", '"@@', "a\nb@@", "@(1+1)@@"];

type Slot = { path: (string | number)[]; key: boolean };

function slots(v: unknown, path: (string | number)[] = []): Slot[] {
  if (typeof v === "string") return [{ path, key: false }];
  if (Array.isArray(v)) return v.flatMap((x, i) => slots(x, [...path, i]));
  if (v && typeof v === "object")
    return Object.entries(v).flatMap(([k, x]) => [{ path: [...path, k], key: true }, ...slots(x, [...path, k])]);
  return [];
}

function inject(data: unknown, slot: Slot, payload: string): unknown {
  const copy = structuredClone(data) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const seg of slot.path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
  const last = slot.path[slot.path.length - 1]!;
  if (slot.key) {
    const entries = Object.entries(node).map(([k, v]) => (k === last ? [`${k}${payload}`, v] : [k, v]));
    for (const k of Object.keys(node)) delete node[k];
    Object.assign(node, Object.fromEntries(entries));
  } else node[last] = `${node[last] as string}${payload}`;
  return copy;
}

/** Live (unescaped) template starts in a string: `${` or `%{` preceded by an even run of its sigil. */
function liveTemplates(s: string): string[] {
  return [...s.matchAll(/(\$+|%+)\{/g)].filter((m) => m[1]!.length % 2 === 1).map((m) => s.slice(m.index!, m.index! + 30));
}

/**
 * dev as shipped, and dev with content safety on customer-email, every string field of it used (blocklists, an
 * existing resource by id): the sample's dev has no check, so its new string fields would otherwise go untested.
 */
const DEV_WITH_CONTENT_SAFETY = (() => {
  const data = parse(FILES.get(DEV)!) as { routes: { taskClass: string; contentSafety?: object }[] };
  data.routes.find((r) => r.taskClass === "customer-email")!.contentSafety = {
    promptShield: true,
    outputType: "EightSeverityLevels",
    categories: { hate: 3, violence: 5 },
    blocklists: ["internal-terms", "competitor.names"],
    enforceOnCompletions: true,
    resource:
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-safety/providers/Microsoft.CognitiveServices/accounts/cs-shared",
  };
  return data;
})();

describe.each([
  ["dev", parse(FILES.get(DEV)!) as unknown, () => true, 120],
  ["dev with content safety", DEV_WITH_CONTENT_SAFETY as unknown, (slot: Slot) => slot.path.includes("contentSafety"), 60],
] as const)("injection: hostile strings in every field (%s)", (label, base, pick, runs) => {
  const all = slots(base).filter(pick);
  const work = mkdtempSync(join(tmpdir(), "foundry-routes-inject-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const filesOf = (data: unknown) => new Map(FILES).set(DEV, stringify(data));
  const sample = (() => {
    const summary = synthesize(validateLoaded(loadConfig(filesOf(base))).config!, join(work, "sample"));
    return summary.stacks.find((s) => s.name === "dev")!.json as { data?: object; output?: object };
  })();

  test(`a payload in any string or key${label === "dev" ? "" : " of contentSafety"} is refused, or stays literal with nothing added`, () => {
    expect(all.length).toBeGreaterThan(label === "dev" ? 50 : 10);
    let n = 0;
    fc.assert(
      fc.property(fc.nat({ max: all.length - 1 }), fc.constantFrom(...PAYLOADS), (i, payload) => {
        const files = filesOf(inject(base, all[i]!, payload));
        const result = validateLoaded(loadConfig(files));
        if (!result.config || result.errors.length > 0) return; // refused: fine
        let json;
        try {
          json = synthesize(result.config, join(work, `run-${n++}`)).stacks.find((s) => s.name === "dev")!.json as {
            data?: object;
            output?: object;
          };
        } catch (e) {
          if (e instanceof UserError) return; // refused before anything was moved into place
          throw e;
        }
        // THEN every occurrence of the payload is literal to Terraform
        for (const s of collectStrings(json)) {
          if (!s.includes("@@")) continue;
          const at = s.indexOf(payload.slice(0, 2));
          if (at === -1) continue;
          expect(liveTemplates(s.slice(Math.max(0, at - 1)))).toEqual([]);
        }
        expect(Object.keys(json.data ?? {})).toEqual(Object.keys(sample.data ?? {}));
        expect(Object.keys(json.output ?? {})).toEqual(Object.keys(sample.output ?? {}));
      }),
      params(runs),
    );
  });
});

function collectStrings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.flatMap(collectStrings);
  if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => [k, ...collectStrings(x)]);
  return [];
}
