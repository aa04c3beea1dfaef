/**
 * Refuses, before any schema sees it, request input that no field may hold: query strings and form
 * or JSON bodies that are not valid UTF-8, text with a NUL character (PostgreSQL cannot store one)
 * or a lone surrogate, and JSON nested deeper than any request needs (deep values overflow the stack
 * of every recursive reader after the parser: decoders, error messages, JSON.stringify).
 */
import { FieldIssue, InvalidInput } from "@leadfactory/core"
import { isUtf8 } from "node:buffer"

/** Deeper than any body of the API (a campaign's config included) needs, far below a stack overflow. */
export const MAX_JSON_DEPTH = 32

/** Field names are echoed in the answer: a hostile name is cut to this many characters. */
const MAX_FIELD_LABEL = 100

/** A UTF-16 surrogate without its pair: no character at all, and not storable as UTF-8. */
const LONE_SURROGATE = /\p{Cs}/u

const textProblem = (text: string): string | undefined =>
  text.includes("\u0000")
    ? "must not contain a NUL character"
    : LONE_SURROGATE.test(text)
    ? "must be valid Unicode text (it holds a lone surrogate)"
    : undefined

const label = (field: string) => (field.length > MAX_FIELD_LABEL ? `${field.slice(0, MAX_FIELD_LABEL)}…` : field)

const refuse = (field: string, message: string) => {
  const issue = new FieldIssue({ field: label(field), message })
  return new InvalidInput({ message: `Invalid request: ${issue.field} ${message}.`, errors: [issue] })
}

const joinPath = (path: string, key: string) => (path === "" ? key : `${path}.${key}`)

/** The first thing wrong in a parsed JSON value (walked without recursion, so depth cannot hurt it). */
export const jsonValueProblem = (value: unknown): InvalidInput | undefined => {
  const pending: Array<{ readonly value: unknown; readonly path: string; readonly depth: number }> = [{ value, path: "", depth: 0 }]
  while (pending.length > 0) {
    const { depth, path, value: current } = pending.pop()!
    if (typeof current === "string") {
      const problem = textProblem(current)
      if (problem !== undefined) return refuse(path || "body", problem)
      continue
    }
    if (current === null || typeof current !== "object") continue
    if (depth >= MAX_JSON_DEPTH) return refuse(path || "body", `is nested more than ${MAX_JSON_DEPTH} levels deep`)
    for (const [key, item] of Object.entries(current)) {
      const problem = textProblem(key)
      if (problem !== undefined) return refuse(joinPath(path, key), `has a name that ${problem}`)
      pending.push({ value: item, path: joinPath(path, key), depth: depth + 1 })
    }
  }
  return undefined
}

/**
 * The first thing wrong in `name=value` pairs as a query string or a form body encodes them:
 * percent-escapes that do not decode to UTF-8 (URLSearchParams would turn them into U+FFFD
 * silently), NUL characters, lone surrogates.
 */
export const encodedPairsProblem = (encoded: string): InvalidInput | undefined => {
  for (const pair of encoded.split("&")) {
    if (pair === "") continue
    const equals = pair.indexOf("=")
    const rawName = equals === -1 ? pair : pair.slice(0, equals)
    const decode = (raw: string) => {
      try {
        return decodeURIComponent(raw.replaceAll("+", " "))
      } catch {
        return undefined
      }
    }
    const name = decode(rawName)
    if (name === undefined) return refuse(rawName, "is not valid percent-encoded UTF-8")
    const nameProblem = textProblem(name)
    if (nameProblem !== undefined) return refuse(name, `has a name that ${nameProblem}`)
    const value = decode(equals === -1 ? "" : pair.slice(equals + 1))
    if (value === undefined) return refuse(name, "is not valid percent-encoded UTF-8")
    const valueProblem = textProblem(value)
    if (valueProblem !== undefined) return refuse(name, valueProblem)
  }
  return undefined
}

/** The first thing wrong in the query string of a request URL. */
export const queryProblem = (url: string): InvalidInput | undefined => {
  const start = url.indexOf("?")
  return start === -1 ? undefined : encodedPairsProblem(url.slice(start + 1).split("#")[0]!)
}

/**
 * The first thing wrong in the body of a request other than the CSV upload. A form with files is
 * refused (the platform would accept one for any payload, and spool its files to disk); a body that
 * is not valid JSON is left to the JSON decoder, which answers it.
 */
export const bodyProblem = (contentType: string, body: Buffer): InvalidInput | undefined => {
  const type = contentType.toLowerCase()
  if (type.startsWith("multipart/")) return refuse("body", "must be JSON (only the CSV upload takes a multipart form)")
  if (!isUtf8(body)) return refuse("body", "is not valid UTF-8")
  if (type.includes("x-www-form-urlencoded")) return encodedPairsProblem(body.toString("utf8"))
  if (!type.includes("json")) return undefined
  let value: unknown
  try {
    value = JSON.parse(body.toString("utf8"))
  } catch {
    return undefined
  }
  return jsonValueProblem(value)
}
