// FR-FIT-1: the decision framework matches a class's complexity to what the primary model is positioned for.
import { modelsById, servingModels, taskClassesById } from "../config/model";
import type { Rule, RuleFinding } from "./rule";
import { primaryTargetIndex, routeViews } from "./util";

export const complexityFit: Rule = {
  id: "FR-FIT-1",
  level: "warning",
  title: "Complexity fit",
  explanation:
    "The primary target (highest weight, first on ties) should be a model positioned for the task class's complexity: a small model on complex work loses quality, a frontier model on simple work costs more than it needs to. A model router fits when some model of its subset does (it picks per prompt).",
  fix: "Make a model whose positioning.complexity includes the class's complexity the primary target, or suppress with the reason (e.g. a measured evaluation).",
  check(config) {
    const classes = taskClassesById(config);
    const models = modelsById(config);
    const out: RuleFinding[] = [];
    for (const view of routeViews(config)) {
      const tc = classes.get(view.route.taskClass);
      const i = primaryTargetIndex(view.route);
      const primary = view.reach[i]; // reach lists targets first, in order
      const model = primary?.info?.model;
      if (!tc || !model) continue;
      const serving = servingModels(primary.info!, models);
      // A router over its whole pool is judged by its own catalog positioning.
      const judged = serving.models.length > 0 ? serving.models : [model];
      if (judged.some((m) => m.positioning.complexity.includes(tc.complexity))) continue;
      const positioned = [...new Set(judged.flatMap((m) => m.positioning.complexity))].join("/");
      const what = model.foundry.router ? `${model.id} routing to ${judged.map((m) => m.id).join(", ")}` : model.id;
      out.push({
        file: view.env.file,
        path: primary.path,
        subject: tc.id,
        message: `primary target ${primary.ref} (${what}) is positioned for ${positioned} complexity (${model.positioning.evidence}), but task class ${tc.id} is ${tc.complexity} complexity`,
      });
    }
    return out;
  },
};
