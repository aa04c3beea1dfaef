/**
 * Keeps webhooks from reaching the server's own network: a user-supplied URL whose host resolves to
 * a loopback, private, link-local or otherwise non-public address is refused (server-side request
 * forgery). The check runs before every request, on every address the name resolves to; a DNS
 * answer that changes between the check and the connection is not covered.
 */
import { ProviderError } from "@leadfactory/core"
import { Effect } from "effect"
import { lookup } from "node:dns/promises"
import { BlockList, isIP } from "node:net"

const nonPublic = new BlockList()
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4]
] as const) nonPublic.addSubnet(network, prefix, "ipv4")
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8]
] as const) nonPublic.addSubnet(network, prefix, "ipv6")

const isNonPublic = (address: string): boolean => {
  const family = isIP(address) === 6 ? "ipv6" : "ipv4"
  // IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged by its IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  return mapped?.[1] !== undefined ? nonPublic.check(mapped[1], "ipv4") : nonPublic.check(address, family)
}

const refused = (message: string) => new ProviderError({ provider: "webhook", status: 0, message })

/** Fails with ProviderError unless every address of the URL's host is public. */
export const ensurePublicDestination = (url: string): Effect.Effect<void, ProviderError> =>
  Effect.gen(function*() {
    const parsed = yield* Effect.try({ try: () => new URL(url), catch: () => refused("The webhook url is not a valid URL.") })
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
      return yield* refused("The webhook url must be http or https.")
    }
    const host = parsed.hostname.replace(/^\[|\]$/g, "")
    const addresses = isIP(host) !== 0
      ? [host]
      : yield* Effect.tryPromise({
        try: () => lookup(host, { all: true, verbatim: true }).then((found) => found.map((entry) => entry.address)),
        catch: () => refused(`The webhook host ${host} could not be resolved.`)
      })
    if (addresses.length === 0 || addresses.some(isNonPublic)) {
      return yield* refused(
        `The webhook host ${host} is a private or local address; webhooks must go to a public address (operators can allow private ones with LF_WEBHOOK_ALLOW_PRIVATE=1).`
      )
    }
  })
