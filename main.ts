// The cdktf app (`node dist/main.js`, run by cdktf.json after the build): the `foundry-routes synth` command.
import { synth } from "./cli/commands/synth";
import { processIo } from "./cli/io";

const io = processIo();
void Promise.resolve(synth.run({ options: {}, positionals: [], configRoot: io.cwd }, io)).then((code) => (process.exitCode = code));
