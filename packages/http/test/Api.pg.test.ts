import { makeTestDatabaseUrl } from "@leadfactory/store-pg/testing"
import { apiSuite } from "./support/ApiSuite.js"

// LF_TEST_PG_URL when set (a fresh database on that server), else an in-process PGlite.
apiSuite("PostgreSQL", makeTestDatabaseUrl)
