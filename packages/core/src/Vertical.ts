/** A vertical: the kind of investor a campaign crawls for, with the crawler's seed queries. */
import { Schema } from "effect"
import { VerticalSlug } from "./Campaign.js"

export class Vertical extends Schema.Class<Vertical>("Vertical")({
  slug: VerticalSlug,
  name: Schema.String,
  description: Schema.String,
  seed_count: Schema.Number,
  search_queries: Schema.Array(Schema.String)
}) {}
