// The audience is the one user string written into the policy as a literal: APIM would evaluate @(…) there.
import { type HostileCase, once } from "../case";

const PROD = "config/environments/prod.yaml";

export const cases: HostileCase[] = [
  {
    name: "policy expression as a token audience",
    category: "injection",
    edits: [
      {
        edit: PROD,
        change: once("audiences: [api://foundry-routes-prod]", 'audiences: ["@(context.Request.Headers.GetValueOrDefault(\\"x-aud\\"))"]'),
      },
    ],
    expect: {
      exit: 1,
      file: PROD,
      line: 311,
      path: "access.audiences[0]",
      words: ["expected an application ID URI", "no @, braces, quotes or spaces"],
    },
  },
];
