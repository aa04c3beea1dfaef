/**
 * Reads a server's database from the test, around the API: the rows behind the answers, and the
 * invariants that must hold after any attack, race or crash (the ledger adds up, no duplicate
 * leads, campaign totals match their leads, no campaign left queued or running).
 */
import { SqliteClient } from "@effect/sql-sqlite-node"
import { DatabaseUrl, parseDatabaseUrl } from "@leadfactory/http"
import { Effect, Either, ManagedRuntime } from "effect"
import pg from "pg"

export interface Inspector {
  /** Rows of a statement; parameters are `$1`, `$2`… on both databases. */
  readonly rows: <A = Record<string, unknown>>(statement: string, ...params: ReadonlyArray<unknown>) => Promise<Array<A>>
  readonly close: () => Promise<void>
}

export const openInspector = async (databaseUrl: string): Promise<Inspector> => {
  const parsed = Either.getOrThrow(parseDatabaseUrl(databaseUrl))
  return DatabaseUrl.$match(parsed, {
    Sqlite: ({ filename }) => {
      const runtime = ManagedRuntime.make(SqliteClient.layer({ filename }))
      return {
        rows: <A>(statement: string, ...params: ReadonlyArray<unknown>) => {
          // `$n` may repeat: each becomes a `?` with its value repeated in order.
          const order = [...statement.matchAll(/\$(\d+)/g)].map((match) => Number(match[1]) - 1)
          const values = order.map((i) => (typeof params[i] === "boolean" ? Number(params[i]) : params[i]))
          return runtime.runPromise(
            Effect.flatMap(SqliteClient.SqliteClient, (sql) => sql.unsafe(statement.replace(/\$\d+/g, "?"), values))
          ) as Promise<Array<A>>
        },
        close: () => runtime.dispose()
      }
    },
    Postgres: async ({ url }) => {
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      return {
        rows: async <A>(statement: string, ...params: ReadonlyArray<unknown>) =>
          (await client.query(statement, [...params])).rows as Array<A>,
        close: () => client.end()
      }
    }
  })
}

/** Opens an inspector for the duration of `use`. */
export const withInspector = async <A>(databaseUrl: string, use: (db: Inspector) => Promise<A>): Promise<A> => {
  const db = await openInspector(databaseUrl)
  try {
    return await use(db)
  } finally {
    await db.close()
  }
}

/** Whatever the driver returns for a count or a sum (a bigint string on PostgreSQL), as a number. */
export const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value))

/**
 * Broken ledger rules, one sentence each (none when the ledger is sound): every balance equals the
 * sum of its user's ledger rows, each row's balance_after is the running sum, no balance is below
 * zero, and each campaign's credits_used is what the ledger charged it.
 */
export const ledgerProblems = async (db: Inspector): Promise<Array<string>> => {
  const problems: Array<string> = []
  const users = await db.rows<{ id: string; credits_remaining: unknown }>("SELECT id, credits_remaining FROM users")
  for (const user of users) {
    const ledger = await db.rows<{ amount: unknown; balance_after: unknown }>(
      "SELECT amount, balance_after FROM credit_transactions WHERE user_id = $1 ORDER BY seq",
      user.id
    )
    let running = 0
    for (const [i, row] of ledger.entries()) {
      running += num(row.amount)
      if (num(row.balance_after) !== running) problems.push(`user ${user.id}: ledger row ${i} says balance_after ${num(row.balance_after)}, the rows add up to ${running}`)
      if (running < 0) problems.push(`user ${user.id}: the balance went below zero (${running}) at ledger row ${i}`)
    }
    if (num(user.credits_remaining) !== running) {
      problems.push(`user ${user.id}: credits_remaining is ${num(user.credits_remaining)}, the ledger adds up to ${running}`)
    }
  }
  const campaigns = await db.rows<{ id: string; credits_used: unknown; charged: unknown }>(
    `SELECT c.id, c.credits_used,
            (SELECT COALESCE(SUM(-t.amount), 0) FROM credit_transactions t WHERE t.campaign_id = c.id) AS charged
       FROM campaigns c`
  )
  for (const campaign of campaigns) {
    if (num(campaign.credits_used) !== num(campaign.charged)) {
      problems.push(`campaign ${campaign.id}: credits_used is ${num(campaign.credits_used)}, the ledger charged ${num(campaign.charged)}`)
    }
  }
  return problems
}

/**
 * Broken lead rules: no two leads of a campaign share an email (case-insensitive), and each
 * campaign's total_leads and total_emails count its visible leads.
 */
export const leadProblems = async (db: Inspector): Promise<Array<string>> => {
  const problems: Array<string> = []
  const duplicates = await db.rows<{ campaign_id: string; email: string; n: unknown }>(
    `SELECT campaign_id, lower(email) AS email, COUNT(*) AS n FROM leads WHERE email IS NOT NULL
      GROUP BY campaign_id, lower(email) HAVING COUNT(*) > 1`
  )
  for (const row of duplicates) problems.push(`campaign ${row.campaign_id}: ${num(row.n)} leads share the email ${row.email}`)
  const totals = await db.rows<{ id: string; total_leads: unknown; total_emails: unknown; leads: unknown; emails: unknown }>(
    `SELECT c.id, c.total_leads, c.total_emails,
            (SELECT COUNT(*) FROM leads l WHERE l.campaign_id = c.id AND l.opted_out = $1) AS leads,
            (SELECT COUNT(l.email) FROM leads l WHERE l.campaign_id = c.id AND l.opted_out = $1) AS emails
       FROM campaigns c`,
    false
  )
  for (const row of totals) {
    if (num(row.total_leads) !== num(row.leads) || num(row.total_emails) !== num(row.emails)) {
      problems.push(
        `campaign ${row.id}: says ${num(row.total_leads)} leads and ${num(row.total_emails)} emails, has ${num(row.leads)} and ${num(row.emails)}`
      )
    }
  }
  return problems
}

/** Campaigns still queued or running, by id. */
export const activeCampaigns = async (db: Inspector): Promise<Array<string>> =>
  (await db.rows<{ id: string }>("SELECT id FROM campaigns WHERE status IN ('queued', 'running')")).map((row) => row.id)
