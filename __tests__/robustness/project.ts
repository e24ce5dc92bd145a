// A throwaway project directory: a generated valid config plus a previous cdktf.out with a marker file.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateConfig, writeFiles } from "../../fixtures/builder";

export function makeProject(dir: string): string {
  writeFiles(dir, generateConfig({ scale: 1, sizes: { taskClasses: 5 } }).files);
  mkdirSync(join(dir, "cdktf.out", "stacks", "dev"), { recursive: true });
  writeFileSync(join(dir, "cdktf.out", "MARKER-previous-run"), "do not touch\n");
  writeFileSync(join(dir, "cdktf.out", "stacks", "dev", "cdk.tf.json"), '{"previous": true}\n');
  return dir;
}
