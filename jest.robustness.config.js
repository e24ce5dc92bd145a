/** `npm run test:robustness`: the suites of __tests__/robustness, and the large properties at full size (see jest.config.js). */
const base = require("./jest.config.js");

// The everyday suites that hold large properties run again here at full size (see __tests__/runs.ts).
process.env.FR_FULL_PROPERTIES = "1";
const FULL_SIZE = ["gateway/policy.test.ts", "gateway/sections.test.ts", "synth/dependencies.test.ts", "routing/rules/baseline.test.ts"];

module.exports = {
  ...base,
  roots: ["<rootDir>/__tests__"],
  testMatch: ["<rootDir>/__tests__/robustness/**/*.test.ts", ...FULL_SIZE.map((f) => `<rootDir>/__tests__/${f}`)],
  testPathIgnorePatterns: ["/node_modules/"],
  testTimeout: 120000,
};
