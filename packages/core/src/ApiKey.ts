/** API keys: `lf_` + 43 url-safe characters shown once; stored as the SHA-256 of the raw key. */
import { Schema } from "effect"
import { UserId } from "./User.js"

export const ApiKeyId = Schema.UUID.pipe(Schema.brand("ApiKeyId"))
export type ApiKeyId = typeof ApiKeyId.Type

export class ApiKey extends Schema.Class<ApiKey>("ApiKey")({
  id: ApiKeyId,
  name: Schema.String,
  /** The first characters of the raw key (`lf_` + 4), so a user can tell keys apart. */
  start: Schema.String,
  is_active: Schema.Boolean,
  created_at: Schema.Date,
  last_used: Schema.NullOr(Schema.Date)
}) {}

export interface ApiKeyRecord extends ApiKey {
  readonly user_id: UserId
  readonly key_hash: string
}

/** What may be shown of a key: its record without the owner and the hash. */
export const toApiKey = (record: ApiKey | ApiKeyRecord): ApiKey =>
  new ApiKey({
    id: record.id,
    name: record.name,
    start: record.start,
    is_active: record.is_active,
    created_at: record.created_at,
    last_used: record.last_used
  })

/** Answer of key creation: the only time the raw key is shown. */
export class CreatedApiKey extends Schema.Class<CreatedApiKey>("CreatedApiKey")({
  id: ApiKeyId,
  name: Schema.String,
  key: Schema.String,
  created_at: Schema.Date
}) {}
