// Synthesis as a library function: validated config in, Terraform JSON per environment out.
// main.ts (the cdktf app) and tests call it; it does not validate (callers run routing/validate.ts first).
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { App } from "cdktf";
import { EnvironmentStack, type StackExtension } from "../constructs/environment-stack";
import { gatewayExtension } from "../constructs/gateway";
import type { RoutingConfig } from "../routing/config/loader";
import type { TerraformJson } from "../routing/review/infra";
import { EXIT, UserError } from "../routing/errors";
import { unsafeOutput } from "../routing/naming/terraform-output";

interface SynthOptions {
  /**
   * Added to every environment stack after its accounts and deployments, after the gateway.
   * @default []
   */
  readonly extensions?: readonly StackExtension[];
}

interface SynthSummary {
  /** One entry per environment, in config order (sorted by name). */
  readonly stacks: readonly {
    readonly name: string;
    /** Relative to outdir: stackOutputPath(name). */
    readonly file: string;
    readonly resources: number;
    /** The parsed contents of `file`. */
    readonly json: TerraformJson;
  }[];
  /** Sum of managed resources over all stacks (data sources excluded). */
  readonly resources: number;
}

const STACKS_DIR = "stacks";

/**
 * A synthesized stack may be at most this large. The sample's prod stack is well under 1 MB; a stack of 32 MiB means
 * the config multiplied itself (aliases, generated lists), and Terraform and reviewers would choke on it.
 */
const MAX_STACK_BYTES = 32 * 1024 * 1024;

/** A stack over MAX_STACK_BYTES: the config is refused (exit 1) and nothing is moved into place. */
class StackTooLargeError extends UserError {
  constructor(
    readonly environment: string,
    readonly file: string,
    readonly bytes: number,
  ) {
    super(
      `${file}: the synthesized stack of environment "${environment}" is ${bytes} bytes, over the limit of ${MAX_STACK_BYTES} bytes (32 MiB)`,
      EXIT.findings,
    );
  }
}

/**
 * Where synthesize writes, relative to its outdir: `stacks/<env>/cdk.tf.json` for an environment, or the `stacks`
 * directory holding them all when no environment is given.
 */
export function stackOutputPath(env?: string): string {
  return env === undefined ? STACKS_DIR : join(STACKS_DIR, env, "cdk.tf.json");
}

/**
 * Writes `<outdir>/manifest.json` and `<outdir>/stacks/<env>/cdk.tf.json` for every environment.
 * Deterministic: the same config gives byte-identical files (no timestamps, no stack traces, no absolute paths).
 * `outdir` should be absent or empty; stacks of environments that no longer exist are not removed.
 * The summary carries each stack's Terraform JSON as written, so callers need not read the files back.
 */
export function synthesize(config: RoutingConfig, outdir: string, options: SynthOptions = {}): SynthSummary {
  mkdirSync(outdir, { recursive: true });
  // stackTraces: false keeps construct stack traces (absolute paths of this machine) out of the JSON.
  const app = new App({ outdir, stackTraces: false });
  // The gateway is part of every synth (main, review, bench), so what reviewers see is what deploys.
  const extensions = [gatewayExtension(config), ...(options.extensions ?? [])];
  for (const environment of config.environments) {
    new EnvironmentStack(app, environment.name, { config, environment, extensions });
  }
  app.synth();
  const stacks = config.environments.map((env) => {
    const file = stackOutputPath(env.name);
    const bytes = statSync(join(outdir, file)).size;
    if (bytes > MAX_STACK_BYTES) throw new StackTooLargeError(env.name, env.file, bytes);
    const json = JSON.parse(readFileSync(join(outdir, file), "utf8")) as TerraformJson;
    const unsafe = unsafeOutput(json);
    if (unsafe.length > 0) {
      throw new UserError(
        unsafe.map((u) => `${env.file}: stack ${env.name}: ${u.path}: ${u.problem} (expected config strings to stay literal)`).join("\n"),
        EXIT.findings,
      );
    }
    const resources = Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
    return { name: env.name, file, resources, json };
  });
  return { stacks, resources: stacks.reduce((n, s) => n + s.resources, 0) };
}
