// The baselines' SQL: the statements LeadFactory's stores (packages/store-sql) run for each
// measured request, written out here so that the bare driver can run them. Keep in step with
// SqlLeadStore.ts and internal/leadQuery.ts when their SQL changes.

const LEAD_COLUMNS =
  "id, campaign_id, name, email, email_status, email_source, email_verified, linkedin, phone, fund, role, " +
  "website, sectors, check_size, stage, hq, score, tier, source, opted_out, scraped_at, last_verified, last_crawled_at"

/** Placeholders: `?` for better-sqlite3, `$n` for pg. */
const binder = (dialect) => {
  const params = []
  return {
    params,
    bind: (value) => {
      params.push(value)
      return dialect === "pg" ? `$${params.length}` : "?"
    }
  }
}

const likePattern = (term) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** WHERE conditions of a LeadFilter (the subset the bench uses), as leadConditions writes them. */
const conditions = (dialect, bind, campaignId, filter) => {
  const where = [`campaign_id = ${bind(campaignId)}`, "opted_out = FALSE"]
  if (filter.tier !== undefined) where.push(`tier IN (${filter.tier.map(bind).join(", ")})`)
  if (filter.min_score !== undefined) where.push(`score >= ${bind(filter.min_score)}`)
  if (filter.has_email === true) where.push("email IS NOT NULL")
  if (filter.search !== undefined) {
    const contains = (column) => `lower(${column}) LIKE lower(${bind(likePattern(filter.search))}) ESCAPE '\\'`
    where.push(`(${["name", "fund", "email", "role"].map(contains).join(" OR ")})`)
  }
  return where
}

/** The statements of one `GET /api/leads` (sort score desc, 50 a page): the page, then the total. */
export const listStatements = (dialect, campaignId, { filter, after }) => {
  const page = binder(dialect)
  const where = conditions(dialect, page.bind, campaignId, filter)
  if (after !== undefined) {
    const value = page.bind(after.value)
    const again = page.bind(after.value)
    where.push(`(score <= ${value} AND (score < ${again} OR id > ${page.bind(after.id)}))`)
  }
  const pageSql = `SELECT ${LEAD_COLUMNS} FROM leads WHERE ${where.join(" AND ")} ORDER BY score DESC, id ASC LIMIT ${page.bind(51)} OFFSET ${page.bind(0)}`
  const total = binder(dialect)
  const totalSql = `SELECT COUNT(*) AS count FROM leads WHERE ${conditions(dialect, total.bind, campaignId, filter).join(" AND ")}`
  return [{ text: pageSql, params: page.params }, { text: totalSql, params: total.params }]
}

/** The statements of `GET /api/leads/stats`. */
export const campaignStatsStatements = (dialect, campaignId) => {
  const a = binder(dialect)
  const b = binder(dialect)
  return [
    {
      text: `SELECT COUNT(*) AS total_leads, COUNT(email) AS with_email,
        COUNT(*) FILTER (WHERE email IS NOT NULL AND email_verified = TRUE) AS verified_emails,
        COUNT(*) FILTER (WHERE tier = 'HOT') AS hot_leads, COUNT(*) FILTER (WHERE tier = 'WARM') AS warm_leads,
        COUNT(*) FILTER (WHERE tier = 'COOL') AS cool_leads, COUNT(*) FILTER (WHERE tier = 'COLD') AS cold_leads,
        AVG(score) AS avg_score
        FROM leads WHERE campaign_id = ${a.bind(campaignId)} AND opted_out = FALSE`,
      params: a.params
    },
    {
      text: `SELECT fund, COUNT(*) AS count FROM leads
        WHERE campaign_id = ${b.bind(campaignId)} AND opted_out = FALSE AND fund IS NOT NULL
        GROUP BY fund ORDER BY count DESC, fund ASC LIMIT 10`,
      params: b.params
    }
  ]
}

/** The statements of `GET /api/stats` (the lead counts; the campaign list and balance are small). */
export const userStatsStatements = (dialect, userId) => {
  const a = binder(dialect)
  return [
    {
      text: `SELECT COUNT(*) AS total_leads, COUNT(leads.email) AS total_emails,
        COUNT(*) FILTER (WHERE leads.tier = 'HOT') AS hot_leads, COUNT(*) FILTER (WHERE leads.tier = 'WARM') AS warm_leads
        FROM leads JOIN campaigns ON campaigns.id = leads.campaign_id
        WHERE campaigns.user_id = ${a.bind(userId)} AND leads.opted_out = FALSE`,
      params: a.params
    }
  ]
}

/** The export's rows for `psql COPY` / `sqlite3 -csv`: the CSV columns, same filter and order as ours. */
export const exportSelect = (campaignId) =>
  `SELECT name AS "Name", email AS "Email", email_source AS "Email Status", role AS "Role", fund AS "Fund",
     sectors AS "Focus Areas", stage AS "Stage", check_size AS "Check Size", hq AS "Location", linkedin AS "LinkedIn",
     website AS "Website", score AS "Lead Score", tier AS "Tier", source AS "Source", scraped_at AS "Scraped At"
   FROM leads WHERE campaign_id = '${campaignId}' AND opted_out = FALSE ORDER BY score DESC, id ASC`

/** The keyset cursor of the API for the lead at `after` (its format: base64url JSON, see leadCursor.ts). */
export const leadCursor = (after) =>
  Buffer.from(JSON.stringify({ sort_by: "score", sort_dir: "desc", value: after.value, id: after.id })).toString("base64url")
