/**
 * Builds the dashboard two ways: the app (index.html + one self-contained bundle, served by the
 * reference server at `/`) into dist/app, and the library (`--mode lib`, lit left external) into
 * dist/lib. The app build prints its gzipped JavaScript size and fails above the budget.
 */
import { gzipSync } from "node:zlib"
import { defineConfig, type Plugin } from "vite"

/** The whole app's JavaScript, gzipped, must stay under this (issue 6). */
const APP_BUDGET_BYTES = 50 * 1024

const reportGzipSize = (): Plugin => ({
  name: "lf-gzip-budget",
  apply: "build",
  generateBundle(_options, bundle) {
    let total = 0
    for (const file of Object.values(bundle)) {
      if (file.type === "chunk") total += gzipSync(file.code, { level: 9 }).length
    }
    const kb = (total / 1024).toFixed(1)
    console.log(`\ndashboard app JavaScript: ${kb} KB gzip (budget ${APP_BUDGET_BYTES / 1024} KB)`)
    if (total > APP_BUDGET_BYTES) this.error(`the app's JavaScript is ${kb} KB gzip, over the budget`)
  }
})

export default defineConfig(({ mode }) =>
  mode === "lib"
    ? {
        build: {
          outDir: "dist/lib",
          emptyOutDir: true,
          sourcemap: true,
          lib: { entry: "src/index.ts", formats: ["es"] },
          rollupOptions: {
            external: [/^lit(\/|$)/, /^@lit\//],
            output: { preserveModules: true, preserveModulesRoot: "src", entryFileNames: "[name].js" }
          }
        }
      }
    : {
        base: "./",
        build: {
          outDir: "dist/app",
          emptyOutDir: true,
          target: "es2022",
          rollupOptions: {
            // A stable name, so that a page elsewhere can load every component from the server:
            // <script type="module" src="http://127.0.0.1:8000/lf-dashboard.js">.
            output: { entryFileNames: "lf-dashboard.js", chunkFileNames: "assets/[name]-[hash].js" }
          }
        },
        plugins: [reportGzipSize()],
        server: {
          port: 3000,
          strictPort: true,
          proxy: { "/api": { target: "http://127.0.0.1:8000", changeOrigin: true } }
        }
      }
)
