// The fixtures themselves: the baseline must be a valid config, or every review test would test error handling.
import { validateFiles } from "../../routing/validate";
import { baseline, toFiles } from "./fixture";

describe("review fixture", () => {
  it("baseline validates with no errors", () => {
    // GIVEN the baseline config WHEN validated
    const result = validateFiles(toFiles(baseline()));
    // THEN it loads and has no unsuppressed errors
    expect(result.config).toBeDefined();
    expect(result.errors.map((f) => `${f.rule} ${f.path}: ${f.message}`)).toEqual([]);
  });
});
