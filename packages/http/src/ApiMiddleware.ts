/**
 * What wraps every request of the API: CORS for the dashboard origins, the JSON body limit, and the
 * conversion of every failure into its JSON answer (ErrorAnswers).
 */
import { HttpApiBuilder, type HttpApp, HttpIncomingMessage, HttpMiddleware, HttpServerRequest } from "@effect/platform"
import { Effect, Option } from "effect"
import { answerFailures } from "./ErrorAnswers.js"
import { PayloadTooLarge } from "./HttpErrors.js"

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

const limitJsonBodies = (maxJsonBytes: number) => <E, R>(app: HttpApp.Default<E, R>): HttpApp.Default<E | PayloadTooLarge, R> =>
  Effect.flatMap(HttpServerRequest.HttpServerRequest, (request): HttpApp.Default<E | PayloadTooLarge, R> => {
    if (isUpload(request)) return app
    const length = request.headers["content-length"]
    if (length !== undefined && /^\d+$/.test(length) && Number(length) > maxJsonBytes) {
      return Effect.fail(PayloadTooLarge.of(maxJsonBytes))
    }
    return HttpIncomingMessage.withMaxBodySize(app, Option.some(maxJsonBytes))
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
  const limit = limitJsonBodies(settings.maxJsonBytes)
  return HttpApiBuilder.middleware((app) => cors(answer(limit(app))))
}
