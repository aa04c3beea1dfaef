#!/usr/bin/env node
// Runs the bundled lf-worker (npm run build, or npm ci); from a clone without a build, use
// `node --conditions=@leadfactory/source --import tsx packages/cli/src/bin/lf-worker.ts`.
import "../dist/bundle/lf-worker.js"
