// The audit library: git is the audit log. Pure over an AuditHistory read by walkHistory (see docs/audit.md).
export { AuditInputError } from "./errors";
export { PointInTime, dayUtc, isoUtc, parsePointInTime } from "./dates";
export { ConfigCommit, FileChange, LoggedCommit, MergedCommit, Person } from "./log";
export { AuditHistory, ConfigState, EnvironmentState, Revision, RevisionStatus, effectiveState, locateProject, parseState, revisionAt, walkHistory } from "./walk";
export { HISTORY_CSV_COLUMNS, HistoryEntry, HistoryFilter, VersionChange, historyEntries, historyJson, renderHistoryCsv, renderHistoryText } from "./history";
export { AT_CSV_COLUMNS, AtEnvironment, AtFilter, AtFound, AtNotFound, AtResult, AtRoute, atJson, renderAtCsv, renderAtText, routingAt } from "./at";
export { VersionSpan, findRoutingVersion, normalizeRoutingVersion, renderWhichCommitText, whichCommitJson } from "./which-commit";
