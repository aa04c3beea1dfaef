import { testLayer } from "@leadfactory/store-pg/testing"
import { importerSuite } from "./ImporterSuite.js"

// LF_TEST_PG_URL when set (CI: a real PostgreSQL), else an in-process PGlite.
importerSuite("PostgreSQL", () => testLayer)
