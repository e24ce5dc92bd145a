// tenant given as a domain name
import { type HostileCase, once } from "../case";

const PROD = "config/environments/prod.yaml";

export const cases: HostileCase[] = [
  {
    name: "tenant given as a domain name",
    category: "azure-limits",
    edits: [{ edit: PROD, change: once("tenantId: 11111111-2222-3333-4444-555555555555", "tenantId: contoso.onmicrosoft.com") }],
    expect: { exit: 1, file: PROD, line: 310, path: "access.tenantId", words: ["expected a GUID", '"contoso.onmicrosoft.com"'] },
  },
];
