import * as StorePg from "@leadfactory/store-pg"
import { makeTestDatabaseUrl } from "@leadfactory/store-pg/testing"
import { outreachSuite } from "./support/OutreachSuite.js"

// LF_TEST_PG_URL when set (a fresh database on that server), else an in-process PGlite.
outreachSuite("PostgreSQL", async () => {
  const url = await makeTestDatabaseUrl()
  return { url, client: StorePg.clientLayer({ url, maxConnections: 1 }) }
})
