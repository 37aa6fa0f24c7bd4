import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "tests/unit/**/*.test.ts", "tests/conformance/**/*.test.ts"],
    // Property tests boot many machines; on a loaded 2-core CI machine 5 s is too tight for them.
    testTimeout: 60_000,
  },
});
