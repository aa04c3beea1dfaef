/**
 * The operations of the server's own OpenAPI document, so that table-driven attacks cover every
 * endpoint there is, and a new endpoint the tables do not know fails the suite instead of being skipped.
 */
import { call } from "../../../packages/http/test/support/Http.js"

export interface Parameter {
  readonly name: string
  readonly in: "path" | "query" | "header"
  readonly required: boolean
}

/** How an operation takes a credential: a bearer header, an API-key header, or a query parameter. */
export type Credential =
  | { readonly kind: "bearer" }
  | { readonly kind: "header"; readonly name: string }
  | { readonly kind: "query"; readonly name: string }

export interface Operation {
  readonly id: string
  readonly method: string
  /** The path template, `/api/campaigns/{id}`. */
  readonly path: string
  readonly parameters: ReadonlyArray<Parameter>
  /** Empty for public operations. */
  readonly credentials: ReadonlyArray<Credential>
  /** Content types of the request body, when it has one. */
  readonly bodyTypes: ReadonlyArray<string>
  /** The properties of its JSON body, when that is an object schema. */
  readonly bodyFields: ReadonlyArray<string>
}

interface SecurityScheme {
  readonly type: string
  readonly scheme?: string
  readonly in?: string
  readonly name?: string
}

export const readOperations = async (base: string): Promise<Array<Operation>> => {
  const { body: spec } = await call(base, "/api/openapi.json")
  const schemes: Record<string, SecurityScheme> = spec.components?.securitySchemes ?? {}
  const credentialOf = (name: string): Credential => {
    const scheme = schemes[name]
    if (scheme === undefined) throw new Error(`The document names an unknown security scheme ${name}`)
    if (scheme.type === "http" && scheme.scheme === "bearer") return { kind: "bearer" }
    if (scheme.type === "apiKey" && scheme.in === "header") return { kind: "header", name: scheme.name! }
    if (scheme.type === "apiKey" && scheme.in === "query") return { kind: "query", name: scheme.name! }
    throw new Error(`Security scheme ${name} is of a kind the suite cannot attack: ${JSON.stringify(scheme)}`)
  }
  /** The property names of a JSON schema (following `$ref`s into the components). */
  const fieldsOf = (schema: any): Array<string> => {
    const resolved = typeof schema?.$ref === "string" ? spec.components.schemas[schema.$ref.split("/").pop()] : schema
    if (resolved?.properties !== undefined) return Object.keys(resolved.properties)
    return [...(resolved?.anyOf ?? []), ...(resolved?.oneOf ?? []), ...(resolved?.allOf ?? [])].flatMap(fieldsOf)
  }
  const operations: Array<Operation> = []
  for (const [path, methods] of Object.entries<Record<string, any>>(spec.paths)) {
    for (const [method, operation] of Object.entries<any>(methods)) {
      const requirements: Array<Record<string, unknown>> = operation.security ?? spec.security ?? []
      operations.push({
        id: operation.operationId ?? `${method} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters: (operation.parameters ?? []).map((p: any) => ({ name: p.name, in: p.in, required: p.required === true })),
        credentials: requirements.flatMap((requirement) => Object.keys(requirement).map(credentialOf)),
        bodyTypes: Object.keys(operation.requestBody?.content ?? {}),
        bodyFields: [...new Set(fieldsOf(operation.requestBody?.content?.["application/json"]?.schema))]
      })
    }
  }
  return operations
}

/** Values for the path parameters that name no row of a user (they are the same for everyone). */
export const PUBLIC_PATH_VALUES: Readonly<Record<string, string>> = { slug: "vc", provider: "webhook" }

/** The path with its `{name}` parameters filled in. */
export const fillPath = (operation: Operation, values: Record<string, string>): string =>
  operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name] ?? PUBLIC_PATH_VALUES[name]
    if (value === undefined) throw new Error(`${operation.id}: no value for path parameter ${name}`)
    return encodeURIComponent(value)
  })

/** Headers and query parameters that carry `secret` as `credential`. */
export const presenting = (credential: Credential, secret: string) =>
  credential.kind === "bearer"
    ? { headers: { authorization: `Bearer ${secret}` }, query: {} }
    : credential.kind === "header"
    ? { headers: { [credential.name]: secret }, query: {} }
    : { headers: {}, query: { [credential.name]: secret } }

export const describeCredential = (credential: Credential) =>
  credential.kind === "bearer" ? "Authorization: Bearer" : credential.kind === "header" ? credential.name : `?${credential.name}=`
