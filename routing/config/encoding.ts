// Bytes of a config file to text, strictly: the one decoder for files read from disk (io/config-files.ts, which
// refuses with exit 2) and from git objects (the loader, which reports a finding on the revision).

/**
 * A config file may be at most this large. The sample's largest file is 31 KB; 1 MiB leaves room for thirty times
 * that while a 10 MB file is refused before it is parsed.
 */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

export type Decoded = { readonly text: string } | { readonly problem: string; readonly line?: number };

/** Strict UTF-8 (a UTF-8 byte-order mark is dropped); over-size files, UTF-16/32 and invalid bytes are named, with their line. */
export function decodeConfigBytes(bytes: Uint8Array): Decoded {
  const b = bytes;
  if (b.length > MAX_CONFIG_FILE_BYTES) {
    return { problem: `the file is ${b.length} bytes, over the limit of ${MAX_CONFIG_FILE_BYTES} bytes (1 MiB) per config file` };
  }
  const bom32 =
    b.length >= 4 &&
    ((b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) || (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0));
  if (bom32 || (b.length >= 4 && ((b[0] === 0 && b[1] === 0 && b[2] === 0) || (b[1] === 0 && b[2] === 0 && b[3] === 0 && b[0] !== 0)))) {
    return { problem: "the file is UTF-32 encoded; expected UTF-8 (save it as UTF-8)" };
  }
  if (
    (b.length >= 2 && ((b[0] === 0xfe && b[1] === 0xff) || (b[0] === 0xff && b[1] === 0xfe))) ||
    (b.length >= 2 && (b[0] === 0 || b[1] === 0))
  ) {
    return { problem: "the file is UTF-16 encoded; expected UTF-8 (save it as UTF-8)" };
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(b) };
  } catch {
    let at = firstInvalidUtf8(b);
    // Name the lead byte of an incomplete sequence (0xC3 of "\xC3(") rather than the byte that cut it short.
    for (let k = 1; k <= 3 && at - k >= 0; k++) {
      const prev = b[at - k]!;
      if (prev >= 0xc0) {
        const length = prev >= 0xf0 ? 4 : prev >= 0xe0 ? 3 : 2;
        if (k < length) at -= k;
        break;
      }
      if (prev < 0x80 || prev > 0xbf) break;
    }
    let line = 1;
    for (let i = 0; i < at; i++) if (b[i] === 0x0a) line++;
    const byte = (b[at] ?? 0).toString(16).toUpperCase().padStart(2, "0");
    return { problem: `invalid UTF-8 byte 0x${byte} on line ${line}; expected UTF-8 text`, line };
  }
}

function firstInvalidUtf8(b: Uint8Array): number {
  let lo = 0;
  let hi = b.length;
  // The longest valid prefix, by bisection (a prefix may end mid-character, so allow 3 bytes of slack).
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(b.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo;
}
