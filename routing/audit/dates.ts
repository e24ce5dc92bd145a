// Points in time for the audit commands. Git stores seconds since the epoch; everything here is UTC so output
// does not depend on the machine's time zone.
import { quoted } from "../findings";
import { AuditInputError } from "./errors";

export interface PointInTime {
  /** What the user typed. */
  readonly input: string;
  /** Seconds since the epoch (UTC); commits at or before this second count as "at or before". */
  readonly epoch: number;
  /** `epoch` as ISO 8601 UTC, e.g. 2026-07-14T23:59:59Z. */
  readonly iso: string;
  /** True when the input was a date without a time. */
  readonly dateOnly: boolean;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses an ISO date or date-time. A date alone means the START or the END of that day in UTC
 * (`at` and `--until` use the end: "on 14 July" includes the whole of 14 July). A date-time without a zone is UTC.
 */
export function parsePointInTime(input: string, dateOnlyMeans: "start-of-day" | "end-of-day"): PointInTime {
  const text = input.trim();
  const d = DATE.exec(text);
  if (d) {
    const start = utcSeconds(Number(d[1]), Number(d[2]), Number(d[3]), 0, 0, 0, input);
    const epoch = dateOnlyMeans === "end-of-day" ? start + 86399 : start;
    return { input, epoch, iso: isoUtc(epoch), dateOnly: true };
  }
  const t = DATETIME.exec(text);
  if (t) {
    const local = utcSeconds(Number(t[1]), Number(t[2]), Number(t[3]), Number(t[4]), Number(t[5]), Number(t[6] ?? 0), input);
    const epoch = local - zoneOffsetSeconds(t[7], input);
    return { input, epoch, iso: isoUtc(epoch), dateOnly: false };
  }
  throw new AuditInputError(
    `${quoted(input)} is not an ISO date or date-time (expected e.g. 2026-07-14, 2026-07-14T09:30, 2026-07-14T09:30:00Z or 2026-07-14T11:30:00+02:00)`,
  );
}

function utcSeconds(y: number, mo: number, d: number, h: number, mi: number, s: number, input: string): number {
  // Date.UTC reads years 0–99 as 1900–1999; setUTCFullYear takes the year as written.
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s));
  date.setUTCFullYear(y, mo - 1, d);
  const ms = date.getTime();
  const back = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March; a date that does not exist is a mistake, not a different day.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw new AuditInputError(`${quoted(input)} is not a real date or time of day`);
  }
  return Math.floor(ms / 1000);
}

function zoneOffsetSeconds(zone: string | undefined, input: string): number {
  if (zone === undefined || zone.toUpperCase() === "Z") return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  const sign = m[1] === "-" ? -1 : 1;
  // Real offsets run from -12:00 to +14:00.
  if (Number(m[2]) > 14 || Number(m[3]) > 59) {
    throw new AuditInputError(
      `${quoted(input)} has no real time zone offset (expected Z or an offset from -12:00 to +14:00, but found ${zone})`,
    );
  }
  return sign * (Number(m[2]) * 3600 + Number(m[3]) * 60);
}

/** `2026-07-02T10:00:00Z`. */
export function isoUtc(epoch: number): string {
  return new Date(epoch * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** `2026-07-02`. */
export function dayUtc(epoch: number): string {
  return isoUtc(epoch).slice(0, 10);
}
