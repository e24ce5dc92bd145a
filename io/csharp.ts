// Compiling policy expressions with a real C# compiler: Mono's mcs against Newtonsoft.Json (Debian packages
// mono-mcs and libnewtonsoft-json-cil-dev). Absent tools are reported, never faked.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const NEWTONSOFT = [
  "/usr/lib/cli/Newtonsoft.Json-5.0/Newtonsoft.Json.dll",
  "/usr/lib/mono/gac/Newtonsoft.Json/6.0.0.0__b9a188c8922137c6/Newtonsoft.Json.dll",
];

/** Why the compiler cannot run here, or undefined when it can. */
export function csharpUnavailable(): string | undefined {
  if (spawnSync("mcs", ["--version"], { encoding: "utf8" }).status !== 0) return "mcs (Debian package mono-mcs) is not installed";
  if (!NEWTONSOFT.some((p) => existsSync(p))) return "Newtonsoft.Json (Debian package libnewtonsoft-json-cil-dev) is not installed";
  return undefined;
}

/** Compiles `source` as a library; returns the compiler's error lines (empty when it compiled). */
export function compileCsharp(source: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), "foundry-routes-cs-"));
  try {
    const file = join(dir, "policy.cs");
    writeFileSync(file, source);
    const dll = NEWTONSOFT.find((p) => existsSync(p))!;
    const r = spawnSync("mcs", ["-target:library", "-nologo", "-warn:0", `-r:${dll}`, `-out:${join(dir, "policy.dll")}`, file], {
      encoding: "utf8",
    });
    if (r.status === 0) return [];
    return `${r.stdout}${r.stderr}`
      .split("\n")
      .filter((l) => /error CS\d+/.test(l))
      .map((l) => l.replace(`${file}`, "policy.cs"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A C# program compiled once, to be run with mono on any number of inputs. */
export interface CsharpProgram {
  /** Runs the program with `stdin` as its standard input; returns its standard output, throws with its errors. */
  run(stdin?: string): string;
  /** Removes the compiled program. */
  dispose(): void;
}

/** Compiles `source` as a program (mcs, against Newtonsoft.Json); throws with the compiler's errors. */
export function compileCsharpProgram(source: string): CsharpProgram {
  const dir = mkdtempSync(join(tmpdir(), "foundry-routes-cs-"));
  try {
    const file = join(dir, "program.cs");
    const exe = join(dir, "program.exe");
    writeFileSync(file, source);
    const dll = NEWTONSOFT.find((p) => existsSync(p))!;
    const c = spawnSync("mcs", ["-nologo", "-warn:0", `-r:${dll}`, `-out:${exe}`, file], { encoding: "utf8" });
    if (c.status !== 0) throw new Error(`mcs failed:\n${c.stdout}${c.stderr}`);
    // Newtonsoft is resolved next to the program.
    writeFileSync(join(dir, "Newtonsoft.Json.dll"), readFileSync(dll));
    return {
      run(stdin = "") {
        const r = spawnSync("mono", [exe], { encoding: "utf8", cwd: dir, input: stdin });
        if (r.status !== 0) throw new Error(`mono failed:\n${r.stdout}${r.stderr}`);
        return r.stdout;
      },
      dispose: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Compiles `source` as a program and runs it once with mono; throws with the compiler's or runtime's errors. */
export function runCsharp(source: string): string {
  const program = compileCsharpProgram(source);
  try {
    return program.run();
  } finally {
    program.dispose();
  }
}
