/** `npm run test:robustness`: the suites of __tests__/robustness only (see jest.config.js). */
const base = require("./jest.config.js");

module.exports = {
  ...base,
  roots: ["<rootDir>/__tests__/robustness"],
  testPathIgnorePatterns: ["/node_modules/"],
  testTimeout: 120000,
};
