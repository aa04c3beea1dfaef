import { serviceContractSuite } from "@leadfactory/core/testing"
import * as SqliteStore from "@leadfactory/store-sqlite"

serviceContractSuite("sqlite", () => SqliteStore.layer({ filename: ":memory:" }))
