// Arbitraries shared by the property suites.
import fc from "fast-check";

/** Any code point but a lone surrogate: the code points of fast-check's "binary" string unit, in the same order. */
const codePoint = fc.nat({ max: 0x10ffff - 0x800 }).map((n) => String.fromCodePoint(n < 0xd800 ? n : n + 0x800));

/**
 * Strings of any code points, as `fc.string({ unit: "binary" })` makes them. That unit costs about a second the first
 * time a suite (or worker thread) uses it: fast-check maps all 1.1 million code points back to indexes, to shrink its
 * default slices. This one maps numbers forward only.
 */
export const binaryString = (constraints: { minLength?: number; maxLength?: number } = {}) =>
  fc.string({ ...constraints, unit: codePoint });
