import { defineConfig } from "vitest/config"

// Browser end-to-end tests: headless Debian Chromium driven by playwright-core against the real
// server. Kept out of `npm test` so that a machine without Chromium still passes it.
const conditions = ["@leadfactory/source", "module", "node", "development|production"]

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["@leadfactory/source"] } },
  test: {
    name: "browser",
    include: ["packages/dashboard/test/e2e/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false
  }
})
