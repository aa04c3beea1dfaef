import * as SqliteStore from "@leadfactory/store-sqlite"
import { importerSuite } from "./ImporterSuite.js"

importerSuite("SQLite", () => SqliteStore.layer({ filename: ":memory:" }))
