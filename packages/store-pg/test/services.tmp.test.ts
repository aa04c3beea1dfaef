import { serviceContractSuite } from "@leadfactory/core/testing"
import * as StorePg from "@leadfactory/store-pg"
import { makeTestDatabaseUrl } from "@leadfactory/store-pg/testing"
const url = await makeTestDatabaseUrl()
serviceContractSuite("pg", () => StorePg.layer({ url }))
