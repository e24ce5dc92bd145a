// FR-PROV-1: a task class that requires clean provenance must never reach a model without it, not even as a fallback.
import { provenanceClean, provenanceText, taskClassesById } from "../config/model";
import type { Rule, RuleFinding } from "./rule";
import { knownReach, routeViews } from "./util";

export const provenanceRequired: Rule = {
  id: "FR-PROV-1",
  level: "error",
  // Not suppressible: a provenance promise is changed on the task class, not waived per route.
  suppressible: false,
  title: "Provenance required",
  explanation:
    "A task class with provenanceRequired: true may only reach models whose training data is licensed and which are not distilled from third-party models. Fallbacks count: a 429 must not silently move such traffic to another model. Undisclosed counts as not clean.",
  fix: "Route the class (targets and fallbacks) only to models with provenance.trainingData licensed and provenance.distillation none, or change the task class's provenanceRequired after review.",
  check(config) {
    const classes = taskClassesById(config);
    const out: RuleFinding[] = [];
    for (const view of routeViews(config)) {
      const tc = classes.get(view.route.taskClass);
      if (!tc?.provenanceRequired) continue;
      for (const { ref, path, info } of knownReach(view)) {
        if (provenanceClean(info.model)) continue;
        out.push({
          file: view.env.file,
          path,
          subject: tc.id,
          message: `reaches ${info.model.id} via ${ref} (${provenanceText(info.model)}) but task class ${tc.id} requires licensed, non-distilled provenance`,
        });
      }
    }
    return out;
  },
};
