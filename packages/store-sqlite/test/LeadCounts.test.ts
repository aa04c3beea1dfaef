import * as StoreSqlite from "@leadfactory/store-sqlite"
import { Layer } from "effect"
import { leadCountsSuite } from "../../store-sql/test/LeadCountsSuite.js"

// One in-memory database for the stores and the suite's own reads of the leads.
const client = StoreSqlite.clientLayer({ filename: ":memory:" })
leadCountsSuite("SQLite", () => StoreSqlite.layerWithClient(client).pipe(Layer.provideMerge(client)))
