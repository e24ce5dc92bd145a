// FR-GATEWAY-3: a gateway that cannot reach an account answers 403 for every request routed there.
import { routingTable } from "../table/table";
import type { Rule, RuleFinding } from "./rule";

/** APIM tiers without VNet integration: their outbound calls come from shared public addresses. */
const NO_VNET_TIERS: ReadonlySet<string> = new Set(["BasicV2", "Basic"]);

export const accountUnreachableFromTheGateway: Rule = {
  id: "FR-GATEWAY-3",
  level: "error",
  title: "Account unreachable from the gateway",
  explanation:
    "A BasicV2 or Basic API Management gateway has no VNet integration and calls Foundry from public addresses. An account with public network access off, or with an IP allow-list, answers it 403, so every route to that account fails while the deployment looks healthy.",
  fix: "Use a VNet-capable gateway tier (StandardV2 or PremiumV2) with private endpoints to the account, or keep public network access on with Entra ID only; with an allow-list, add the gateway's outbound IPs and suppress this finding with that reason.",
  check(config) {
    const out: RuleFinding[] = [];
    for (const env of config.environments) {
      const gateway = env.spec.gateway;
      if (!gateway || !("create" in gateway) || !NO_VNET_TIERS.has(gateway.sku)) continue;
      const routed = new Set(routingTable(config, env).routes.flatMap((r) => [...r.targets, ...r.fallbacks].map((d) => d.account)));
      env.spec.accounts.forEach((account, i) => {
        if (!routed.has(account.id)) return;
        const closed = !account.publicNetworkAccess;
        const listed = (account.allowedIps ?? []).length > 0;
        if (!closed && !listed) return;
        out.push({
          file: env.file,
          path: ["accounts", i, closed ? "publicNetworkAccess" : "allowedIps"],
          subject: account.id,
          message: closed
            ? `account ${account.id} has public network access off, which a ${gateway.sku} gateway (no VNet integration) cannot reach (expected publicNetworkAccess: true, or a StandardV2/PremiumV2 gateway with private endpoints)`
            : `account ${account.id} allows only ${account.allowedIps!.join(", ")}, which does not include a ${gateway.sku} gateway's outbound addresses (expected no allow-list, or the gateway's outbound IPs added and this finding suppressed with that reason)`,
        });
      });
    }
    return out;
  },
};
