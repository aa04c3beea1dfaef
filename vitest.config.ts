import { defineConfig } from "vitest/config"

// Tests import the workspace packages from their TypeScript sources (the "@leadfactory/source"
// export condition), so no build is needed before `npm test`.
const conditions = ["@leadfactory/source", "module", "node", "development|production"]

const project = (name: string, include: Array<string>, timeout = 30_000) => ({
  extends: true as const,
  test: { name, include, testTimeout: timeout, hookTimeout: 120_000 }
})

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["@leadfactory/source"] } },
  test: {
    projects: [
      project("core", ["packages/core/test/**/*.test.ts"]),
      project("store-sqlite", ["packages/store-sqlite/test/**/*.test.ts"]),
      project("store-pg", ["packages/store-pg/test/**/*.test.ts"], 60_000),
      project("outreach", ["packages/outreach/test/**/*.test.ts"]),
      project("http", ["packages/http/test/**/*.test.ts"], 60_000),
      project("cli", ["packages/cli/test/**/*.test.ts"], 120_000),
      project("dashboard", ["packages/dashboard/test/unit/**/*.test.ts"]),
      project("adversarial", ["test/adversarial/**/*.test.ts"], 180_000)
    ]
  }
})
