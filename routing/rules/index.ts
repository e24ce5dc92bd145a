// The rule catalogue. docs/rules.md mirrors this list; a test keeps them in sync.
import { autoUpgrade } from "./auto-upgrade";
import { azureNameLimits } from "./azure-name-limits";
import { caseInsensitiveNameCollision } from "./case-insensitive-name-collision";
import { capacityOverQuota } from "./capacity-over-quota";
import { complexityFit } from "./complexity-fit";
import { duplicateIds } from "./duplicate-ids";
import { gatewayPolicyFits } from "./gateway-policy-fits-api-management";
import { mixedApiShapes } from "./mixed-api-shapes";
import { modelNotOffered } from "./model-not-offered";
import { provenanceRequired } from "./provenance-required";
import { redundantFallback } from "./redundant-fallback";
import { accountUnreachableFromTheGateway } from "./account-unreachable-from-the-gateway";
import { defaultRouteNotServed } from "./default-route-not-served-by-the-gateway";
import { stickyHeaderConsumed } from "./sticky-header-consumed-by-the-gateway";
import { gatewayUnservedRoute } from "./route-not-served-by-the-gateway";
import { unknownContentSafetyAccount } from "./unknown-content-safety-account";
import { contentSafetyNotEnforced } from "./content-safety-not-enforced";
import type { EvidenceRule, Rule } from "./rule";
import { evidenceBelowThePassRate } from "./evidence-below-the-pass-rate";
import { shareIncreaseWithoutEvidence } from "./share-increase-without-evidence";
import { shareIncreaseWithoutRequiredEvidence } from "./share-increase-without-required-evidence";
import { staleEvidence } from "./stale-evidence";
import { tamperedEvidence } from "./tampered-evidence";
import { singleVendor } from "./single-vendor";
import { tagLimits } from "./tag-limits";
import { taskClassWithoutRoute } from "./task-class-without-route";
import { unknownDeployment } from "./unknown-deployment";
import { unknownModel } from "./unknown-model";
import { unknownRaiPolicy } from "./unknown-rai-policy";
import { raiPolicyOnAClaudeDeployment } from "./rai-policy-on-a-claude-deployment";
import { modelRouterSubset } from "./model-router-subset";
import { consumerAccess } from "./consumer-access";
import { servedClassWithoutConsumer } from "./served-class-without-consumer";
import { unknownTaskClass } from "./unknown-task-class";
import { unpinnedVersion } from "./unpinned-version";
import { unsupportedSku } from "./unsupported-sku";
import { unusedDeployment } from "./unused-deployment";
import { unverifiedModelAcknowledged } from "./unverified-model-acknowledged";
import { unverifiedModelWithoutAcknowledgement } from "./unverified-model-without-acknowledgement";
import { weightsMustSumTo100 } from "./weights-must-sum-to-100";

/** Ordered by area, then number: the order of docs/rules.md. */
export const RULES: readonly Rule[] = [
  unknownModel,
  unknownDeployment,
  unknownTaskClass,
  duplicateIds,
  taskClassWithoutRoute,
  weightsMustSumTo100,
  redundantFallback,
  defaultRouteNotServed,
  stickyHeaderConsumed,
  accountUnreachableFromTheGateway,
  provenanceRequired,
  modelNotOffered,
  unverifiedModelWithoutAcknowledgement,
  unverifiedModelAcknowledged,
  unpinnedVersion,
  autoUpgrade,
  mixedApiShapes,
  complexityFit,
  singleVendor,
  capacityOverQuota,
  unusedDeployment,
  unsupportedSku,
  unknownRaiPolicy,
  raiPolicyOnAClaudeDeployment,
  modelRouterSubset,
  consumerAccess,
  servedClassWithoutConsumer,
  gatewayPolicyFits,
  gatewayUnservedRoute,
  unknownContentSafetyAccount,
  contentSafetyNotEnforced,
  azureNameLimits,
  caseInsensitiveNameCollision,
  tagLimits,
];

/** The eval gate (docs/evals.md): rules over a change and its evidence files; after RULES in docs/rules.md. */
export const EVIDENCE_RULES: readonly EvidenceRule[] = [
  shareIncreaseWithoutEvidence,
  shareIncreaseWithoutRequiredEvidence,
  evidenceBelowThePassRate,
  staleEvidence,
  tamperedEvidence,
];
