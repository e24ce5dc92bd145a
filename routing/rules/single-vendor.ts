// FR-VENDOR-1: a route whose every target and fallback comes from one vendor has no fallback when that vendor has an outage or a policy change.
import { modelsById, provenanceClean, taskClassesById } from "../config/model";
import type { Rule, RuleFinding } from "./rule";
import { knownReach, routeViews } from "./util";

export const singleVendor: Rule = {
  id: "FR-VENDOR-1",
  level: "warning",
  title: "Single vendor",
  explanation:
    "When all targets and fallbacks of a route are one vendor's models, a vendor-wide outage, deprecation or terms change takes the task class down with no cross-vendor fallback.",
  fix: "Add a fallback to another vendor's model with the same API shape, or suppress with the reason. Not raised when the catalog has no other vendor's model that could serve the route (same API shape, offered, clean provenance where required).",
  check(config) {
    const out: RuleFinding[] = [];
    const models = [...modelsById(config).values()];
    const classes = taskClassesById(config);
    for (const view of routeViews(config)) {
      const reach = knownReach(view);
      const vendors = new Set(reach.map((r) => r.info.model.vendor));
      if (vendors.size !== 1) continue;
      // Only warn when the catalog has another vendor's model that could serve the route: same API shape,
      // offered, and clean provenance where the class requires it. Otherwise the fix is impossible and the warning noise.
      const vendor = [...vendors][0];
      const api = reach[0]!.info.model.api;

      const needsClean = classes.get(view.route.taskClass)?.provenanceRequired ?? false;
      const alternative = models.some(
        (m) => m.vendor !== vendor && m.api === api && m.foundry.availability !== "not-offered" && (!needsClean || provenanceClean(m)),
      );
      if (!alternative) continue;
      out.push({
        file: view.env.file,
        path: ["routes", view.routeIndex],
        subject: view.route.taskClass,
        message: `all ${reach.length} reachable deployment(s) (${reach.map((r) => r.ref).join(", ")}) are ${[...vendors][0]} models; expected at least one fallback from another vendor`,
      });
    }
    return out;
  },
};
