// Lookups over a loaded config. Pure; tolerant of broken references (rules report those).
import type { Environment, RoutingConfig } from "./loader";
import type { Account, CatalogModel, Deployment, TaskClass } from "./schema";

/** A deployment as routes see it: `<account>/<deployment>`, with its catalog model when known. */
export interface DeploymentInfo {
  /** `<account id>/<deployment name>`, e.g. eus2/gpt-4o. */
  readonly ref: string;
  readonly account: Account;
  readonly accountIndex: number;
  readonly deployment: Deployment;
  readonly deploymentIndex: number;
  /** Undefined when the deployment names a model the catalog does not have. */
  readonly model?: CatalogModel;
  /** Pinned version: the deployment's, else the catalog's; undefined when neither gives one. */
  readonly version?: string;
}

export function deploymentRef(account: Pick<Account, "id">, deployment: Pick<Deployment, "name">): string {
  return `${account.id}/${deployment.name}`;
}

export function modelsById(config: RoutingConfig): Map<string, CatalogModel> {
  const m = new Map<string, CatalogModel>();
  for (const model of config.catalog.models) if (!m.has(model.id)) m.set(model.id, model);
  return m;
}

export function taskClassesById(config: RoutingConfig): Map<string, TaskClass> {
  const m = new Map<string, TaskClass>();
  for (const tc of config.taskClasses.classes) if (!m.has(tc.id)) m.set(tc.id, tc);
  return m;
}

/** All deployments of an environment by ref; the first wins on duplicates (a rule reports those). */
export function deploymentsByRef(env: Environment, models: ReadonlyMap<string, CatalogModel>): Map<string, DeploymentInfo> {
  const m = new Map<string, DeploymentInfo>();
  env.spec.accounts.forEach((account, accountIndex) =>
    account.deployments.forEach((deployment, deploymentIndex) => {
      const ref = deploymentRef(account, deployment);
      if (m.has(ref)) return;
      const model = models.get(deployment.model);
      m.set(ref, { ref, account, accountIndex, deployment, deploymentIndex, model, version: deployment.version ?? model?.foundry.version });
    }),
  );
  return m;
}

/** Whether a model may serve a provenance-required task class: licensed data, no distillation. Undisclosed is not clean. */
export function provenanceClean(model: CatalogModel): boolean {
  return model.provenance.trainingData.value === "licensed" && model.provenance.distillation.value === "none";
}

/** "training data: licensed (vendor-claim); distillation: none (vendor-claim)"; an undisclosed fact shows its evidence only. */
export function provenanceText(m: CatalogModel): string {
  const f = (x: { value?: string; evidence: string }) => (x.value ? `${x.value} (${x.evidence})` : x.evidence);
  return `training data: ${f(m.provenance.trainingData)}; distillation: ${f(m.provenance.distillation)}`;
}

/** Every deployment a route can reach: targets first, then fallbacks, each with its YAML path. */
export function reachable(route: Environment["spec"]["routes"][number], routeIndex: number): { ref: string; path: (string | number)[]; role: "target" | "fallback" }[] {
  return [
    ...route.targets.map((t, i) => ({ ref: t.deployment, path: ["routes", routeIndex, "targets", i, "deployment"], role: "target" as const })),
    ...route.fallbacks.map((ref, i) => ({ ref, path: ["routes", routeIndex, "fallbacks", i], role: "fallback" as const })),
  ];
}

/**
 * The models that may answer for a deployment: a model router's subset, else its own model. A router without a
 * subset chooses from Microsoft's whole pool, which the catalog does not describe: `pool` is then true.
 */
export function servingModels(
  info: Pick<DeploymentInfo, "deployment" | "model">,
  models: ReadonlyMap<string, CatalogModel>,
): { readonly models: readonly CatalogModel[]; readonly pool: boolean } {
  if (!info.model) return { models: [], pool: false };
  if (!info.model.foundry.router) return { models: [info.model], pool: false };
  const subset = info.deployment.routing?.models;
  if (!subset) return { models: [], pool: true };
  return { models: subset.map((id) => models.get(id)).filter((m): m is CatalogModel => m !== undefined), pool: false };
}
