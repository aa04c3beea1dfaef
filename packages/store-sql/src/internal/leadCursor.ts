/**
 * The opaque keyset cursor of lead listings: base64url of JSON naming the sort it belongs to, the
 * last row's sort value (as stored: a number, a string or null) and the last row's id.
 */
import { InvalidInput, LeadId, LeadSortBy, SortDir, type Lead, type LeadPageRequest } from "@leadfactory/core"
import { Either, Schema } from "effect"

/** Where the previous page ended. `value` is null only for the nullable sorts (fund, scraped_at). */
export interface LeadCursor {
  readonly value: number | string | null
  readonly id: LeadId
}

const CursorJson = Schema.parseJson(
  Schema.Struct({
    sort_by: LeadSortBy,
    sort_dir: SortDir,
    value: Schema.Union(Schema.Number, Schema.String, Schema.Null),
    id: LeadId
  })
)

/** The stored value of the sort column, as the cursor carries it (times as ISO-8601 text). */
export const sortValueOf = (lead: Lead, sortBy: LeadSortBy): number | string | null => {
  switch (sortBy) {
    case "score":
      return lead.score
    case "name":
      return lead.name
    case "fund":
      return lead.fund
    case "scraped_at":
      return lead.scraped_at === null ? null : lead.scraped_at.toISOString()
  }
}

/**
 * The cursor after `lead`. Plain JSON.stringify: every field comes typed from the Lead and the page
 * request, so CursorJson's encode only checked them again (1.4 % of a page's CPU under load);
 * decodeLeadCursor reads it back through CursorJson.
 */
export const encodeLeadCursor = (lead: Lead, page: Pick<LeadPageRequest, "sort_by" | "sort_dir">): string => {
  const cursor: typeof CursorJson.Type = {
    sort_by: page.sort_by,
    sort_dir: page.sort_dir,
    value: sortValueOf(lead, page.sort_by),
    id: lead.id
  }
  return Buffer.from(JSON.stringify(cursor)).toString("base64url")
}

const invalid = (message: string) => InvalidInput.field("cursor", message)

/** A value of the right type for the sort; times are brought to the stored ISO-8601 form. */
const checkValue = (sortBy: LeadSortBy, value: number | string | null): Either.Either<number | string | null, InvalidInput> => {
  switch (sortBy) {
    case "score":
      return typeof value === "number" ? Either.right(value) : Either.left(invalid("The cursor is not valid."))
    case "name":
      return typeof value === "string" ? Either.right(value) : Either.left(invalid("The cursor is not valid."))
    case "fund":
      return typeof value === "number" ? Either.left(invalid("The cursor is not valid.")) : Either.right(value)
    case "scraped_at": {
      if (value === null) return Either.right(null)
      const time = typeof value === "string" ? new Date(value) : undefined
      return time !== undefined && !Number.isNaN(time.getTime())
        ? Either.right(time.toISOString())
        : Either.left(invalid("The cursor is not valid."))
    }
  }
}

/** Decodes a cursor for this page request; a foreign, altered or stale-sort cursor is InvalidInput. */
export const decodeLeadCursor = (cursor: string, page: LeadPageRequest): Either.Either<LeadCursor, InvalidInput> => {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return Either.left(invalid("The cursor is not valid."))
  return Schema.decodeUnknownEither(CursorJson)(Buffer.from(cursor, "base64url").toString("utf8")).pipe(
    Either.mapLeft(() => invalid("The cursor is not valid.")),
    Either.filterOrLeft(
      (decoded) => decoded.sort_by === page.sort_by && decoded.sort_dir === page.sort_dir,
      () => invalid("The cursor belongs to another sort order; start again without it.")
    ),
    Either.flatMap((decoded) => Either.map(checkValue(decoded.sort_by, decoded.value), (value) => ({ value, id: decoded.id })))
  )
}
