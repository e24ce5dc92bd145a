// FR-PROV-1: a task class that requires clean provenance must never reach a model without it, not even as a fallback.
import { modelsById, provenanceClean, provenanceText, servingModels, taskClassesById } from "../config/model";
import type { Rule, RuleFinding } from "./rule";
import { knownReach, routeViews } from "./util";

export const provenanceRequired: Rule = {
  id: "FR-PROV-1",
  level: "error",
  // Not suppressible: a provenance promise is changed on the task class, not waived per route.
  suppressible: false,
  title: "Provenance required",
  explanation:
    "A task class with provenanceRequired: true may only reach models whose training data is licensed and which are not distilled from third-party models. Fallbacks count: a 429 must not silently move such traffic to another model. Undisclosed counts as not clean. A model router counts as every model of its subset; without a subset it may choose any model of Microsoft's pool, so it is not clean.",
  fix: "Route the class (targets and fallbacks) only to models with provenance.trainingData licensed and provenance.distillation none, or change the task class's provenanceRequired after review.",
  check(config) {
    const classes = taskClassesById(config);
    const models = modelsById(config);
    const out: RuleFinding[] = [];
    for (const view of routeViews(config)) {
      const tc = classes.get(view.route.taskClass);
      if (!tc?.provenanceRequired) continue;
      for (const { ref, path, info } of knownReach(view)) {
        const serving = servingModels(info, models);
        const via = info.model.foundry.router ? `${ref}, a model router` : ref;
        if (serving.pool) {
          out.push({
            file: view.env.file,
            path,
            subject: tc.id,
            message: `reaches ${via} with no routing.models subset, so any model of its pool may answer, but task class ${tc.id} requires licensed, non-distilled provenance`,
          });
        }
        for (const m of serving.models) {
          if (provenanceClean(m)) continue;
          out.push({
            file: view.env.file,
            path,
            subject: tc.id,
            message: `reaches ${m.id} via ${via} (${provenanceText(m)}) but task class ${tc.id} requires licensed, non-distilled provenance`,
          });
        }
      }
    }
    return out;
  },
};
