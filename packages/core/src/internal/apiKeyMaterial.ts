/** Raw API keys (`lf_` + 32 random bytes in base64url) and the SHA-256 hash under which they are stored. */
import { createHash, randomBytes } from "node:crypto"

export const API_KEY_PREFIX = "lf_"

/** 32 bytes in unpadded base64url are exactly 43 url-safe characters. */
const API_KEY_PATTERN = /^lf_[A-Za-z0-9_-]{43}$/

/** How many leading characters of a key are kept in clear, so the owner can tell keys apart. */
const VISIBLE_START_LENGTH = 7

export const generateApiKey = (): string => `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`

export const isApiKeyShaped = (credential: string): boolean => API_KEY_PATTERN.test(credential)

export const hashApiKey = (key: string): string => createHash("sha256").update(key, "utf8").digest("hex")

export const apiKeyStart = (key: string): string => key.slice(0, VISIBLE_START_LENGTH)
