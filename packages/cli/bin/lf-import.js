#!/usr/bin/env -S MALLOC_MMAP_THRESHOLD_=131072 node --max-semi-space-size=2 --heap-growing-percent=10
// Runs the bundled lf-import (npm run build, or npm ci); from a clone without a build, use
// `node --conditions=@leadfactory/source --import tsx packages/cli/src/bin/lf-import.ts`.
// The flags keep V8's heap close to what an import holds (about 50 MB: two batches of rows): the
// old generation is collected when it has grown by a tenth, and the young one stays at 2 MB a
// half. Without them V8 let garbage take the process to 235-315 MB (100,000 rows). The
// --optimize-for-size used before kept it at 125-135 MB too, but with collections in its
// memory-reducing mode: 1.1-1.6 s of the main thread's time per 100,000 rows on PostgreSQL against
// 0.25-0.3 s now (docs/import.md, "Benchmark"). Neither is a hard limit, as --max-old-space-size
// would be, so a large --batch-size costs collections, not a crash.
// MALLOC_MMAP_THRESHOLD_ (glibc; other C libraries ignore it) gives every buffer over 128 KB its own
// mapping, returned to the system when the buffer is freed. A batch's statement is a few megabytes
// (pg builds it in buffers that double as they fill); without the setting glibc raises that
// threshold after the first such free and serves the next ones from its heap, which stays as large
// as the worst moment left it: peaks of 137-148 MB against 126-133 MB with it (PostgreSQL, 100,000
// rows, four alternating runs each), at the same speed.
import "../dist/bundle/lf-import.js"
