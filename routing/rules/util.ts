// Shared iteration for rules. Pure; unknown references are skipped here because FR-REF-* rules report them.
import type { Environment, RoutingConfig } from "../config/loader";
import { type DeploymentInfo, deploymentRef, deploymentsByRef, modelsById, reachable } from "../config/model";
import type { Account, CatalogModel, Deployment, Route } from "../config/schema";
import { defaultAccountName, defaultApiManagementName, defaultProjectName } from "../naming/azure-names";
import { nearest } from "../naming/edit-distance";

/** A route with the deployments it can reach, resolved where the reference exists. */
interface RouteView {
  readonly env: Environment;
  readonly route: Route;
  readonly routeIndex: number;
  /** Targets first, then fallbacks; `info` is undefined for an unknown reference. */
  readonly reach: readonly { ref: string; path: (string | number)[]; role: "target" | "fallback"; info?: DeploymentInfo }[];
}

export function routeViews(config: RoutingConfig): RouteView[] {
  const models = modelsById(config);
  const out: RouteView[] = [];
  for (const env of config.environments) {
    const byRef = deploymentsByRef(env, models);
    env.spec.routes.forEach((route, routeIndex) => {
      const reach = reachable(route, routeIndex).map((r) => ({ ...r, info: byRef.get(r.ref) }));
      out.push({ env, route, routeIndex, reach });
    });
  }
  return out;
}

/** Reachable deployments that exist and name a catalog model, each once (first occurrence wins). */
export function knownReach(view: RouteView): { ref: string; path: (string | number)[]; info: DeploymentInfo & { model: CatalogModel } }[] {
  const seen = new Set<string>();
  const out: { ref: string; path: (string | number)[]; info: DeploymentInfo & { model: CatalogModel } }[] = [];
  for (const r of view.reach) {
    if (!r.info?.model || seen.has(r.ref)) continue;
    seen.add(r.ref);
    out.push({ ref: r.ref, path: r.path, info: r.info as DeploymentInfo & { model: CatalogModel } });
  }
  return out;
}

/** Every deployment as written, duplicates included, with its YAML path prefix. */
interface DeploymentView {
  readonly env: Environment;
  readonly account: Account;
  readonly accountIndex: number;
  readonly deployment: Deployment;
  readonly deploymentIndex: number;
  readonly ref: string;
  /** ["accounts", a, "deployments", d] */
  readonly path: (string | number)[];
  readonly model?: CatalogModel;
}

export function deploymentViews(config: RoutingConfig): DeploymentView[] {
  const models = modelsById(config);
  const out: DeploymentView[] = [];
  for (const env of config.environments) {
    env.spec.accounts.forEach((account, accountIndex) =>
      account.deployments.forEach((deployment, deploymentIndex) =>
        out.push({
          env,
          account,
          accountIndex,
          deployment,
          deploymentIndex,
          ref: deploymentRef(account, deployment),
          path: ["accounts", accountIndex, "deployments", deploymentIndex],
          model: models.get(deployment.model),
        }),
      ),
    );
  }
  return out;
}

/** `a, b, c, …` — sorted, at most `max` items, so messages stay one line. */
/**
 * `did you mean "eus2/gpt-4o"? expected one of: a, b, …` for a reference to nothing: the nearest known value when it
 * is one or two edits away (or differs only in case), then the known values.
 */
export function expectedOneOf(value: string, known: Iterable<string>): string {
  const all = [...new Set(known)];
  const same = all.find((k) => k.toLowerCase() === value.toLowerCase());
  const near = same ?? nearest(value, all, 2);
  return `${near === undefined ? "" : `did you mean "${near}"? `}expected one of: ${knownList(all)}`;
}

export function knownList(values: Iterable<string>, max = 8): string {
  const sorted = [...new Set(values)].sort();
  if (sorted.length === 0) return "none";
  const head = sorted.slice(0, max).join(", ");
  return sorted.length > max ? `${head}, …` : head;
}

/** The primary target: highest weight, first on ties. */
export function primaryTargetIndex(route: Route): number {
  let best = 0;
  route.targets.forEach((t, i) => {
    if (t.weight > route.targets[best]!.weight) best = i;
  });
  return best;
}

/**
 * An Azure name the stacks will use, with the YAML field that decides it: the explicit field when set, else the
 * field the default is built from (`how` then says how).
 */
export interface AzureName {
  readonly env: Environment;
  readonly value: string;
  readonly path: (string | number)[];
  /** `derived as ais-<project>-<env>-<id>` or `defaults to the account name`; undefined when written as is. */
  readonly how?: string;
  readonly subject?: string;
}

/** Account, custom subdomain and project names of each account of `env`, in YAML order. */
export function accountNames(
  env: Environment,
): { account: Account; index: number; name: AzureName; subdomain: AzureName; project: AzureName }[] {
  const { project } = env.spec;
  return env.spec.accounts.map((a, i) => {
    const at = (...p: (string | number)[]) => ["accounts", i, ...p];
    const name: AzureName =
      a.name !== undefined
        ? { env, value: a.name, path: at("name"), subject: a.id }
        : {
            env,
            value: defaultAccountName(project, env.name, a.id),
            path: at("id"),
            how: "derived as ais-<project>-<env>-<id>",
            subject: a.id,
          };
    const subdomain: AzureName =
      a.customSubdomain !== undefined
        ? { env, value: a.customSubdomain, path: at("customSubdomain"), subject: a.id }
        : { ...name, how: name.how === undefined ? "defaults to the account name" : `defaults to the account name, ${name.how}` };
    const projectName: AzureName =
      a.projectName !== undefined
        ? { env, value: a.projectName, path: at("projectName"), subject: a.id }
        : {
            env,
            value: defaultProjectName(project, env.name, a.id),
            path: at("id"),
            how: "derived as proj-<project>-<env>-<id>",
            subject: a.id,
          };
    return { account: a, index: i, name, subdomain, project: projectName };
  });
}

/** The API Management instance `env` creates, or undefined when it has none or references an existing one. */
export function createdApiManagementName(env: Environment): AzureName | undefined {
  const g = env.spec.gateway;
  if (!g || !("create" in g)) return undefined;
  return g.name !== undefined
    ? { env, value: g.name, path: ["gateway", "name"] }
    : {
        env,
        value: defaultApiManagementName(env.spec.project, env.name),
        path: ["gateway", "create"],
        how: "derived as apim-<project>-<env>",
      };
}
