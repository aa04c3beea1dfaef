#!/usr/bin/env node
// Runs the bundled lf-run (npm run build, or npm ci); from a clone without a build, use
// `node --conditions=@leadfactory/source --import tsx packages/cli/src/bin/lf-run.ts`.
import "../dist/bundle/lf-run.js"
