/** A LeadFactory account, its id, email and plan. */
import { Schema } from "effect"

export const UserId = Schema.UUID.pipe(Schema.brand("UserId"))
export type UserId = typeof UserId.Type

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** An account email: trimmed and lower-cased, so that lookups never depend on case. */
export const Email = Schema.Trim.pipe(
  Schema.compose(Schema.Lowercase),
  Schema.pattern(emailPattern, { message: () => "must be a valid email address" }),
  Schema.maxLength(254, { message: () => "must be at most 254 characters" }),
  Schema.brand("Email")
).annotations({ identifier: "Email", jsonSchema: { type: "string", format: "email", maxLength: 254 } })
export type Email = typeof Email.Type

export const Plan = Schema.Literal("starter", "pro", "scale", "enterprise")
export type Plan = typeof Plan.Type

/** What the API shows of a user (never the password hash). */
export class User extends Schema.Class<User>("User")({
  id: UserId,
  email: Schema.String,
  name: Schema.String,
  company: Schema.NullOr(Schema.String),
  plan: Plan,
  credits_remaining: Schema.Number,
  credits_monthly: Schema.Number,
  is_active: Schema.Boolean,
  is_admin: Schema.Boolean,
  created_at: Schema.Date,
  last_login: Schema.NullOr(Schema.Date)
}) {}

/** A user as stored, with the bcrypt hash that only the Accounts service reads. */
export interface UserRecord extends User {
  readonly password_hash: string
}

/** Plan defaults of the original system: 500 credits a month on every new account. */
export const DEFAULT_CREDITS = 500
