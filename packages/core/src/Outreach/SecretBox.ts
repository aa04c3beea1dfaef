/**
 * Encryption of provider keys at rest: AES-256-GCM under a key derived with HKDF-SHA256 from
 * LEADFACTORY_SECRET_KEY, so the database alone never reveals a key.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto"
import { Redacted } from "effect"

/** Versioned, so that a later key or cipher can coexist with values written by this one. */
const PREFIX = "v1:"
const IV_BYTES = 12
const TAG_BYTES = 16
// Fixed salt and info: the derived key depends on the secret alone, and on nothing else it serves (JWTs).
const SALT = "leadfactory/outreach"
const INFO = "provider-keys/aes-256-gcm/v1"

export interface SecretBox {
  readonly seal: (plaintext: Redacted.Redacted<string>) => string
  /** Opens a sealed value; throws when it was not sealed under this secret or was altered. */
  readonly open: (sealed: string) => Redacted.Redacted<string>
}

export const makeSecretBox = (secret: Redacted.Redacted<string>): SecretBox => {
  const key = Buffer.from(hkdfSync("sha256", Redacted.value(secret), SALT, INFO, 32))
  return {
    seal: (plaintext) => {
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv("aes-256-gcm", key, iv)
      const body = Buffer.concat([cipher.update(Redacted.value(plaintext), "utf8"), cipher.final()])
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")
    },
    open: (sealed) => {
      if (!sealed.startsWith(PREFIX)) throw new Error("Not a sealed value.")
      const raw = Buffer.from(sealed.slice(PREFIX.length), "base64url")
      const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES))
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
      const plain = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()])
      return Redacted.make(plain.toString("utf8"))
    }
  }
}
