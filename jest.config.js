/**
 * `npm test`: every suite except the robustness suite, with a transpile-only transform (esbuild);
 * type-checking is `npm run lint` (tsc --noEmit), which CI runs first.
 * `npm run test:robustness` (jest.robustness.config.js) runs the fast-check, determinism-at-scale, safe-output
 * and secret-scan suites; CI runs both.
 */
// node_modules stays untransformed, except the files scripts/module-patches.cjs changes.
const { FILTER, PATCHED } = require("./scripts/module-patches.cjs");

module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/__tests__/robustness/"],
  transform: {
    "^.+\\.ts$": "<rootDir>/scripts/jest-esbuild.js",
    [FILTER.source]: "<rootDir>/scripts/jest-module-patches.js",
  },
  transformIgnorePatterns: [`[\\\\/]node_modules[\\\\/](?!${PATCHED}$)`],
  testTimeout: 60000,
  // Two workers on the 2-core machines here (jest's default would be one).
  maxWorkers: 2,
};
