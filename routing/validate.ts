// Stage 2 of validation: run every policy rule, place findings on lines, apply YAML suppressions.
import { type Finding, formatPath, oneLine, sortFindings } from "./findings";
import { type ConfigFiles, type LoadResult, type RoutingConfig, loadConfig } from "./config/loader";
import { EVIDENCE_RULES, RULES } from "./rules";
import type { EvidenceInput, EvidenceRule, Rule } from "./rules/rule";

export interface ValidationResult {
  /** Undefined when the YAML or its shape is broken; then `findings` holds those errors. */
  readonly config?: RoutingConfig;
  /** All findings, errors and warnings, suppressed ones included (marked), in a stable order. */
  readonly findings: readonly Finding[];
  /** Unsuppressed errors: when non-empty, nothing may be synthesized. */
  readonly errors: readonly Finding[];
}

/** Loads and validates; the one entry point synth, the CLI, review and audit share. */
export function validateFiles(files: ConfigFiles, rules: readonly Rule[] = RULES): ValidationResult {
  return validateLoaded(loadConfig(files), rules);
}

export function validateLoaded(loaded: LoadResult, rules: readonly Rule[] = RULES): ValidationResult {
  if (!loaded.config) return { findings: loaded.errors, errors: loaded.errors.filter((f) => f.level === "error") };
  const findings = validate(loaded.config, rules);
  return { config: loaded.config, findings, errors: findings.filter((f) => f.level === "error" && !f.suppressed) };
}

export function validate(config: RoutingConfig, rules: readonly Rule[] = RULES): Finding[] {
  const out: Finding[] = [];
  const byId = new Map(rules.map((r) => [r.id, r]));
  for (const rule of rules) {
    let results: ReturnType<Rule["check"]>;
    try {
      results = rule.check(config);
    } catch (e) {
      // A rule bug must not become a stack trace for the user; it is still an error, so nothing is synthesized.
      out.push({
        rule: rule.id,
        level: "error",
        file: config.catalog.file,
        path: "",
        message: oneLine(`internal error in rule ${rule.id}: ${(e as Error).message} (please report this)`),
      });
      continue;
    }
    for (const rf of results) out.push(placed(config, rule, rf));
  }
  return sortFindings(applySuppressions(config, out, byId));
}

/**
 * The eval gate's findings (FR-EVAL-*) for a change and its evidence files, placed on lines of the head config.
 * Without `input.base` only the evidence files themselves are checked. Not suppressible: the fix is evidence or the
 * class's evalGate settings.
 */
export function validateEvidence(input: EvidenceInput, rules: readonly EvidenceRule[] = EVIDENCE_RULES): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) {
    for (const rf of rule.checkEvidence(input)) out.push(placed(input.head, rule, rf));
  }
  return sortFindings(out);
}

/** A suppression lives in an environment file and silences that file's findings of one rule, with a reason. */
function applySuppressions(config: RoutingConfig, findings: Finding[], rules: ReadonlyMap<string, Rule>): Finding[] {
  const result = [...findings];
  for (const env of config.environments) {
    env.spec.suppressions.forEach((s, i) => {
      const path = ["suppressions", i];
      const at = (p: (string | number)[]) => config.sources.get(env.file)?.position(p);
      const rule = rules.get(s.rule);
      const meta = (message: string, sub: (string | number)[], level: "error" | "warning"): Finding => {
        const pos = at([...path, ...sub]);
        return {
          rule: "FR-SUPP-1",
          level,
          file: env.file,
          path: formatPath([...path, ...sub]),
          line: pos?.line,
          column: pos?.column,
          message: oneLine(message),
        };
      };
      if (!rule) {
        result.push(
          meta(
            `unknown rule "${s.rule}" (expected an id from docs/rules.md, e.g. ${[...rules.keys()].slice(0, 3).join(", ")})`,
            ["rule"],
            "error",
          ),
        );
        return;
      }
      if (rule.suppressible === false) {
        result.push(
          meta(
            `rule ${s.rule} cannot be suppressed: a config that breaks it cannot be synthesized (expected a rule marked suppressible in docs/rules.md; fix the finding instead)`,
            ["rule"],
            "error",
          ),
        );
        return;
      }
      let used = 0;
      for (let k = 0; k < result.length; k++) {
        const f = result[k]!;

        if (f.rule !== s.rule || f.file !== env.file || f.suppressed) continue;
        if (s.subjects && (f.subject === undefined || !s.subjects.includes(f.subject))) continue;
        result[k] = { ...f, suppressed: { reason: s.reason.trim() } };
        used++;
      }
      if (used === 0)
        result.push(meta(`suppression of ${s.rule} matches no finding; remove it so that it cannot hide a future one`, [], "warning"));
    });
  }
  return result;
}

/** A rule's finding as a Finding, on the line of the config file it points at. */
function placed(
  config: RoutingConfig,
  rule: { readonly id: string; readonly level: Finding["level"] },
  rf: { readonly file: string; readonly path: readonly (string | number)[]; readonly message: string; readonly subject?: string },
): Finding {
  const pos = config.sources.get(rf.file)?.position(rf.path);
  return {
    rule: rule.id,
    level: rule.level,
    file: rf.file,
    path: formatPath(rf.path),
    line: pos?.line,
    column: pos?.column,
    // One line whatever the rule quoted from config: every renderer (text, JSON, Markdown) gets it escaped.
    message: oneLine(rf.message),
    subject: rf.subject,
  };
}
