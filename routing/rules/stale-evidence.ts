// FR-EVAL-4: the evidence behind a share increase is too old, or measured another model version.
import { evalGate, shareText } from "../evals/gate";
import type { EvidenceRule } from "./rule";

export const staleEvidence: EvidenceRule = {
  id: "FR-EVAL-4",
  level: "error",
  suppressible: false,
  title: "Stale evidence",
  explanation:
    "Evidence counts only while it describes what will serve: it must be younger than the class's evalGate.maxAgeDays (default 30, measured from Promptfoo's own timestamp), and it must have measured the model and version the deployment runs at head.",
  fix: "Re-run the class's evals against the deployment (foundry-routes eval init, promptfoo eval, foundry-routes eval import) and commit the new evidence file.",
  checkEvidence(input) {
    return evalGate(input)
      .filter((c) => c.status === "stale")
      .map((c) => ({ file: c.file, path: c.path, subject: c.taskClass, message: `${shareText(c)}, but ${c.problem}` }));
  },
};
