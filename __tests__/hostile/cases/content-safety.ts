// A route's content safety (prod's customer-email route, line 239) edited into values Azure would refuse or the
// gateway could not enforce: refused before synth, with the line of the contentSafety mapping.
import type { HostileCase } from "../case";

const PROD = "config/environments/prod.yaml";
const SAMPLE = "contentSafety: { promptShield: true, categories: { hate: 2, selfHarm: 2, sexual: 2, violence: 2 } }";
/** Replaces prod's contentSafety line; an edit that does not apply leaves a marker, so the case fails instead. */
const safety = (to: string) => (s: string) => (s.includes(SAMPLE) ? s.replace(SAMPLE, to) : `${s}\n# edit did not apply: ${SAMPLE}`);

export const cases: HostileCase[] = [
  {
    name: "content safety threshold above the severity scale",
    category: "azure-limits",
    edits: [{ edit: PROD, change: safety("contentSafety: { outputType: EightSeverityLevels, categories: { hate: 9 } }") }],
    expect: {
      exit: 1,
      file: PROD,
      line: 239,
      path: "routes[8].contentSafety.categories.hate",
      words: ["expected at most 7", "but found number 9"],
    },
  },
  {
    name: "content safety threshold Azure never returns on four levels",
    category: "azure-limits",
    edits: [{ edit: PROD, change: safety("contentSafety: { promptShield: true, categories: { violence: 3 } }") }],
    expect: {
      exit: 1,
      file: PROD,
      line: 239,
      path: "routes[8].contentSafety.categories.violence",
      words: ["expected a FourSeverityLevels threshold (0, 2, 4, 6", "but found number 3"],
    },
  },
  {
    name: "content safety on an account the environment does not declare",
    category: "references",
    edits: [{ edit: PROD, change: safety("contentSafety: { promptShield: true, account: westeu }") }],
    expect: {
      exit: 1,
      file: PROD,
      line: 239,
      path: "routes[8].contentSafety.account",
      words: ['names account "westeu"', "(known: eus2, swc)"],
      rule: "FR-SAFETY-1",
    },
  },
  {
    name: "policy expression as a content safety blocklist name",
    category: "injection",
    edits: [{ edit: PROD, change: safety('contentSafety: { blocklists: ["@(context.Request.Body)"] }') }],
    expect: {
      exit: 1,
      file: PROD,
      line: 239,
      path: "routes[8].contentSafety.blocklists[0]",
      words: ["expected a blocklist name", '"@(context.Request.Body)"'],
    },
  },
];
