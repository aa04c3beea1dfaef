#!/usr/bin/env -S node --max-semi-space-size=2 --heap-growing-percent=10
// Runs the bundled lf-import (npm run build, or npm ci); from a clone without a build, use
// `node --conditions=@leadfactory/source --import tsx packages/cli/src/bin/lf-import.ts`.
// The flags keep V8's heap close to what an import holds (about 50 MB: two batches of rows): the
// old generation is collected when it has grown by a tenth, and the young one stays at 2 MB a
// half. Without them V8 let garbage take the process to 235-315 MB (100,000 rows). The
// --optimize-for-size used before kept it at 125-135 MB too, but with collections in its
// memory-reducing mode: 1.1-1.6 s of the main thread's time per 100,000 rows on PostgreSQL against
// 0.25-0.3 s now (docs/import.md, "Benchmark"). Neither is a hard limit, as --max-old-space-size
// would be, so a large --batch-size costs collections, not a crash.
import "../dist/bundle/lf-import.js"
