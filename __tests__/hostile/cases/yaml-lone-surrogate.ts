// Half a surrogate pair is not text: Terraform's JSON reader would mangle it.
import { type HostileCase, once } from "../case";

const DEV = "config/environments/dev.yaml";

export const cases: HostileCase[] = [
  {
    name: "unpaired surrogate escape",
    category: "yaml",
    edits: [{ edit: DEV, change: once("  owner: platform-ai", '  owner: "platform\\uD800ai"') }],
    expect: { exit: 1, file: DEV, line: 18, path: "tags.owner", words: ["unpaired surrogate", "expected Unicode text"] },
  },
];
