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

// internal/sqliteSearchIndex.ts searchCandidates: its limits, probe and choice of trigrams.
const MAX_CANDIDATES = 5_000
const SAMPLED_ENTRIES = 500
const MAX_PROBED_TRIGRAMS = 24
const MAX_MATCHED_TRIGRAMS = 3

const trigramsOf = (term) => {
  const characters = Array.from(term)
  const seen = new Set()
  const all = []
  for (let at = 0; at + 3 <= characters.length; at++) {
    const text = characters.slice(at, at + 3).join("")
    if (!seen.has(text)) all.push({ text, at })
    seen.add(text)
  }
  if (all.length <= MAX_PROBED_TRIGRAMS) return all
  const step = (all.length - 1) / (MAX_PROBED_TRIGRAMS - 1)
  return Array.from({ length: MAX_PROBED_TRIGRAMS }, (_, i) => all[Math.round(i * step)])
}

const ftsString = (trigram) => `"${trigram.text.replaceAll('"', '""')}"`

/**
 * On SQLite, the FTS5 MATCH of the candidates of a search by `term` (the rarest trigrams of it), or
 * undefined when the store reads the campaign instead; run through `driver` as the store runs it,
 * once for the page and its total, as the store does. Pass it to listStatements as `searchMatch`.
 */
export const searchMatch = async (driver, term) => {
  if (driver.dialect !== "sqlite" || term.includes("\u0001") || term.includes("\u0000")) return undefined
  const trigrams = trigramsOf(term)
  if (trigrams.length === 0) return undefined
  const [probes] = await driver.run([{
    text: `SELECT probe.key AS at,
        (SELECT rowid FROM leads_search WHERE leads_search MATCH probe.value LIMIT 1 OFFSET ?) AS reached,
        (SELECT COUNT(*) FROM (SELECT 1 FROM leads_search WHERE leads_search MATCH probe.value LIMIT ?)) AS sampled,
        (SELECT MAX(rowid) FROM leads) AS last
      FROM json_each(?) AS probe`,
    params: [SAMPLED_ENTRIES - 1, SAMPLED_ENTRIES, JSON.stringify(trigrams.map(ftsString))]
  }])
  const estimated = probes
    .map((probe) => ({
      trigram: trigrams[probe.at],
      leads: probe.reached === null || probe.last === null ? probe.sampled : SAMPLED_ENTRIES * (probe.last / probe.reached)
    }))
    .sort((a, b) => a.leads - b.leads)
  const matched = []
  for (const candidate of estimated) {
    const overlaps = matched.some((chosen) => Math.abs(chosen.trigram.at - candidate.trigram.at) < 3)
    if (!overlaps && matched.length < MAX_MATCHED_TRIGRAMS) matched.push(candidate)
  }
  const match = matched.map(({ trigram }) => ftsString(trigram)).join(" AND ")
  const [[{ count }]] = await driver.run([{
    text: "SELECT COUNT(*) AS count FROM (SELECT 1 FROM leads_search WHERE leads_search MATCH ? LIMIT ?) capped",
    params: [match, MAX_CANDIDATES]
  }])
  return count < MAX_CANDIDATES ? match : undefined
}

/**
 * WHERE conditions of a LeadFilter (the subset the bench uses), as leadConditions writes them;
 * `searchMatch` (from searchMatch) keeps a search to the candidates of SQLite's search index.
 */
const conditions = (dialect, bind, campaignId, filter, searchMatch) => {
  const fromCandidates = searchMatch !== undefined && filter.search !== undefined
  const where = [`${fromCandidates ? "+" : ""}campaign_id = ${bind(campaignId)}`, "opted_out = FALSE"]
  if (fromCandidates) where.push(`rowid IN (SELECT rowid FROM leads_search WHERE leads_search MATCH ${bind(searchMatch)})`)
  if (filter.tier !== undefined) where.push(`tier IN (${filter.tier.map(bind).join(", ")})`)
  if (filter.min_score !== undefined) where.push(`score >= ${bind(filter.min_score)}`)
  if (filter.has_email === true) where.push("email IS NOT NULL")
  if (filter.search !== undefined) {
    // leadQuery.ts searchedText: the four columns joined by U+0001 (on PostgreSQL, leads_search_trgm's expression).
    const separator = dialect === "pg" ? "chr(1)" : "char(1)"
    const text = `lower(${["name", "fund", "email", "role"].map((c) => `coalesce(${c}, '')`).join(` || ${separator} || `)})`
    where.push(`${text} LIKE lower(${bind(likePattern(filter.search))}) ESCAPE '\\'`)
  }
  return where
}

/** Filters on tier, score and email are counted from lead_counts; text filters count up to the cap. */
const isCountable = (filter) => filter.search === undefined
const TOTAL_CAP = 1_000

/**
 * The statements of one `GET /api/leads` (sort score desc, 50 a page): the page, then the total
 * (the store skips the total when page 1 holds every match: `pageOnly` tells the caller to do so).
 */
export const listStatements = (dialect, campaignId, { filter, after, searchMatch }) => {
  const page = binder(dialect)
  const order = "score DESC, id ASC"
  let pageSql
  if (after === undefined) {
    const where = conditions(dialect, page.bind, campaignId, filter, searchMatch)
    pageSql = `SELECT ${LEAD_COLUMNS} FROM leads WHERE ${where.join(" AND ")} ORDER BY ${order} LIMIT ${page.bind(51)} OFFSET ${page.bind(0)}`
  } else {
    // SqlLeadStore's afterInScoreOrder: the rest of the cursor's score, then the lower scores.
    const tie = [...conditions(dialect, page.bind, campaignId, filter, searchMatch), `score = ${page.bind(after.value)} AND id > ${page.bind(after.id)}`]
    const tieLimit = page.bind(51)
    const beyond = [...conditions(dialect, page.bind, campaignId, filter, searchMatch), `score < ${page.bind(after.value)}`]
    pageSql = `SELECT * FROM (SELECT ${LEAD_COLUMNS} FROM leads WHERE ${tie.join(" AND ")} ORDER BY ${order} LIMIT ${tieLimit}) AS tie
      UNION ALL
      SELECT * FROM (SELECT ${LEAD_COLUMNS} FROM leads WHERE ${beyond.join(" AND ")} ORDER BY ${order} LIMIT ${page.bind(51)}) AS beyond
      ORDER BY ${order} LIMIT ${page.bind(51)}`
  }
  const total = binder(dialect)
  let totalSql
  if (isCountable(filter)) {
    const counted = [`campaign_id = ${total.bind(campaignId)}`]
    if (filter.tier !== undefined) counted.push(`tier IN (${filter.tier.map(total.bind).join(", ")})`)
    if (filter.min_score !== undefined) counted.push(`score_floor >= ${total.bind(Math.ceil(filter.min_score))}`)
    if (filter.has_email === true) counted.push("has_email = TRUE")
    totalSql = `SELECT SUM(leads) AS count FROM lead_counts WHERE ${counted.join(" AND ")}`
  } else {
    const capped = conditions(dialect, total.bind, campaignId, filter, searchMatch)
    totalSql = `SELECT COUNT(*) AS count FROM (SELECT 1 FROM leads WHERE ${capped.join(" AND ")} LIMIT ${total.bind(TOTAL_CAP)}) capped`
  }
  return [{ text: pageSql, params: page.params }, { text: totalSql, params: total.params }]
}

/**
 * On PostgreSQL, where the total comes from lead_counts (the store's readMatchingWithTotal), the page
 * and its total in one statement: the total is the last column, `count`, of every row. Undefined
 * where the store reads them apart (SQLite, a search).
 */
export const pageWithTotalStatement = (dialect, campaignId, { filter, after }) => {
  if (dialect !== "pg" || !isCountable(filter)) return undefined
  const [page, total] = listStatements(dialect, campaignId, { filter, after })
  const totalText = total.text.replace(/\$(\d+)/g, (_, n) => `$${Number(n) + page.params.length}`)
  return {
    text: `SELECT page.*, (${totalText}) AS count FROM (${page.text}) AS page ORDER BY score DESC, id ASC`,
    params: [...page.params, ...total.params]
  }
}

/** The statements of `GET /api/leads/stats`. */
export const campaignStatsStatements = (dialect, campaignId) => {
  const a = binder(dialect)
  const b = binder(dialect)
  return [
    {
      text: `SELECT SUM(leads) AS total_leads,
             SUM(CASE WHEN has_email = TRUE THEN leads ELSE 0 END) AS with_email,
             SUM(CASE WHEN has_email = TRUE AND email_verified = TRUE THEN leads ELSE 0 END) AS verified_emails,
             SUM(CASE WHEN tier = 'HOT' THEN leads ELSE 0 END) AS hot_leads,
             SUM(CASE WHEN tier = 'WARM' THEN leads ELSE 0 END) AS warm_leads,
             SUM(CASE WHEN tier = 'COOL' THEN leads ELSE 0 END) AS cool_leads,
             SUM(CASE WHEN tier = 'COLD' THEN leads ELSE 0 END) AS cold_leads,
             SUM(score_sum) AS score_sum
      FROM lead_counts WHERE campaign_id = ${a.bind(campaignId)}`,
      params: a.params
    },
    {
      text: `SELECT fund, leads AS count FROM lead_fund_counts WHERE campaign_id = ${b.bind(campaignId)} AND leads > 0
      ORDER BY leads DESC, fund ASC LIMIT ${b.bind(10)}`,
      params: b.params
    }
  ]
}

/** The statements of `GET /api/stats` (the lead counts; the campaign list and balance are small). */
export const userStatsStatements = (dialect, userId) => {
  const a = binder(dialect)
  return [
    {
      text: `SELECT SUM(lead_counts.leads) AS total_leads,
             SUM(CASE WHEN lead_counts.has_email = TRUE THEN lead_counts.leads ELSE 0 END) AS total_emails,
             SUM(CASE WHEN lead_counts.tier = 'HOT' THEN lead_counts.leads ELSE 0 END) AS hot_leads,
             SUM(CASE WHEN lead_counts.tier = 'WARM' THEN lead_counts.leads ELSE 0 END) AS warm_leads
      FROM lead_counts JOIN campaigns ON campaigns.id = lead_counts.campaign_id
      WHERE campaigns.user_id = ${a.bind(userId)}`,
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
