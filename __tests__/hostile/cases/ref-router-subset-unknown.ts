// model router subset naming no catalog model
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "model router subset naming no catalog model",
    category: "references",
    edits: [{ edit: DEV, change: once("models: [gpt-4o-mini, o4-mini]", "models: [gpt-4o-mini, o5-mini]") }],
    expect: {
      exit: 1,
      file: DEV,
      line: 64,
      path: "accounts[0].deployments[7].routing.models[1]",
      words: ['unknown catalog model "o5-mini"', 'did you mean "o4-mini"?'],
      rule: "FR-ROUTER-1",
    },
  },
];
