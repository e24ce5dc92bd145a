// foundry-routes synth: validate config/ and write cdktf.out/stacks/<env>/cdk.tf.json; main.ts (the cdktf app) runs it.
import { diskParseCache } from "../../io/parse-cache";
import { defineCommand } from "../command";

export const synth = defineCommand({
  name: "synth",
  summary: "Validate config/ and synthesize one Terraform stack per environment into cdktf.out",
  usage: "synth",
  description: [
    "Prints every finding; on any error exits 1 and writes nothing (an existing cdktf.out stays byte-identical).",
    "Otherwise writes cdktf.out/stacks/<env>/cdk.tf.json through a temporary directory swapped into place.",
    "Under the cdktf CLI (CDKTF_OUTDIR set) it writes into the CLI's directory. Exit status: 0 written, 1 findings, 2 unreadable config.",
  ].join("\n"),
  options: {},
  async run(args, io) {
    // Loaded on use: cdktf and the provider bindings are most of the CLI's start-up, and only synth and review need them.
    const { runSynthApp } = await import("../../io/synth-app");
    return runSynthApp({ ...io, cwd: args.configRoot }, io.cacheDir === undefined ? undefined : diskParseCache(io.cacheDir));
  },
});
