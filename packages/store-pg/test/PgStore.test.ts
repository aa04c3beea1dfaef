import { serviceContractSuite, storeContractSuite } from "@leadfactory/core/testing"
import * as StorePg from "@leadfactory/store-pg"
import { makeTestDatabaseUrl } from "@leadfactory/store-pg/testing"

// A fresh database on LF_TEST_PG_URL's server when it is set, else the in-process PGlite.
const url = await makeTestDatabaseUrl()
const backend = process.env.LF_TEST_PG_URL ? "PostgreSQL" : "PGlite"
storeContractSuite(backend, () => StorePg.layer({ url }))
serviceContractSuite(backend, () => StorePg.layer({ url }))
