// Reading a synthesized stack in the synth tests (fixtures/tf-json.ts reads deployments and their chains).

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every managed resource as `type.name` → its body. */
export function allResources(stack: Json): Map<string, Json> {
  const m = new Map<string, Json>();
  for (const [type, byName] of Object.entries((stack.resource ?? {}) as Record<string, Record<string, Json>>)) {
    for (const [name, body] of Object.entries(byName)) m.set(`${type}.${name}`, body);
  }
  return m;
}
