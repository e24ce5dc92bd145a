// Hashes shared by the gateway, the resolver and audit. One implementation each, never a copy:
// - the sticky bucket: FNV-1a 32-bit over UTF-8, simple enough to write identically as an APIM policy expression;
// - the routing version: a short SHA-256 of the canonical routing table, shown in `x-routing-version`.
import { createHash } from "node:crypto";
import { BUCKETS, type RoutingTable } from "./table";

/** FNV-1a 32-bit parameters; the gateway policy writes the same numbers into its C# expression. */
export const FNV_OFFSET_BASIS = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/**
 * FNV-1a 32-bit of the UTF-8 bytes of `key`, as an unsigned integer. `basis` continues the hash of a prefix:
 * `fnv1a32(b, fnv1a32(a)) === fnv1a32(a + b)`.
 */
export function fnv1a32(key: string, basis: number = FNV_OFFSET_BASIS): number {
  let h = basis >>> 0;
  let ascii = true;
  for (let i = 0; i < key.length && ascii; i++) ascii = key.charCodeAt(i) < 0x80;
  if (ascii) {
    // ASCII is its own UTF-8: hash the char codes without building a buffer.
    for (let i = 0; i < key.length; i++) {
      h ^= key.charCodeAt(i);
      h = Math.imul(h, FNV_PRIME) >>> 0;
    }
    return h >>> 0;
  }
  for (const byte of Buffer.from(key, "utf8")) {
    h ^= byte;
    h = Math.imul(h, FNV_PRIME) >>> 0;
  }
  return h >>> 0;
}

/** The bucket (0..BUCKETS-1) a sticky key always lands in. */
export function stickyBucket(key: string): number {
  return fnv1a32(key) % BUCKETS;
}

/** JSON with object keys sorted at every level; arrays keep their (meaningful) order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(
      Object.keys(v as object)
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/** Length of the routing version in hex characters (48 bits: collisions are not a practical concern per environment). */
export const ROUTING_VERSION_LENGTH = 12;

/** Routing version of an environment: changes exactly when what the gateway would do changes. */
export function routingVersion(table: RoutingTable): string {
  return createHash("sha256").update(canonicalJson(table)).digest("hex").slice(0, ROUTING_VERSION_LENGTH);
}
