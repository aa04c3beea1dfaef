/** What register and login answer: a bearer token and the user it belongs to. */
import { Schema } from "effect"
import { Email, User } from "./User.js"

export class Session extends Schema.Class<Session>("Session")({
  access_token: Schema.String,
  token_type: Schema.Literal("bearer"),
  user: User
}) {}

/** A password of 8 to 72 bytes: bcrypt ignores bytes past 72, so longer ones are refused, not cut. */
export const Password = Schema.String.pipe(
  Schema.filter((s) => {
    const bytes = new TextEncoder().encode(s).length
    return bytes < 8 ? "must be at least 8 characters" : bytes > 72 ? "must be at most 72 bytes" : undefined
  })
).annotations({ identifier: "Password", jsonSchema: { type: "string", minLength: 8, maxLength: 72 } })

export class RegisterRequest extends Schema.Class<RegisterRequest>("RegisterRequest")({
  email: Email,
  password: Password,
  name: Schema.Trim.pipe(Schema.minLength(1, { message: () => "must not be empty" }), Schema.maxLength(200)),
  company: Schema.optionalWith(Schema.NullOr(Schema.String.pipe(Schema.maxLength(200))), { default: () => null })
}) {}

export class LoginRequest extends Schema.Class<LoginRequest>("LoginRequest")({
  email: Schema.Trim.pipe(Schema.compose(Schema.Lowercase), Schema.maxLength(254)),
  password: Schema.String.pipe(Schema.maxLength(1024))
}) {}
