// FR-GATEWAY-1: the gateway policy is generated at synth; a config whose policy APIM would refuse is refused here,
// before anything is written.
import { environmentGatewayPlan } from "../gateway/plan";
import { GatewayConfigError, GatewayPolicyTooLargeError } from "../gateway/policy";
import type { Rule, RuleFinding } from "./rule";

export const gatewayPolicyFits: Rule = {
  id: "FR-GATEWAY-1",
  level: "error",
  title: "Gateway policy fits API Management",
  explanation:
    "API Management rejects a policy document over 256 KiB, and its retry policy walks at most 50 fallbacks. The generated policy grows with task classes, targets and fallbacks.",
  fix: "Route fewer task classes or deployments through this environment's gateway, shorten fallback chains, or split the environment.",
  suppressible: false,
  check(config) {
    const out: RuleFinding[] = [];
    for (const env of config.environments) {
      if (!env.spec.gateway) continue;
      try {
        environmentGatewayPlan(config, env);
      } catch (e) {
        if (!(e instanceof GatewayPolicyTooLargeError || e instanceof GatewayConfigError)) throw e;
        out.push({ file: env.file, path: ["gateway"], message: e.message });
      }
    }
    return out;
  },
};
