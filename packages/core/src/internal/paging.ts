/** Page numbers from callers, brought into range instead of reaching the database as they are. */

export interface Paging {
  readonly page: number
  readonly per_page: number
}

/**
 * A 1-based page and a page size from 1 to `maxPerPage`. The HTTP layer rejects out-of-range values
 * with 400 before this; here they are clamped, so a direct caller cannot ask for a million rows.
 */
export const clampPage = (page: number, perPage: number, maxPerPage: number): Paging => ({
  page: Number.isFinite(page) ? Math.max(1, Math.floor(page)) : 1,
  per_page: Number.isFinite(perPage) ? Math.min(maxPerPage, Math.max(1, Math.floor(perPage))) : maxPerPage
})
