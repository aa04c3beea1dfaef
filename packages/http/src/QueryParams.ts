/**
 * Schemas of query-string parameters: text on the wire, typed values in handlers, and a short
 * human message when a value is not accepted (unknown values are a 400, never ignored).
 */
import { ParseResult, Schema } from "effect"

const fromText = <A>(
  description: string,
  jsonSchema: object,
  parse: (text: string) => A | undefined,
  message: string,
  format: (value: A) => string = String
) =>
  Schema.transformOrFail(Schema.String.annotations({ description, jsonSchema: { ...jsonSchema, description } }), Schema.Any as Schema.Schema<A>, {
    strict: true,
    decode: (text, _, ast) => {
      const value = parse(text.trim())
      return value === undefined ? ParseResult.fail(new ParseResult.Type(ast, text, message)) : ParseResult.succeed(value)
    },
    encode: (value) => ParseResult.succeed(format(value))
  })

/** A whole number from `min` to `max`. */
export const IntParam = (min: number, max: number) =>
  fromText<number>(
    `A whole number from ${min} to ${max}.`,
    { type: "integer", minimum: min, maximum: max },
    (text) => (/^-?\d+$/.test(text) && Number(text) >= min && Number(text) <= max ? Number(text) : undefined),
    `must be a whole number from ${min} to ${max}`
  )

/** A number from `min` to `max`. */
export const NumberParam = (min: number, max: number) =>
  fromText<number>(
    `A number from ${min} to ${max}.`,
    { type: "number", minimum: min, maximum: max },
    (text) => {
      const value = text === "" ? NaN : Number(text)
      return Number.isFinite(value) && value >= min && value <= max ? value : undefined
    },
    `must be a number from ${min} to ${max}`
  )

const booleans: Record<string, boolean> = { true: true, false: false, "1": true, "0": false, yes: true, no: false }

/** true/false (also 1/0, yes/no). */
export const BooleanParam = fromText<boolean>(
  "true or false.",
  { type: "boolean" },
  (text) => booleans[text.toLowerCase()],
  "must be true or false"
)

/** One of `values`, case-insensitive on the wire, canonical in handlers. */
export const OneOfParam = <const Values extends ReadonlyArray<string>>(values: Values) =>
  fromText<Values[number]>(
    `One of ${values.join(", ")}.`,
    { type: "string", enum: values },
    (text) => values.find((value) => value.toLowerCase() === text.toLowerCase()),
    `must be one of ${values.join(", ")}`
  )

/** A comma-separated list of `values` (`HOT,WARM`), each case-insensitive. */
export const ListOfParam = <const Values extends ReadonlyArray<string>>(values: Values) =>
  fromText<ReadonlyArray<Values[number]>>(
    `One or more of ${values.join(", ")}, separated by commas.`,
    { type: "string" },
    (text) => {
      const parts = text.split(",").map((part) => part.trim()).filter((part) => part !== "")
      const found = parts.map((part) => values.find((value) => value.toLowerCase() === part.toLowerCase()))
      return parts.length > 0 && found.every((value) => value !== undefined)
        ? [...new Set(found as Array<Values[number]>)]
        : undefined
    },
    `must be one or more of ${values.join(", ")}, separated by commas`,
    (list) => list.join(",")
  )

/** Free text, trimmed; at most 200 characters. */
export const TextParam = Schema.Trim.pipe(Schema.maxLength(200, { message: () => "must be at most 200 characters" }))

/**
 * Decoding reports every invalid field of a request, not only the first, and a field the schema does
 * not name is one of them: a misspelt filter or an `is_admin` in a body is a 400, never ignored.
 */
export const reportingAllIssues = <S extends Schema.Schema.Any>(schema: S): S =>
  schema.annotations({ parseOptions: { errors: "all", onExcessProperty: "error" } }) as S

/** Optional with a default, for paging parameters. */
export const withDefault = <A>(schema: Schema.Schema<A, string>, value: A) =>
  Schema.optionalWith(schema, { default: () => value })
