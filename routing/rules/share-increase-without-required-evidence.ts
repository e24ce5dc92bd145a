// FR-EVAL-2: more traffic for a deployment without eval evidence, on a class that requires it: an error.
import { evalGate, shareText } from "../evals/gate";
import type { EvidenceRule } from "./rule";

export const shareIncreaseWithoutRequiredEvidence: EvidenceRule = {
  id: "FR-EVAL-2",
  level: "error",
  suppressible: false,
  title: "Share increase without required evidence",
  explanation:
    "A task class with evalGate.required: true (the default for provenanceRequired classes) may give a deployment more of its traffic only with an eval evidence file for that deployment and class. Without one, nobody has checked that the deployment answers the class's prompts well enough.",
  fix: "Run the class's evals against the deployment (foundry-routes eval init, promptfoo eval, foundry-routes eval import) and commit evals/<env>/<class>/<account>/<deployment>.json with the route change.",
  checkEvidence(input) {
    return evalGate(input)
      .filter((c) => c.status === "missing" && c.required)
      .map((c) => ({
        file: c.file,
        path: c.path,
        subject: c.taskClass,
        message: `${shareText(c)}, but there is ${c.problem} (task class ${c.taskClass} requires evidence)`,
      }));
  },
};
