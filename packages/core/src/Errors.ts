/**
 * The typed errors of LeadFactory's domain. Each carries a human `message`; the HTTP layer maps
 * each tag to one status (see packages/http), so the domain never imports the platform.
 */
import { Schema } from "effect"

/** One field-level problem of an invalid input. */
export class FieldIssue extends Schema.Class<FieldIssue>("FieldIssue")({
  field: Schema.String,
  message: Schema.String
}) {}

export class EmailTaken extends Schema.TaggedError<EmailTaken>()("EmailTaken", {
  message: Schema.String
}) {
  static of(email: string) {
    return new EmailTaken({ message: `An account with the email ${email} already exists.` })
  }
}

export class InvalidCredentials extends Schema.TaggedError<InvalidCredentials>()("InvalidCredentials", {
  message: Schema.String
}) {
  static readonly default = () => new InvalidCredentials({ message: "The email or password is not correct." })
}

export class AccountDisabled extends Schema.TaggedError<AccountDisabled>()("AccountDisabled", {
  message: Schema.String
}) {
  static readonly default = () => new AccountDisabled({ message: "This account is disabled." })
}

export class Unauthorized extends Schema.TaggedError<Unauthorized>()("Unauthorized", {
  message: Schema.String
}) {
  static readonly default = () => new Unauthorized({ message: "Missing or invalid credentials." })
}

/** A row that does not exist, or that belongs to someone else: callers cannot tell the two apart. */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", {
  resource: Schema.String,
  message: Schema.String
}) {
  static of(resource: string) {
    return new NotFound({ resource, message: `${resource} not found.` })
  }
}

export class CampaignRunning extends Schema.TaggedError<CampaignRunning>()("CampaignRunning", {
  message: Schema.String
}) {
  static readonly default = () =>
    new CampaignRunning({ message: "The campaign is queued or running; wait for it to end or cancel it." })
}

export class InsufficientCredits extends Schema.TaggedError<InsufficientCredits>()("InsufficientCredits", {
  message: Schema.String,
  credits_remaining: Schema.Number
}) {
  static of(balance: number, needed = 1) {
    return new InsufficientCredits({
      message: `Not enough credits: ${balance} remaining, ${needed} needed.`,
      credits_remaining: balance
    })
  }
}

export class UnknownVertical extends Schema.TaggedError<UnknownVertical>()("UnknownVertical", {
  message: Schema.String
}) {
  static of(slug: string) {
    return new UnknownVertical({
      message: `Unknown vertical "${slug}"; expected one of vc, pe, family_office, corp_dev.`
    })
  }
}

export class InvalidInput extends Schema.TaggedError<InvalidInput>()("InvalidInput", {
  message: Schema.String,
  errors: Schema.Array(FieldIssue)
}) {
  static field(field: string, message: string) {
    return new InvalidInput({ message, errors: [new FieldIssue({ field, message })] })
  }
}

/** A CSV file that cannot be imported at all (no Name column, not CSV); nothing was written. */
export class InvalidCsv extends Schema.TaggedError<InvalidCsv>()("InvalidCsv", {
  message: Schema.String
}) {}

/** The database could not be reached or failed; the cause is logged, never shown to callers. */
export class StoreUnavailable extends Schema.TaggedError<StoreUnavailable>()("StoreUnavailable", {
  message: Schema.String,
  cause: Schema.optional(Schema.Defect)
}) {}
