// IP address with an octet over 255
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "IP address with an octet over 255",
    category: "azure-limits",
    edits: [
      {
        edit: DEV,
        change: once(
          "    publicNetworkAccess: true\n    deployments:",
          "    publicNetworkAccess: true\n    allowedIps: [203.0.113.256]\n    deployments:",
        ),
      },
    ],
    expect: {
      exit: 1,
      file: DEV,
      line: 26,
      path: "accounts[0].allowedIps[0]",
      words: ["expected an IPv4 address or CIDR", '"203.0.113.256"'],
    },
  },
];
