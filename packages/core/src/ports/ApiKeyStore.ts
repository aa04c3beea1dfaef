/** Port: API keys, stored only as the SHA-256 hash of the raw key. */
import { Context, type Effect, type Option } from "effect"
import type { ApiKey, ApiKeyId, ApiKeyRecord } from "../ApiKey.js"
import type { NotFound } from "../Errors.js"
import type { UserId } from "../User.js"

export interface ApiKeyStore {
  readonly insert: (key: ApiKeyRecord) => Effect.Effect<void>
  /** The key with this hash, only while it is active. */
  readonly findActiveByHash: (keyHash: string) => Effect.Effect<Option.Option<ApiKeyRecord>>
  /** The user's keys, newest first, active and revoked. */
  readonly listByUser: (userId: UserId) => Effect.Effect<ReadonlyArray<ApiKey>>
  /** Deactivates the key if it belongs to `userId`; NotFound otherwise. */
  readonly deactivate: (id: ApiKeyId, userId: UserId) => Effect.Effect<void, NotFound>
  readonly touchLastUsed: (id: ApiKeyId, at: Date) => Effect.Effect<void>
}

export const ApiKeyStore = Context.GenericTag<ApiKeyStore>("@leadfactory/core/ApiKeyStore")
