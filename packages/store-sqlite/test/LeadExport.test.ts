import * as StoreSqlite from "@leadfactory/store-sqlite"
import { Layer } from "effect"
import { leadExportSuite } from "../../store-sql/test/LeadExportSuite.js"

const client = StoreSqlite.clientLayer({ filename: ":memory:" })
leadExportSuite("SQLite", () => StoreSqlite.layerWithClient(client).pipe(Layer.provideMerge(client)))
