/** Settings of the core services: the JWT secret, token lifetime and bcrypt cost. */
import { Context, type Redacted } from "effect"

export interface LeadFactoryConfig {
  /** HS256 secret for access tokens (LEADFACTORY_SECRET_KEY). */
  readonly secretKey: Redacted.Redacted<string>
  /** Access-token lifetime; 24 h as in the original. */
  readonly tokenTtlSeconds: number
  /** bcrypt cost factor; 12 by default, lower only in tests. */
  readonly bcryptCost: number
}

export const LeadFactoryConfig = Context.GenericTag<LeadFactoryConfig>("@leadfactory/core/LeadFactoryConfig")
