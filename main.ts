// The cdktf app (`node dist/main.js`, run by cdktf.json after the build): the `foundry-routes synth` command, with
// parsed config files cached next to the bundle (dist/.config-cache, recreated by every build).
import { join } from "node:path";
import { synth } from "./cli/commands/synth";
import { processIo } from "./cli/io";

const io = { ...processIo(), cacheDir: join(__dirname, ".config-cache") };
void Promise.resolve(synth.run({ options: {}, positionals: [], configRoot: io.cwd }, io)).then((code) => (process.exitCode = code));
