import { HttpApiError, HttpServerResponse } from "@effect/platform"
import { EmailTaken } from "@leadfactory/core"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { answerFailures } from "../src/ErrorAnswers.js"
import { RateLimited } from "../src/HttpErrors.js"
import { layerJsonLogger } from "../src/LogLines.js"

const answer = async (app: Effect.Effect<HttpServerResponse.HttpServerResponse, unknown>) => {
  const logs: Array<string> = []
  const logger = layerJsonLogger((line) => void logs.push(line))
  const response = await Effect.runPromise(answerFailures(1024)(app).pipe(Effect.provide(logger)))
  const web = HttpServerResponse.toWeb(response)
  return { status: web.status, headers: web.headers, body: (await web.json()) as { code: string }, logs }
}

describe("answerFailures", () => {
  it("answers a defect with a bare 500 and logs the cause", async () => {
    const result = await answer(Effect.die(new Error("secret internals at db.ts:42")))
    expect(result.status).toBe(500)
    expect(result.body).toEqual({ detail: "Internal error", code: "InternalError" })
    expect(result.logs.join("\n")).toContain("secret internals at db.ts:42")
    expect(JSON.parse(result.logs[0]!)).toMatchObject({ level: "ERROR", message: "Request failed: InternalError" })
  })

  it("answers a lost database with 503", async () => {
    const lost = { _tag: "SqlError", message: "Failed to execute statement", cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) }
    const result = await answer(Effect.die(lost))
    expect(result.status).toBe(503)
    expect(result.body.code).toBe("DatabaseUnavailable")
    const syntax = { _tag: "SqlError", message: "Failed to execute statement", cause: { code: "42601", message: "syntax error" } }
    expect((await answer(Effect.die(syntax))).status).toBe(500)
  })

  it("answers domain errors with their status, and adds Retry-After and WWW-Authenticate", async () => {
    const taken = await answer(Effect.fail(EmailTaken.of("a@b.co")))
    expect(taken.status).toBe(409)
    expect(taken.body).toEqual({ detail: "An account with the email a@b.co already exists.", code: "EmailTaken" })
    expect(taken.logs).toEqual([])
    const limited = await answer(Effect.fail(RateLimited.of(42)))
    expect(limited.status).toBe(429)
    expect(limited.headers.get("retry-after")).toBe("42")
  })

  it("rewrites the platform's decode error as InvalidInput without echoing values", async () => {
    const decode = new HttpApiError.HttpApiDecodeError({
      issues: [{ _tag: "Type", path: ["password"], message: "Expected string, actual 12345678" }],
      message: "(RegisterRequest (Encoded side) <-> RegisterRequest)"
    })
    const result = await answer(Effect.fail(decode))
    expect(result.status).toBe(400)
    expect(result.body).toEqual({
      detail: "Invalid request: password must be text.",
      code: "InvalidInput",
      errors: [{ field: "password", message: "must be text" }]
    })
  })
})
