/** Port: where accounts live. Implementations: store-sqlite, store-pg. */
import { Context, type Effect, type Option } from "effect"
import type { EmailTaken } from "../Errors.js"
import type { UserId, UserRecord } from "../User.js"

export interface NewUserRecord {
  readonly id: UserId
  readonly email: string
  readonly password_hash: string
  readonly name: string
  readonly company: string | null
  readonly credits: number
  readonly created_at: Date
}

export interface UserStore {
  /**
   * Inserts a user with `credits` as both remaining and monthly credits and writes the matching
   * `signup` ledger row, in one transaction. A second account with the same (lower-cased) email
   * fails with EmailTaken, also when two inserts race.
   */
  readonly insert: (user: NewUserRecord) => Effect.Effect<UserRecord, EmailTaken>
  readonly findById: (id: UserId) => Effect.Effect<Option.Option<UserRecord>>
  /** `email` is already lower-cased. */
  readonly findByEmail: (email: string) => Effect.Effect<Option.Option<UserRecord>>
  readonly touchLastLogin: (id: UserId, at: Date) => Effect.Effect<void>
  /** Turns an account on or off (operators; tests of AccountDisabled). */
  readonly setActive: (id: UserId, active: boolean) => Effect.Effect<void>
}

export const UserStore = Context.GenericTag<UserStore>("@leadfactory/core/UserStore")
