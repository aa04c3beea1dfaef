#!/usr/bin/env -S node --optimize-for-size
// Runs the compiled lf-import (npm run build); from a clone without a build, use
// `node --conditions=@leadfactory/source --import tsx packages/cli/src/bin/lf-import.ts`.
// --optimize-for-size makes V8 grow the heap in small steps: the live heap of an import is about
// 35 MB, and without the flag V8 let garbage take the process to 235-300 MB (100,000 rows; about
// 140 MB with it, for about 25 % more run time: docs/import.md, "Benchmark"). It is no hard limit,
// as --max-old-space-size would be, so a large --batch-size costs collections, not a crash.
import "../dist/bin/lf-import.js"
