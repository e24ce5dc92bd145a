// Terraform logical ids derived from YAML names. Shared by the constructs (which assign them) and the
// address-collision rule (which refuses configs where two names would land on one address).

/** A readable Terraform logical id from parts, e.g. ["deployment", "eus2", "gpt-4.1"] → deployment_eus2_gpt-4_1. */
export function logicalId(...parts: readonly string[]): string {
  return parts.map((p) => p.replace(/[^A-Za-z0-9_-]/g, "_")).join("_");
}
