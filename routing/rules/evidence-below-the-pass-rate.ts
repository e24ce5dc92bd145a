// FR-EVAL-3: the evidence behind a share increase shows a pass rate under the class's minimum.
import { evalGate, shareText } from "../evals/gate";
import type { EvidenceRule } from "./rule";

export const evidenceBelowThePassRate: EvidenceRule = {
  id: "FR-EVAL-3",
  level: "error",
  suppressible: false,
  title: "Evidence below the pass rate",
  explanation:
    "A deployment may get more of a task class's traffic only when its eval evidence for that class passes at least evalGate.minPassRate of the test cases (default 0.9). Errors count as failures.",
  fix: "Keep the deployment's share where it is, improve the deployment (model, version, prompt) and re-run the evals, or lower the class's evalGate.minPassRate after review.",
  checkEvidence(input) {
    return evalGate(input)
      .filter((c) => c.status === "below-threshold")
      .map((c) => ({ file: c.file, path: c.path, subject: c.taskClass, message: `${shareText(c)}, but ${c.problem}` }));
  },
};
