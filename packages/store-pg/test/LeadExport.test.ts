import * as StorePg from "@leadfactory/store-pg"
import { makeTestDatabaseUrl } from "@leadfactory/store-pg/testing"
import { Layer } from "effect"
import { leadExportSuite } from "../../store-sql/test/LeadExportSuite.js"

// A fresh database on LF_TEST_PG_URL's server when it is set, else the in-process PGlite.
const url = await makeTestDatabaseUrl()
const client = StorePg.clientLayer({ url })
leadExportSuite(process.env.LF_TEST_PG_URL ? "PostgreSQL" : "PGlite", () => StorePg.layerWithClient(client).pipe(Layer.provideMerge(client)))
