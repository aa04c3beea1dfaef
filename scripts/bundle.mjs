// Bundles the commands of packages/cli from tsc's output (so `tsc -b` first): dist/bin → dist/bundle,
// run by the launchers in bin/. Loading one file of tree-shaken code instead of the ~1,000 modules
// of effect and its packages takes a command's start from 1.1 to 0.4 s and its heap after start
// from 35 to 23 MB (`lf-import --version`: RSS 92 against 82 MB; an import of 100,000 rows peaks
// 126-128 MB against 133-137 MB).
//
// The reference server is not bundled: bundled the same way it held 92-95 instead of 111 MB
// after start, but peaked as high in a 1,000,000-lead SQLite export (121-124 MB) and took
// 17.9-22.1 s for it against 15.5-18.2 s (four alternating runs each).
//
//   node scripts/bundle.mjs      (`npm run bundle`; part of `npm run build` and of npm's prepare step)
import { build } from "esbuild"
import { fileURLToPath } from "node:url"

await build({
  absWorkingDir: fileURLToPath(new URL("../packages/cli", import.meta.url)),
  entryPoints: ["lf-import", "lf-worker", "lf-run"].map((command) => `dist/bin/${command}.js`),
  outdir: "dist/bundle",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Native addons (and pg's optional one) stay in node_modules, built for this machine.
  external: ["better-sqlite3", "bcrypt", "pg-native", "msgpackr-extract"],
  // The CommonJS packages in the bundle (pg among them) call require() for node's own modules.
  banner: { js: "import { createRequire as createRequireOfBundle } from \"node:module\"; const require = createRequireOfBundle(import.meta.url);" },
  logLevel: "warning"
})
