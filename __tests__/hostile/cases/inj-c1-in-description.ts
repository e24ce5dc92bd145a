// C1 control in free text
import { type HostileCase, once } from "../case";

const TC = "config/task-classes.yaml";

export const cases: HostileCase[] = [
  {
    name: "C1 control in free text",
    category: "injection",
    edits: [
      { edit: TC, change: once("description: Inline code completion while", 'description: "Inline \\u0085 code completion" # while') },
    ],
    expect: {
      exit: 1,
      file: TC,
      line: 12,
      path: "taskClasses[0].description",
      words: ["control character", "\\u0085", "expected text with at most newlines and tabs"],
      rule: "FR-INPUT",
    },
  },
];
