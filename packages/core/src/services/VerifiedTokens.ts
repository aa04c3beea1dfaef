/**
 * Access tokens whose signature has been checked, so that a client sending the same token with
 * every request pays for the HMAC check once: through jose and WebCrypto it took 0.2–0.4 ms and a
 * trip to libuv's thread pool, where looking a token up here takes a few microseconds.
 *
 * Only what the token itself proves is remembered (its signature, its subject and its times), and
 * it answers only well inside the token's validity: from a second after `nbf` (or `iat`) to a second
 * before `exp`, as seen by the caller's clock; nearer either edge the token is verified again. The
 * account is still read on every request, so a disabled user is refused at once.
 */
import { createHash } from "node:crypto"
import { Option } from "effect"
import type { UserId } from "../User.js"

/** Tokens remembered at most; past it the oldest is forgotten (a few hundred kilobytes). */
const CAPACITY = 1_000

/** The margin, in seconds, kept from the edges of a token's validity. */
const EDGE_SECONDS = 1

interface Entry {
  readonly userId: UserId
  readonly validFromSeconds: number
  readonly validUntilSeconds: number
}

const parsePayload = (token: string): unknown => {
  try {
    return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"))
  } catch {
    return undefined
  }
}

/** The times of a token that has just verified: from its `iat` or `nbf`, whichever is later, to its `exp`. */
const timeClaims = (token: string): { readonly from: number; readonly until: number } | undefined => {
  const payload = parsePayload(token)
  if (typeof payload !== "object" || payload === null) return undefined
  const { exp, iat, nbf } = payload as { readonly exp?: unknown; readonly iat?: unknown; readonly nbf?: unknown }
  if (typeof exp !== "number") return undefined
  const starts = [iat, nbf].filter((claim): claim is number => typeof claim === "number")
  return { from: Math.max(0, ...starts), until: exp }
}

export interface VerifiedTokens {
  /** The user of a token verified before, if `now` is well inside its validity. */
  readonly lookup: (token: string, now: Date) => Option.Option<UserId>
  /** Remembers a token that has just been verified, with the user it names. */
  readonly remember: (token: string, userId: UserId) => void
}

export const makeVerifiedTokens = (): VerifiedTokens => {
  // Keyed by a digest, so that no comparison of the tokens themselves depends on their content.
  const entries = new Map<string, Entry>()
  const keyOf = (token: string) => createHash("sha256").update(token).digest("base64")
  return {
    lookup: (token, now) => {
      const entry = entries.get(keyOf(token))
      if (entry === undefined) return Option.none()
      const seconds = now.getTime() / 1000
      return seconds >= entry.validFromSeconds + EDGE_SECONDS && seconds < entry.validUntilSeconds - EDGE_SECONDS
        ? Option.some(entry.userId)
        : Option.none()
    },
    remember: (token, userId) => {
      const claims = timeClaims(token)
      if (claims === undefined) return
      if (entries.size >= CAPACITY) entries.delete(entries.keys().next().value!)
      entries.set(keyOf(token), { userId, validFromSeconds: claims.from, validUntilSeconds: claims.until })
    }
  }
}
