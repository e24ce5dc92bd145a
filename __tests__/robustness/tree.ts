// Helpers for tests that run the real app or compare synthesized trees.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { buildSync } from "esbuild";

export const REPO = join(__dirname, "..", "..");

/** Every file under `root` as relative path → bytes (hex), plus directories as "<dir>/" entries; sorted. */
export function snapshotTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const rel = relative(root, p);
      if (statSync(p).isDirectory()) {
        out[`${rel}/`] = "";
        walk(p);
      } else out[rel] = readFileSync(p).toString("hex");
    }
  };
  walk(root);
  return out;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `fr-${prefix}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Bundles main.ts (our code inlined, packages external) into a temp file, so the test runs today's sources
 * rather than whatever dist/ holds. Packages resolve from the repository's node_modules via NODE_PATH.
 */
export function bundleMain(dir: string): string {
  const outfile = join(dir, "main.js");
  buildSync({
    entryPoints: [join(REPO, "main.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    outfile,
    packages: "external",
    logLevel: "silent",
  });
  return outfile;
}

/** Runs the bundled app with `cwd` as the working directory. */
export function runMain(
  mainJs: string,
  cwd: string,
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [mainJs], {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", NODE_PATH: join(REPO, "node_modules"), CHECKPOINT_DISABLE: "1", ...env },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
