// FR-USE-1: a deployment no route reaches costs quota (and, when provisioned, money) and serves nothing through the gateway.
import type { Rule, RuleFinding } from "./rule";
import { deploymentViews } from "./util";

export const unusedDeployment: Rule = {
  id: "FR-USE-1",
  level: "warning",
  title: "Unused deployment",
  explanation:
    "No route target or fallback reaches the deployment, so gateway traffic never uses it while it still holds quota (and bills, when provisioned).",
  fix: "Reference it from a route (as a target or fallback), remove it, or suppress with the reason (e.g. warming up before a cut-over).",
  check(config) {
    const used = new Map(
      config.environments.map((env) => [
        env.file,
        new Set(env.spec.routes.flatMap((r) => [...r.targets.map((t) => t.deployment), ...r.fallbacks])),
      ]),
    );
    const seen = new Set<string>();
    const out: RuleFinding[] = [];
    for (const d of deploymentViews(config)) {
      const key = `${d.env.file}\n${d.ref}`;
      if (seen.has(key)) continue; // a duplicate is FR-REF-4's
      seen.add(key);
      if (used.get(d.env.file)?.has(d.ref)) continue;
      out.push({
        file: d.env.file,
        path: [...d.path, "name"],
        subject: d.ref,
        message: `deployment ${d.ref} is not a target or fallback of any route in environment ${d.env.name}`,
      });
    }
    return out;
  },
};
