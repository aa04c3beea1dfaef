/** Handlers of the campaigns group, including the CSV upload into the import pipeline. */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import { ACTIVE_STATUSES, CampaignRunning, Campaigns, Importer, type InvalidCsv } from "@leadfactory/core"
import { Effect } from "effect"
import { LeadFactoryApi } from "./Api.js"
import { CurrentUser } from "./Authentication.js"
import { CampaignList } from "./CampaignsApi.js"
import { openCsvUpload } from "./CsvUpload.js"
import { PayloadTooLarge } from "./HttpErrors.js"
import { Limits } from "./Limits.js"

export const CampaignsHttp = HttpApiBuilder.group(LeadFactoryApi, "campaigns", (handlers) =>
  Effect.gen(function*() {
    const campaigns = yield* Campaigns
    const importer = yield* Importer
    const limits = yield* Limits
    return handlers
      .handle("create", ({ payload }) => Effect.flatMap(CurrentUser, (user) => campaigns.create(user.id, payload)))
      .handle("list", ({ urlParams }) =>
        Effect.flatMap(CurrentUser, (user) => campaigns.list(user.id, urlParams)).pipe(
          Effect.map((result) => new CampaignList(result))
        ))
      .handle("get", ({ path }) => Effect.flatMap(CurrentUser, (user) => campaigns.get(user.id, path.id)))
      .handle("delete", ({ path }) => Effect.flatMap(CurrentUser, (user) => campaigns.delete(user.id, path.id)))
      // Raw: the body is streamed into the importer instead of being decoded by a schema first.
      .handleRaw("import", ({ path, request }) =>
        Effect.gen(function*() {
          const user = yield* CurrentUser
          const campaign = yield* campaigns.get(user.id, path.id)
          if (ACTIVE_STATUSES.includes(campaign.status)) return yield* CampaignRunning.default()
          const upload = yield* openCsvUpload(NodeHttpServerRequest.toIncomingMessage(request), limits.maxUploadBytes)
          const tooLarge = PayloadTooLarge.of(limits.maxUploadBytes)
          return yield* importer.importCsv(campaign.id, upload.bytes).pipe(
            // A read past the limit fails, and the importer reports the file unreadable (InvalidCsv).
            Effect.catchAllCause((cause): Effect.Effect<never, InvalidCsv | PayloadTooLarge> =>
              upload.exceededLimit() ? Effect.fail(tooLarge) : Effect.failCause(cause)
            ),
            Effect.ensuring(Effect.sync(upload.drain))
          )
        }))
  }))
