// The policy-rule contract, after cdk-nag: one rule per file, pure, returning findings and throwing nothing.
import type { Level, YamlPath } from "../findings";
import type { RoutingConfig } from "../config/loader";

export interface RuleFinding {
  /** Repository-relative file the finding is in. */
  readonly file: string;
  /** YAML path inside that file. */
  readonly path: YamlPath;
  /** What was found, and what was expected. */
  readonly message: string;
  /** Task class id or `<account>/<deployment>`; suppressions can be limited to subjects. */
  readonly subject?: string;
}

export interface Rule {
  /** Stable id, FR-<AREA>-<n>. Never reuse an id. */
  readonly id: string;
  readonly level: Level;
  /** Short name for the catalogue. */
  readonly title: string;
  /** Why the rule exists. */
  readonly explanation: string;
  /** What to change to satisfy it. */
  readonly fix: string;
  /**
   * Whether a YAML suppression may silence it.
   * @default true
   */
  readonly suppressible?: boolean;
  check(config: RoutingConfig): RuleFinding[];
}

/** What the eval-gate rules read: two configs and the evidence files (docs/evals.md). */
export interface EvidenceInput {
  /** The config the change leads to: its routes, task classes and evalGate settings. */
  readonly head: RoutingConfig;
  /**
   * The config before the change; shares that grow from base to head need evidence.
   * @default none: no route change is checked, only the evidence files themselves (what validate does)
   */
  readonly base?: RoutingConfig;
  /** Evidence files at head, by repository-relative path (`evals/<env>/<class>/<account>/<deployment>.json`). */
  readonly evidence: ReadonlyMap<string, string>;
  /**
   * The moment evidence age is measured at.
   * @default no age check
   */
  readonly now?: Date;
}

/** A rule over a change and its evidence rather than over one config (the eval gate); same catalogue, same findings. */
export interface EvidenceRule extends Omit<Rule, "check"> {
  checkEvidence(input: EvidenceInput): RuleFinding[];
}
