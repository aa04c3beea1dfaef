import * as StorePg from "@leadfactory/store-pg"
import { makeTestDatabaseUrl } from "@leadfactory/store-pg/testing"
import { Layer } from "effect"
import { leadCountsSuite } from "../../store-sql/test/LeadCountsSuite.js"

// A fresh database on LF_TEST_PG_URL's server when it is set, else the in-process PGlite.
const url = await makeTestDatabaseUrl()
const client = StorePg.clientLayer({ url })
leadCountsSuite(process.env.LF_TEST_PG_URL ? "PostgreSQL" : "PGlite", () => StorePg.layerWithClient(client).pipe(Layer.provideMerge(client)), {
  runs: 25
})
