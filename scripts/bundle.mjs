// Bundles what runs as a process, from tsc's output (so `tsc -b` first): the commands of
// packages/cli (dist/bin → dist/bundle, run by the launchers in bin/) and the reference server
// (packages/http/dist/main.js → dist/main.bundle.js, run by `npm start`). Loading a few files of
// tree-shaken code instead of the ~1,000 modules of effect and its packages takes a command's start
// from 1.1 to 0.4 s and its heap after start from 35 to 23 MB (`lf-import --version`: RSS 92
// against 82 MB); the server holds 96 instead of 113 MB after start.
//
//   node scripts/bundle.mjs      (`npm run bundle`; part of `npm run build` and of npm's prepare step)
import { build } from "esbuild"
import { fileURLToPath } from "node:url"

const REPO = fileURLToPath(new URL("..", import.meta.url))

const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Native addons (and pg's optional one) stay in node_modules, built for this machine.
  external: ["better-sqlite3", "bcrypt", "pg-native", "msgpackr-extract"],
  // The CommonJS packages in a bundle (pg among them) call require() for node's own modules.
  banner: { js: "import { createRequire as createRequireOfBundle } from \"node:module\"; const require = createRequireOfBundle(import.meta.url);" },
  logLevel: "warning"
}

await Promise.all([
  build({
    ...common,
    absWorkingDir: `${REPO}packages/cli`,
    entryPoints: ["lf-import", "lf-worker", "lf-run"].map((command) => `dist/bin/${command}.js`),
    outdir: "dist/bundle"
  }),
  build({
    ...common,
    absWorkingDir: `${REPO}packages/http`,
    entryPoints: ["dist/main.js"],
    // main.bundle.js sits beside main.js, so the dashboard's path relative to it stays the same.
    outdir: "dist",
    entryNames: "[name].bundle",
    // What main.js imports once it has set the heap's flags, and the Swagger page, loaded on its
    // first request, stay chunks of their own, loaded when they are imported.
    splitting: true,
    chunkNames: "bundle-chunks/[name]-[hash]"
  })
])
