// Property-test sizes: the everyday suite runs a sixteenth of each property (at least 3 cases) to stay within its time
// budget; `npm run test:robustness` runs these suites again at full size (FR_FULL_PROPERTIES=1).
export function runs(full: number): number {
  return process.env.FR_FULL_PROPERTIES === "1" ? full : Math.max(3, Math.ceil(full / 16));
}
