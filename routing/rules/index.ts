// The rule catalogue. docs/rules.md mirrors this list; a test keeps them in sync.
import type { Rule } from "./rule";

export const RULES: readonly Rule[] = [];
