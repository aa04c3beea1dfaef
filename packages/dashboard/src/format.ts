/** How numbers, dates and campaign fields read in the dashboard (the browser's locale). */

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 })
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 })

export const formatCount = (n: number): string => integer.format(n)

export const formatScore = (n: number): string => decimal.format(n)

/** The API's rates are percentages (0-100). */
export const formatPercent = (n: number): string => `${decimal.format(n)} %`

export const formatDate = (iso: string | null): string =>
  iso === null ? "—" : new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" })

export const formatDateTime = (iso: string | null): string =>
  iso === null
    ? "—"
    : new Date(iso).toLocaleString(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" })

export const formatBytes = (n: number): string =>
  n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${decimal.format(n / 1024)} KB` : `${decimal.format(n / 1024 / 1024)} MB`
