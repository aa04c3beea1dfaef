import * as SqliteStore from "@leadfactory/store-sqlite"
import { Effect } from "effect"
import { makeCampaign } from "./fixtures.js"
Effect.runPromise(makeCampaign.pipe(Effect.provide(SqliteStore.layer({ filename: process.argv[2]! })))).then(console.log)
