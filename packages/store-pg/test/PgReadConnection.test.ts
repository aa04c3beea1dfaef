import * as StorePg from "@leadfactory/store-pg"
import { makeTestDatabaseUrl } from "@leadfactory/store-pg/testing"
import { readConnectionSuite } from "../../store-sql/test/ReadConnectionSuite.js"

// A fresh database on LF_TEST_PG_URL's server when it is set, else the in-process PGlite, whose
// connections share one session.
const url = await makeTestDatabaseUrl()
const onServer = Boolean(process.env.LF_TEST_PG_URL)
readConnectionSuite(onServer ? "PostgreSQL" : "PGlite", () => StorePg.clientLayer({ url }), { separateConnections: onServer })
