/**
 * What wraps every request of the API: CORS for the dashboard origins, the JSON body limit, the
 * input no field may hold (InputGuard), and the conversion of every failure into its JSON answer
 * (ErrorAnswers).
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as HttpMiddleware from "@effect/platform/HttpMiddleware"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import type { InvalidInput } from "@leadfactory/core"
import { Effect, Option } from "effect"
import type { IncomingMessage } from "node:http"
import { answerFailures } from "./ErrorAnswers.js"
import { PayloadTooLarge } from "./HttpErrors.js"
import { bodyProblem, queryProblem } from "./InputGuard.js"

export interface ApiMiddlewareSettings {
  /** Origins allowed to call the API from a browser. */
  readonly corsOrigins: ReadonlyArray<string>
  readonly maxJsonBytes: number
}

/** The dashboard origins of the original: localhost and 127.0.0.1 on ports 3000 and 5173. */
export const DEFAULT_CORS_ORIGINS: ReadonlyArray<string> = [
  "http://localhost:3000",
  "http://127.0.0.1:3000",
  "http://localhost:5173",
  "http://127.0.0.1:5173"
]

/** The upload streams its body under its own, larger limit (see CsvUpload). */
const isUpload = (request: HttpServerRequest.HttpServerRequest) =>
  request.method === "POST" && /^[^?]*\/import\/?(\?|$)/.test(request.url)

/**
 * The body of a request of unknown length, read up to `maxBytes`; None past that, the rest being
 * read and dropped so that the 413 reaches the client (the platform's own limit cuts the connection).
 */
const readAtMost = (source: IncomingMessage, maxBytes: number) =>
  Effect.async<Option.Option<Buffer>>((resume) => {
    const chunks: Array<Buffer> = []
    let total = 0
    const onData = (chunk: Buffer) => {
      total += chunk.length
      if (total <= maxBytes) return void chunks.push(chunk)
      source.off("data", onData)
      source.resume()
      resume(Effect.succeed(Option.none()))
    }
    source.on("data", onData)
    source.once("end", () => resume(Effect.succeed(Option.some(Buffer.concat(chunks)))))
    source.once("error", () => resume(Effect.succeed(Option.some(Buffer.concat(chunks)))))
  })

/** The same request with its body already read, for handlers that decode it. */
const withBufferedBody = (request: HttpServerRequest.HttpServerRequest, body: Buffer) => {
  const headers = Object.entries(request.headers).filter(([name]) => name !== "transfer-encoding" && name !== "content-length")
  const buffered = HttpServerRequest.fromWeb(
    new Request(`http://localhost${request.url}`, { method: request.method, headers, body })
  )
  return Option.match(request.remoteAddress, {
    onNone: () => buffered,
    onSome: (remoteAddress) => buffered.modify({ remoteAddress })
  })
}

type Guarded<E, R> = HttpApp.Default<E | PayloadTooLarge | InvalidInput, R>

/**
 * The query string and the JSON body limit of every request; the body of a request that changes
 * something is read here (under the limit, so an oversized chunked one gets its 413 too) and
 * checked by InputGuard before the endpoint's schema decodes it.
 */
const guardInput = (maxJsonBytes: number) => <E, R>(app: HttpApp.Default<E, R>): Guarded<E, R> =>
  Effect.flatMap(HttpServerRequest.HttpServerRequest, (request): Guarded<E, R> => {
    const badQuery = queryProblem(request.url)
    if (badQuery !== undefined) return Effect.fail(badQuery)
    if (isUpload(request)) return app
    const length = request.headers["content-length"]
    const declared = length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined
    if (declared !== undefined && declared > maxJsonBytes) return Effect.fail(PayloadTooLarge.of(maxJsonBytes))
    const hasBody = (declared ?? 0) > 0 || (declared === undefined && request.headers["transfer-encoding"] !== undefined)
    // GET and HEAD bodies are never read by a handler.
    if (!hasBody || request.method === "GET" || request.method === "HEAD") {
      return declared === undefined ? app : HttpIncomingMessage.withMaxBodySize(app, Option.some(maxJsonBytes))
    }
    return Effect.flatMap(
      readAtMost(NodeHttpServerRequest.toIncomingMessage(request), maxJsonBytes),
      (body): Guarded<E, R> => {
        if (Option.isNone(body)) return Effect.fail(PayloadTooLarge.of(maxJsonBytes))
        const badBody = bodyProblem(request.headers["content-type"] ?? "", body.value)
        return badBody !== undefined
          ? Effect.fail(badBody)
          : Effect.provideService(app, HttpServerRequest.HttpServerRequest, withBufferedBody(request, body.value))
      }
    )
  })

export const layerApiMiddleware = (settings: ApiMiddlewareSettings) => {
  const origins = new Set(settings.corsOrigins)
  const cors = HttpMiddleware.cors({
    allowedOrigins: (origin) => origins.has(origin),
    allowedHeaders: ["authorization", "content-type", "x-api-key"],
    exposedHeaders: ["content-disposition", "retry-after", "www-authenticate"],
    maxAge: 600
  })
  const answer = answerFailures(settings.maxJsonBytes)
  const guard = guardInput(settings.maxJsonBytes)
  return HttpApiBuilder.middleware((app) => cors(answer(guard(app))))
}
