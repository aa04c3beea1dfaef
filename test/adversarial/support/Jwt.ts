/** Hand-made JWTs, for tokens a correct server must refuse: unsigned, badly signed, expired, without a subject. */
import { createHmac } from "node:crypto"

const base64url = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url")

/** A compact JWT: `header.payload.signature`, signed with HMAC-SHA256 under `secret` unless `signature` is given. */
export const makeJwt = (
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  secret: string,
  signature?: string
): string => {
  const signingInput = `${base64url(header)}.${base64url(payload)}`
  return `${signingInput}.${signature ?? createHmac("sha256", secret).update(signingInput).digest("base64url")}`
}

export const nowSeconds = () => Math.floor(Date.now() / 1000)
