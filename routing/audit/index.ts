// The audit library: git is the audit log. Pure over an AuditHistory read by walkHistory (see docs/audit.md).
export { AuditInputError } from "./errors";
export { dayUtc, isoUtc, parsePointInTime } from "./dates";
export type { PointInTime } from "./dates";
export type { ConfigCommit, FileChange, LoggedCommit, MergedCommit, Person } from "./log";
export { effectiveState, parseState, revisionAt, walkHistory } from "./walk";
export type { AuditHistory, ConfigState, EnvironmentState, EvidenceBlob, Revision, RevisionStatus } from "./walk";
export { backingEvidence, targetEvidence } from "./evidence";
export type { BackingEvidence, EvidenceHash, TargetEvidence } from "./evidence";
export { HISTORY_CSV_COLUMNS, historyEntries, historyJson, renderHistoryCsv, renderHistoryText } from "./history";
export type { HistoryEntry, HistoryFilter, VersionChange } from "./history";
export { AT_CSV_COLUMNS, atJson, renderAtCsv, renderAtText, routingAt } from "./at";
export type { AtEnvironment, AtFilter, AtFound, AtNotFound, AtResult, AtRoute } from "./at";
export { findRoutingVersion, normalizeRoutingVersion, renderWhichCommitText, whichCommitJson } from "./which-commit";
export type { VersionSpan } from "./which-commit";
