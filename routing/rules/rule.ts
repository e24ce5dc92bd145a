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
