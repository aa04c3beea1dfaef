#!/usr/bin/env node
// Runs the compiled lf-import (npm run build); from a clone without a build, use
// `node --conditions=@leadfactory/source --import tsx packages/cli/src/bin/lf-import.ts`.
import "../dist/bin/lf-import.js"
