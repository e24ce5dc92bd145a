// The audit library: git is the audit log. Pure over an AuditHistory read by walkHistory (see docs/audit.md).
export { AuditInputError } from "./errors";
export { dayUtc, isoUtc, parsePointInTime } from "./dates";
export { walkHistory } from "./walk";
export type { AuditHistory } from "./walk";
export { HISTORY_CSV_COLUMNS, historyEntries, historyJson, renderHistoryCsv, renderHistoryText } from "./history";
export { AT_CSV_COLUMNS, atJson, renderAtCsv, renderAtText, routingAt } from "./at";
export { findRoutingVersion, normalizeRoutingVersion, renderWhichCommitText, whichCommitJson } from "./which-commit";
