// The bare drivers of the baselines: better-sqlite3 on the SQLite file, node-postgres on the database,
// the same packages (and, for pg, the same pool size) that LeadFactory's stores use.
import Database from "better-sqlite3"
import pg from "pg"

/** Same as the stores' default pool (packages/store-pg DEFAULT_MAX_CONNECTIONS). */
const PG_POOL_SIZE = 10

/**
 * A driver on `databaseUrl` (`sqlite:<file>` or `postgres://…`) whose `run(statements)` runs the
 * statements one after the other, as the store does, and resolves to their rows.
 */
export const openDriver = (databaseUrl) => {
  if (databaseUrl.startsWith("sqlite:")) {
    const db = new Database(databaseUrl.slice("sqlite:".length), { readonly: true, fileMustExist: true })
    const prepared = new Map()
    const statement = (text) => {
      let found = prepared.get(text)
      if (found === undefined) {
        found = db.prepare(text)
        prepared.set(text, found)
      }
      return found
    }
    return {
      dialect: "sqlite",
      run: async (statements) => statements.map(({ text, params }) => statement(text).all(...params)),
      close: async () => db.close()
    }
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: PG_POOL_SIZE })
  return {
    dialect: "pg",
    run: async (statements) => {
      const client = await pool.connect()
      try {
        const results = []
        for (const { text, params } of statements) results.push((await client.query(text, params)).rows)
        return results
      } finally {
        client.release()
      }
    },
    close: () => pool.end()
  }
}
