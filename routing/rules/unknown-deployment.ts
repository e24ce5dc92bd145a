// FR-REF-2: a route may only send traffic to deployments declared in the same environment.
import type { Rule, RuleFinding } from "./rule";
import { expectedOneOf, routeViews } from "./util";
import { deploymentRef } from "../config/model";

export const unknownDeployment: Rule = {
  id: "FR-REF-2",
  level: "error",
  title: "Unknown deployment",
  explanation:
    "Route targets and fallbacks are `<account>/<deployment>` references into the same environment file; a reference to nothing would send traffic nowhere.",
  fix: "Correct the reference to an existing `<account id>/<deployment name>`, or declare the deployment under that account.",
  suppressible: false,
  check(config) {
    const out: RuleFinding[] = [];
    const known = new Map(
      config.environments.map((env) => [env.file, env.spec.accounts.flatMap((a) => a.deployments.map((d) => deploymentRef(a, d)))]),
    );
    for (const view of routeViews(config)) {
      for (const r of view.reach) {
        if (r.info) continue;
        const shape = r.ref.includes("/") ? "" : " (expected <account>/<deployment>)";
        out.push({
          file: view.env.file,
          path: r.path,
          subject: view.route.taskClass,
          message: `unknown deployment "${r.ref}"${shape} (${expectedOneOf(r.ref, known.get(view.env.file) ?? [])})`,
        });
      }
    }
    return out;
  },
};
