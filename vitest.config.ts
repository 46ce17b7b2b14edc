import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx", "web/**/*.test.ts", "web/**/*.test.tsx"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: "forks",
    setupFiles: ["test/support/lambda-runtime.ts"],
    env: { LOG_LEVEL: "SILENT" },
  },
});
