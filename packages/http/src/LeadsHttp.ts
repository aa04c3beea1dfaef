/** Handlers of the leads and opt-out groups; the export streams CSV rows as the store reads them. */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import { type LeadFilter, Leads } from "@leadfactory/core"
import { Chunk, Effect, Option, Stream } from "effect"
import { LeadFactoryApi } from "./Api.js"
import { CurrentUser } from "./Authentication.js"
import { attachmentHeader, csvBytes, csvHeaderLine } from "./CsvExport.js"
import { leadPageJson } from "./LeadPageJson.js"
import type { LeadExportParams } from "./LeadsApi.js"

const toFilter = (params: typeof LeadExportParams.Type): LeadFilter => ({
  tier: params.tier,
  min_score: params.min_score,
  has_email: params.has_email,
  email_verified: params.email_verified,
  email_status: params.email_status,
  fund: params.fund,
  sector: params.sector,
  stage: params.stage,
  check_size: params.check_size,
  hq: params.hq,
  search: params.search
})

export const LeadsHttp = HttpApiBuilder.group(LeadFactoryApi, "leads", (handlers) =>
  Effect.gen(function*() {
    const leads = yield* Leads
    return handlers
      // Raw, to answer with leadPageJson: the same JSON as the declared LeadPage, without its Schema
      // encode. The text goes to node as it is, which writes it into the socket's buffer, instead of
      // being copied into bytes first (HttpServerResponse.unsafeJson's TextEncoder).
      .handleRaw("list", ({ urlParams }) =>
        Effect.flatMap(CurrentUser, (user) =>
          leads.list(user.id, urlParams.campaign_id, toFilter(urlParams), {
            sort_by: urlParams.sort_by,
            sort_dir: urlParams.sort_dir,
            page: urlParams.page,
            per_page: urlParams.per_page,
            cursor: urlParams.cursor
          })).pipe(Effect.map((page) => {
            const json = JSON.stringify(leadPageJson(page))
            return HttpServerResponse.raw(json, { contentType: "application/json", contentLength: Buffer.byteLength(json) })
          })))
      .handleRaw("export", ({ request, urlParams }) =>
        Effect.gen(function*() {
          const user = yield* CurrentUser
          const filter = toFilter(urlParams)
          const { campaign, csvLines, rows } = yield* leads.export(user.id, urlParams.campaign_id, filter)
          // Where the database writes the CSV itself (PostgreSQL's COPY), its bytes go out unparsed;
          // else one write per chunk of rows the store reads. Either way memory holds a chunk, not the file.
          const lines = Option.getOrElse(csvLines, () => rows.pipe(Stream.mapChunks((chunk) => Chunk.of(csvBytes(chunk)))))
          const body = Stream.concat(Stream.make(new TextEncoder().encode(csvHeaderLine)), lines).pipe(
            Stream.catchAllCause((cause) =>
              // The status line is sent: cut the connection so the client sees a failure, not a short file.
              Stream.fromEffect(
                Effect.logError("Export failed after the answer had started", cause).pipe(
                  Effect.zipRight(Effect.sync(() => NodeHttpServerRequest.toServerResponse(request).destroy()))
                )
              ).pipe(Stream.drain)
            )
          )
          return HttpServerResponse.stream(body, {
            contentType: "text/csv; charset=utf-8",
            headers: { "content-disposition": attachmentHeader(campaign.name), "cache-control": "no-store" }
          })
        }))
      .handle("stats", ({ urlParams }) => Effect.flatMap(CurrentUser, (user) => leads.stats(user.id, urlParams.campaign_id)))
      .handle("freshness", ({ urlParams }) =>
        Effect.flatMap(CurrentUser, (user) => leads.freshness(user.id, urlParams.campaign_id)))
      .handle("optOut", ({ path }) => Effect.flatMap(CurrentUser, (user) => leads.optOut(user.id, path.id)))
  }))

export const OptOutHttp = HttpApiBuilder.group(LeadFactoryApi, "optout", (handlers) =>
  Effect.gen(function*() {
    const leads = yield* Leads
    return handlers.handle("optOutByEmail", ({ urlParams }) => leads.optOutByEmail(urlParams.email))
  }))
