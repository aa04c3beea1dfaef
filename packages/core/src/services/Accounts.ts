/** Service: accounts, sign-in, bearer credentials (JWT or API key) and API keys. */
import { Context, type Effect } from "effect"
import type { ApiKey, ApiKeyId, CreatedApiKey } from "../ApiKey.js"
import type { AccountDisabled, EmailTaken, InvalidCredentials, InvalidInput, NotFound, Unauthorized } from "../Errors.js"
import type { LoginRequest, RegisterRequest, Session } from "../Session.js"
import type { User, UserId } from "../User.js"

export interface Accounts {
  /**
   * Creates the account with the starting credits and signs it in. The request is validated again
   * (InvalidInput), since plain objects reach it from the facade: a password over 72 bytes is refused.
   */
  readonly register: (request: RegisterRequest) => Effect.Effect<Session, EmailTaken | InvalidInput>
  /** Same InvalidCredentials, in about the same time, for an unknown email and a wrong password. */
  readonly login: (request: LoginRequest) => Effect.Effect<Session, InvalidCredentials | AccountDisabled>
  /**
   * The active user behind a bearer credential: a JWT from register/login, or an API key `lf_…`
   * (whose last_used is updated). Anything else, a revoked key, or a disabled or deleted user:
   * Unauthorized.
   */
  readonly authenticate: (credential: string) => Effect.Effect<User, Unauthorized>
  readonly me: (userId: UserId) => Effect.Effect<User, NotFound>
  readonly createApiKey: (userId: UserId, name: string | undefined) => Effect.Effect<CreatedApiKey>
  readonly listApiKeys: (userId: UserId) => Effect.Effect<ReadonlyArray<ApiKey>>
  /** The key stops working at once. NotFound for a key of another user. */
  readonly revokeApiKey: (userId: UserId, id: ApiKeyId) => Effect.Effect<void, NotFound>
}

export const Accounts = Context.GenericTag<Accounts>("@leadfactory/core/Accounts")
