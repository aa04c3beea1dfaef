/** A small client for the API under test: JSON in and out, with the status and headers at hand. */
export interface Answer<A = any> {
  readonly status: number
  readonly headers: Headers
  readonly body: A
  readonly text: string
}

export interface Call {
  readonly method?: string
  readonly token?: string
  readonly apiKey?: string
  readonly json?: unknown
  readonly body?: NonNullable<RequestInit["body"]>
  readonly headers?: Record<string, string>
}

export const call = async <A = any>(base: string, path: string, options: Call = {}): Promise<Answer<A>> => {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`
  if (options.apiKey !== undefined) headers["x-api-key"] = options.apiKey
  let body = options.body
  if (options.json !== undefined) {
    headers["content-type"] = "application/json"
    body = JSON.stringify(options.json)
  }
  const response = await fetch(base + path, {
    method: options.method ?? (body === undefined ? "GET" : "POST"),
    headers,
    ...(body === undefined ? {} : { body, duplex: "half" })
  } as RequestInit)
  const text = await response.text()
  const type = response.headers.get("content-type") ?? ""
  return {
    status: response.status,
    headers: response.headers,
    body: type.includes("json") && text !== "" ? JSON.parse(text) : text,
    text
  }
}

let sequence = 0

/** A fresh account: a unique email per call. */
export const register = async (base: string, name = "Test User") => {
  const email = `user${Date.now()}_${sequence++}_${Math.floor(Math.random() * 1e6)}@example.com`
  const password = "correct horse battery"
  const answer = await call(base, "/api/users/register", { json: { email, password, name } })
  if (answer.status !== 201) throw new Error(`register failed: ${answer.status} ${answer.text}`)
  return { email, password, token: answer.body.access_token as string, user: answer.body.user as { id: string } }
}
