// {{name}} would pull an APIM named value (a secret) into the token check.
import { type HostileCase, once } from "../case";

const PROD = "config/environments/prod.yaml";

export const cases: HostileCase[] = [
  {
    name: "named value as a token audience",
    category: "injection",
    edits: [{ edit: PROD, change: once("audiences: [api://foundry-routes-prod]", 'audiences: ["{{backend-key}}"]') }],
    expect: { exit: 1, file: PROD, line: 311, path: "access.audiences[0]", words: ["expected an application ID URI", '"{{backend-key}}"'] },
  },
];
