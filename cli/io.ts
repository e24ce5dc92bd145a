// What a command may touch of the outside world besides files: output streams, the working directory, the environment.
// Passing it in lets tests run commands in-process and read what they printed.

export interface Io {
  /** Writes text to standard output as is; callers end lines with "\n". */
  readonly stdout: (text: string) => void;
  /** Writes text to standard error as is. */
  readonly stderr: (text: string) => void;
  /** Directory relative paths on the command line are resolved against. */
  readonly cwd: string;
  /** Environment variables (FOUNDRY_ROUTES_DEBUG, …). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * A directory for caches of derived data (parsed config files, io/parse-cache.ts).
   * @default none: everything is computed each run
   */
  readonly cacheDir?: string;
}

/** The real process. */
export function processIo(): Io {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
  };
}

/** An Io that records output, for tests. */
interface CapturedIo extends Io {
  /** Everything written to stdout so far. */
  out(): string;
  /** Everything written to stderr so far. */
  err(): string;
}

export function captureIo(cwd: string, env: Readonly<Record<string, string | undefined>> = {}): CapturedIo {
  let out = "";
  let err = "";
  return {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    cwd,
    env,
    out: () => out,
    err: () => err,
  };
}
