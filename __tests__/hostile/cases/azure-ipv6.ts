// IPv6 address in an IPv4 allow-list
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "IPv6 address in an IPv4 allow-list",
    category: "azure-limits",
    edits: [
      {
        edit: DEV,
        change: once(
          "    publicNetworkAccess: true\n    deployments:",
          '    publicNetworkAccess: true\n    allowedIps: ["2001:db8::1"]\n    deployments:',
        ),
      },
    ],
    expect: {
      exit: 1,
      file: DEV,
      line: 26,
      path: "accounts[0].allowedIps[0]",
      words: ["expected an IPv4 address or CIDR", '"2001:db8::1"'],
    },
  },
];
