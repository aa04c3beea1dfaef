/**
 * The dashboard's HTTP client: one typed method per API call it makes, errors turned into
 * `ApiError` (the API's `{detail, code, errors}`, or a network failure as status 0).
 */
import { makeSseParser, type ServerSentEvent } from "./sse.js"
import type {
  ApiKey,
  AuthAnswer,
  Campaign,
  CampaignList,
  CreatedApiKey,
  CreditBalance,
  CreditHistory,
  ImportSummary,
  LeadFilters,
  LeadPage,
  LeadQuery,
  LeadStats,
  OptOutAnswer,
  Overview,
  Registration,
  User,
  Vertical
} from "./types.js"

export interface FieldError {
  readonly field: string
  readonly message: string
}

/** A failed call: the API's error body, or status 0 when the server could not be reached. */
export class ApiError extends Error {
  override readonly name = "ApiError"
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: ReadonlyArray<FieldError> = []
  ) {
    super(message)
  }

  /** The field an error names, without the path the API may put before it (`body.email` → `email`). */
  static fieldName(error: FieldError): string {
    return error.field.split(".").at(-1) ?? error.field
  }

  /** The API's message for one input field. */
  fieldMessage(field: string): string | undefined {
    return this.fieldErrors.find((e) => ApiError.fieldName(e) === field)?.message
  }

  /** Reads an error answer, whatever its body holds. */
  static async fromResponse(response: Response): Promise<ApiError> {
    const text = await response.text().catch(() => "")
    return ApiError.fromBody(response.status, response.statusText, text)
  }

  static fromBody(status: number, statusText: string, text: string): ApiError {
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      body = undefined
    }
    if (isRecord(body)) {
      const detail = typeof body.detail === "string" ? body.detail : `${status} ${statusText}`.trim()
      const code = typeof body.code === "string" ? body.code : `Http${status}`
      const errors = Array.isArray(body.errors) ? body.errors.filter(isFieldError) : []
      return new ApiError(status, code, detail, errors)
    }
    return new ApiError(status, `Http${status}`, `The server answered ${status} ${statusText}`.trim() + ".")
  }

  static network(baseUrl: string, cause: unknown): ApiError {
    const where = baseUrl === "" ? "the server" : baseUrl
    const why = cause instanceof Error ? ` (${cause.message})` : ""
    return new ApiError(0, "NetworkError", `Could not reach ${where}${why}.`)
  }
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

const isFieldError = (u: unknown): u is FieldError =>
  isRecord(u) && typeof u.field === "string" && typeof u.message === "string"

type QueryValue = string | number | boolean | undefined | null
type Query = Readonly<Record<string, QueryValue>>

interface RequestOptions {
  readonly query?: Query
  readonly json?: unknown
  readonly signal?: AbortSignal | undefined
}

/** A downloaded file: its bytes and the name the server suggested. */
export interface Download {
  readonly blob: Blob
  readonly filename: string
}

export interface ApiClientOptions {
  /** Where the API lives, without `/api`: "" for the page's own origin, or "http://host:8000". */
  readonly baseUrl: string
  /** A JWT or an API key; null when signed out. */
  readonly token: string | null
}

export class ApiClient {
  readonly baseUrl: string
  readonly token: string | null

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "")
    this.token = options.token
  }

  /** The absolute or origin-relative URL of an API path with its query (empty values dropped). */
  url(path: string, query: Query = {}): string {
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== "") params.set(key, String(value))
    }
    const search = params.toString()
    return `${this.baseUrl}/api${path}${search === "" ? "" : `?${search}`}`
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return this.token === null ? extra : { ...extra, authorization: `Bearer ${this.token}` }
  }

  private async send(method: string, path: string, options: RequestOptions, accept: string): Promise<Response> {
    const init: RequestInit = {
      method,
      headers: this.headers(
        options.json === undefined ? { accept } : { accept, "content-type": "application/json" }
      ),
      signal: options.signal ?? null
    }
    if (options.json !== undefined) init.body = JSON.stringify(options.json)
    let response: Response
    try {
      response = await fetch(this.url(path, options.query), init)
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === "AbortError") throw cause
      throw ApiError.network(this.baseUrl, cause)
    }
    if (!response.ok) throw await ApiError.fromResponse(response)
    return response
  }

  /** One JSON call; 204 gives undefined. */
  async request<A>(method: string, path: string, options: RequestOptions = {}): Promise<A> {
    const response = await this.send(method, path, options, "application/json")
    if (response.status === 204) return undefined as A
    const text = await response.text()
    return (text === "" ? undefined : JSON.parse(text)) as A
  }

  // Users
  register = (registration: Registration) => this.request<AuthAnswer>("POST", "/users/register", { json: registration })
  login = (email: string, password: string) =>
    this.request<AuthAnswer>("POST", "/users/login", { json: { email, password } })
  me = () => this.request<User>("GET", "/users/me")
  credits = () => this.request<CreditBalance>("GET", "/users/credits")
  creditHistory = (page: number, perPage: number) =>
    this.request<CreditHistory>("GET", "/users/credits/history", { query: { page, per_page: perPage } })
  apiKeys = () => this.request<ReadonlyArray<ApiKey>>("GET", "/users/api-keys")
  createApiKey = (name: string) => this.request<CreatedApiKey>("POST", "/users/api-keys", { json: name === "" ? {} : { name } })
  revokeApiKey = (id: string) => this.request<void>("DELETE", `/users/api-keys/${encodeURIComponent(id)}`)

  // Campaigns
  verticals = () => this.request<ReadonlyArray<Vertical>>("GET", "/verticals")
  overview = () => this.request<Overview>("GET", "/stats")
  campaigns = (page: number, perPage: number) =>
    this.request<CampaignList>("GET", "/campaigns", { query: { page, per_page: perPage } })
  campaign = (id: string, signal?: AbortSignal) =>
    this.request<Campaign>("GET", `/campaigns/${encodeURIComponent(id)}`, { signal })
  createCampaign = (name: string, vertical: string) =>
    this.request<Campaign>("POST", "/campaigns", { json: { name, vertical } })
  deleteCampaign = (id: string) => this.request<void>("DELETE", `/campaigns/${encodeURIComponent(id)}`)
  runCampaign = (id: string) => this.request<Campaign>("POST", `/campaigns/${encodeURIComponent(id)}/run`)
  cancelCampaign = (id: string) => this.request<Campaign>("POST", `/campaigns/${encodeURIComponent(id)}/cancel`)

  // Leads
  leads = (query: LeadQuery, signal?: AbortSignal) => this.request<LeadPage>("GET", "/leads", { query: { ...query }, signal })
  leadStats = (campaignId: string) => this.request<LeadStats>("GET", "/leads/stats", { query: { campaign_id: campaignId } })
  optOut = (leadId: string) => this.request<OptOutAnswer>("POST", `/leads/${encodeURIComponent(leadId)}/optout`)

  /** The CSV export of a campaign's leads for the given filters, with the server's file name. */
  async exportLeads(campaignId: string, filters: LeadFilters): Promise<Download> {
    const response = await this.send("GET", "/leads/export", { query: { campaign_id: campaignId, ...filters } }, "text/csv")
    const disposition = response.headers.get("content-disposition") ?? ""
    const named = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(disposition)
    const filename = named?.[1] !== undefined ? decodeURIComponent(named[1]) : (named?.[2] ?? "leads.csv")
    return { blob: await response.blob(), filename }
  }

  /**
   * Uploads a CSV file as the `text/csv` body of the import. XMLHttpRequest rather than fetch,
   * because only it reports upload progress.
   */
  importCsv(
    campaignId: string,
    file: Blob,
    onProgress: (loaded: number, total: number) => void,
    signal?: AbortSignal
  ): Promise<ImportSummary> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest()
      xhr.open("POST", this.url(`/campaigns/${encodeURIComponent(campaignId)}/import`))
      for (const [name, value] of Object.entries(this.headers({ accept: "application/json", "content-type": "text/csv" }))) {
        xhr.setRequestHeader(name, value)
      }
      xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size)
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) {
          try {
            resolve(JSON.parse(xhr.responseText) as ImportSummary)
          } catch (cause) {
            reject(ApiError.network(this.baseUrl, cause))
          }
        } else reject(ApiError.fromBody(xhr.status, xhr.statusText, xhr.responseText))
      }
      xhr.onerror = () => reject(ApiError.network(this.baseUrl, new Error("the upload failed")))
      xhr.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"))
      signal?.addEventListener("abort", () => xhr.abort(), { once: true })
      xhr.send(file)
    })
  }

  /**
   * Follows a campaign's progress stream (`GET /api/campaigns/{id}/events`) until the server ends
   * it or `signal` aborts. Read with fetch, so that the Authorization header goes along.
   */
  async campaignEvents(id: string, onEvent: (event: ServerSentEvent) => void, signal: AbortSignal): Promise<void> {
    const response = await this.send("GET", `/campaigns/${encodeURIComponent(id)}/events`, { signal }, "text/event-stream")
    if (response.body === null) return
    const parse = makeSseParser()
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      for (const event of parse(value)) onEvent(event)
    }
  }
}
