// FR-EVAL-1: more traffic for a deployment without eval evidence, on a class that does not require it: a warning.
import { evalGate, shareText } from "../evals/gate";
import type { EvidenceRule } from "./rule";

export const shareIncreaseWithoutEvidence: EvidenceRule = {
  id: "FR-EVAL-1",
  level: "warning",
  suppressible: false,
  title: "Share increase without evidence",
  explanation:
    "A route change that gives a deployment more of a task class's traffic than it had at base should be backed by an eval of that deployment on that class (foundry-routes eval import writes evals/<env>/<class>/<account>/<deployment>.json). This class does not set evalGate.required, so missing evidence is reported, not blocking.",
  fix: "Run the class's evals against the deployment (foundry-routes eval init, promptfoo eval, foundry-routes eval import) and commit the evidence file with the route change; or set evalGate.required: true on the class to make evidence mandatory.",
  checkEvidence(input) {
    return evalGate(input)
      .filter((c) => c.status === "missing" && !c.required)
      .map((c) => ({ file: c.file, path: c.path, subject: c.taskClass, message: `${shareText(c)}, but there is ${c.problem}` }));
  },
};
