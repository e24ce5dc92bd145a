// consumers without Entra ID access
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "consumers without Entra ID access",
    category: "routing",
    edits: [
      {
        edit: DEV,
        change: once(
          "gateway:\n  create: true",
          "consumers:\n  - { id: ide, identities: [3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f], taskClasses: [general-chat] }\ngateway:\n  create: true",
        ),
      },
    ],
    expect: {
      exit: 1,
      file: DEV,
      line: 165,
      path: "consumers",
      words: ["consumer(s) but no access block", "expected access: {tenantId, audiences}"],
      rule: "FR-ACCESS-1",
    },
  },
];
