/** The OpenAPI document: valid 3.1, every endpoint of api.md under /api, each with its error statuses. */
import { OpenApi } from "@effect/platform"
import { Validator } from "@seriousme/openapi-schema-validator"
import { describe, expect, it } from "vitest"
import { LeadFactoryApi } from "../src/Api.js"

const spec = OpenApi.fromApi(LeadFactoryApi) as unknown as {
  openapi: string
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }>; security?: Array<unknown> }>>
  components: { schemas: Record<string, unknown> }
}

/** api.md's endpoints (run, cancel and events belong to another part) and the statuses each may answer. */
const contract: Array<[method: string, path: string, statuses: Array<number>]> = [
  ["post", "/api/users/register", [201, 400, 409, 413, 429, 503]],
  ["post", "/api/users/login", [200, 400, 401, 403, 429, 503]],
  ["get", "/api/users/me", [200, 401, 503]],
  ["get", "/api/users/credits", [200, 401]],
  ["get", "/api/users/credits/history", [200, 400, 401]],
  ["post", "/api/users/api-keys", [201, 401]],
  ["get", "/api/users/api-keys", [200, 401]],
  ["delete", "/api/users/api-keys/{id}", [204, 401, 404]],
  ["post", "/api/campaigns", [201, 400, 401, 402]],
  ["get", "/api/campaigns", [200, 400, 401]],
  ["get", "/api/campaigns/{id}", [200, 401, 404]],
  ["delete", "/api/campaigns/{id}", [204, 401, 404, 409]],
  ["post", "/api/campaigns/{id}/import", [200, 400, 401, 404, 409, 413]],
  ["get", "/api/leads", [200, 400, 401, 404]],
  ["get", "/api/leads/export", [200, 400, 401, 404]],
  ["get", "/api/leads/stats", [200, 401, 404]],
  ["get", "/api/leads/freshness", [200, 401, 404]],
  ["post", "/api/leads/{id}/optout", [200, 401, 404]],
  ["get", "/api/leads/optout", [200, 400]],
  ["get", "/api/verticals", [200]],
  ["get", "/api/verticals/{slug}", [200, 404]],
  ["get", "/api/stats", [200, 401]],
  ["get", "/api/health", [200, 503]],
  // Outreach (docs/outreach.md): a provider's failure is a 502 with its message.
  ["put", "/api/users/integrations/{provider}", [200, 400, 401]],
  ["get", "/api/users/integrations", [200, 401]],
  ["get", "/api/outreach", [200, 400, 401, 404]],
  ["post", "/api/outreach/launch", [200, 400, 401, 404, 502]],
  ["post", "/api/outreach/{id}/start", [200, 400, 401, 404, 502]],
  ["post", "/api/outreach/{id}/pause", [200, 400, 401, 404, 502]],
  ["get", "/api/outreach/{id}/stats", [200, 400, 401, 404, 502]],
  ["get", "/api/outreach/templates", [200, 401]]
]

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(JSON.parse(JSON.stringify(spec)))
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(spec.openapi).toBe("3.1.0")
  })

  it.each(contract)("lists %s %s with its statuses", (method, path, statuses) => {
    const operation = spec.paths[path]?.[method]
    expect(operation, `${method} ${path}`).toBeDefined()
    for (const status of statuses) expect(Object.keys(operation!.responses)).toContain(String(status))
    // Any call can meet a dead database or a bug.
    expect(Object.keys(operation!.responses)).toEqual(expect.arrayContaining(["500", "503"]))
  })

  it("documents every error with the body that is sent: detail and code (and errors for 400)", () => {
    const errorSchemas = Object.entries(spec.components.schemas).filter(([name]) => name.endsWith("Error"))
    expect(errorSchemas.length).toBeGreaterThanOrEqual(12)
    for (const [name, schema] of errorSchemas) {
      expect(schema, name).toMatchObject({ type: "object", required: expect.arrayContaining(["detail", "code"]) })
    }
    expect(spec.components.schemas.InvalidInputError).toMatchObject({ required: expect.arrayContaining(["errors"]) })
    expect(JSON.stringify(spec)).not.toContain("HttpApiDecodeError")
  })

  it("marks the endpoints that need a bearer token or an API key, and only those", () => {
    const isPublic = (path: string) =>
      ["/api/users/register", "/api/users/login", "/api/leads/optout", "/api/health"].includes(path) || path.startsWith("/api/verticals")
    for (const [path, operations] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const schemes = (operation.security ?? []).flatMap((entry) => Object.keys(entry as object))
        if (isPublic(path)) expect(schemes, `${method} ${path}`).toEqual([])
        else expect(schemes, `${method} ${path}`).toEqual(expect.arrayContaining(["apiKey", "bearer"]))
      }
    }
  })

  it("documents the upload as text/csv or a form, and the export as text/csv", () => {
    const upload = spec.paths["/api/campaigns/{id}/import"]!.post as any
    expect(Object.keys(upload.requestBody.content).sort()).toEqual(["multipart/form-data", "text/csv"])
    const exported = spec.paths["/api/leads/export"]!.get as any
    expect(Object.keys(exported.responses["200"].content)).toEqual(["text/csv"])
  })
})
