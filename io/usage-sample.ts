// Writing the sample usage records (routing/evidence/sample.ts) as CSV, streamed in 4 MiB chunks so a 10M-record
// file (about 1 GB) is written in constant memory.
import { closeSync, openSync, writeSync } from "node:fs";
import { EXIT, UserError } from "../routing/errors";
import { RAW_CSV_HEADER, recordCsvLine } from "../routing/evidence/records";
import type { SamplePlan } from "../routing/evidence/sample";

const CHUNK = 4 * 1024 * 1024;

/** Writes every record of `plan` to `file` (replacing it); returns the number of records written. */
export function writeSampleCsv(plan: SamplePlan, file: string): number {
  let fd: number;
  try {
    fd = openSync(file, "w");
  } catch (e) {
    throw new UserError(`cannot write ${file}: ${(e as Error).message}`, EXIT.usage);
  }
  let n = 0;
  try {
    let buf = RAW_CSV_HEADER;
    for (const r of plan.records()) {
      buf += recordCsvLine(r);
      n++;
      if (buf.length >= CHUNK) {
        writeSync(fd, buf);
        buf = "";
      }
    }
    writeSync(fd, buf);
  } finally {
    closeSync(fd);
  }
  return n;
}
