/** Validation of caller input against a schema, with every problem reported as an InvalidInput field issue. */
import { Effect, ParseResult, Schema } from "effect"
import { FieldIssue, InvalidInput } from "../Errors.js"

export const invalidInputFromParseError = (error: ParseResult.ParseError): InvalidInput => {
  const errors = ParseResult.ArrayFormatter.formatErrorSync(error).map(
    (issue) => new FieldIssue({ field: issue.path.map(String).join("."), message: issue.message })
  )
  const summary = errors.map((issue) => (issue.field === "" ? issue.message : `${issue.field} ${issue.message}`))
  return new InvalidInput({ message: `Invalid input: ${summary.join("; ")}.`, errors })
}

/**
 * Decodes `input` with `schema`. Services decode again what the HTTP layer already decoded, because
 * the Effect API and the Promise facade also take plain objects that no schema has seen.
 */
export const decodeInput = <A, I>(schema: Schema.Schema<A, I>) => {
  const decode = Schema.decodeUnknown(schema, { errors: "all" })
  return (input: unknown): Effect.Effect<A, InvalidInput> =>
    decode(input).pipe(Effect.mapError(invalidInputFromParseError))
}
