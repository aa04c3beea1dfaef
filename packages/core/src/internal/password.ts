/** bcrypt hashing of account passwords, within the 72 bytes bcrypt can read. */
import bcrypt from "bcrypt"
import { Effect } from "effect"

/** bcrypt ignores every byte past the 72nd, so longer passwords are refused, never cut. */
export const MAX_PASSWORD_BYTES = 72

export const passwordBytes = (password: string): number => Buffer.byteLength(password, "utf8")

/** bcrypt runs on libuv's thread pool, so hashing does not block the event loop. */
export const hashPassword = (password: string, cost: number): Effect.Effect<string> =>
  Effect.promise(() => bcrypt.hash(password, cost))

export const verifyPassword = (password: string, hash: string): Effect.Effect<boolean> =>
  Effect.promise(() => bcrypt.compare(password, hash))
