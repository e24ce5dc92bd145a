// FR-EVAL-5: an evidence file that does not verify (hand-edited, moved, or not written by eval import).
import { verifiedEvidence } from "../evals/gate";
import type { EvidenceRule } from "./rule";

export const tamperedEvidence: EvidenceRule = {
  id: "FR-EVAL-5",
  level: "error",
  suppressible: false,
  title: "Tampered evidence",
  explanation:
    "Every evidence file under evals/ carries a sha256 of its own content (contentSha256) and sits at the path its environment, task class and deployment give. A file whose hash does not match was edited by hand; one at the wrong path would back another deployment. Neither can back a route change.",
  fix: "Restore the file from eval import's output: re-run foundry-routes eval import on the Promptfoo results file, or delete the evidence file and re-run the evals.",
  checkEvidence(input) {
    return [...verifiedEvidence(input.evidence).bad].map(([file, problem]) => ({ file, path: [], message: problem }));
  },
};
