// Bundles each command (tsc's output in dist/bin) into one file in dist/bundle, which the
// launchers in bin/ run. Loading one file of tree-shaken code instead of the ~1,000 modules of
// effect and its packages takes a command's start from 1.1 s to 0.4 s and its heap after start from
// 35 to 23 MB (`lf-import --version`: RSS 92 against 82 MB).
//
//   node packages/cli/bundle.mjs      (run by `npm run build` and by `npm ci`'s prepare step)
import { build } from "esbuild"
import { fileURLToPath } from "node:url"

const PACKAGE = fileURLToPath(new URL(".", import.meta.url))

await build({
  absWorkingDir: PACKAGE,
  entryPoints: ["lf-import", "lf-worker", "lf-run"].map((command) => `dist/bin/${command}.js`),
  outdir: "dist/bundle",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Native addons (and pg's optional one) stay in node_modules, built for this machine.
  external: ["better-sqlite3", "bcrypt", "pg-native", "msgpackr-extract"],
  // The CommonJS packages in the bundle (pg, csv-parse's CJS helpers) call require() for node's modules.
  banner: { js: "import { createRequire as createRequireOfBundle } from \"node:module\"; const require = createRequireOfBundle(import.meta.url);" },
  logLevel: "warning"
})
