/** The Verticals service: the four verticals shipped with the package, decoded once. */
import { Effect, Layer, Option, Schema } from "effect"
import { UnknownVertical } from "../Errors.js"
import { verticalsData } from "../internal/verticalsData.js"
import { Vertical } from "../Vertical.js"
import { Verticals } from "./Verticals.js"

export const VerticalsLive: Layer.Layer<Verticals> = Layer.effect(
  Verticals,
  Effect.gen(function*() {
    // A malformed data file is a packaging bug, so it fails loudly at startup.
    const verticals = yield* Schema.decodeUnknown(Schema.Array(Vertical))(verticalsData).pipe(Effect.orDie)
    return Verticals.of({
      list: Effect.succeed(verticals),
      get: (slug) =>
        Option.match(Option.fromNullable(verticals.find((vertical) => vertical.slug === slug)), {
          onNone: () => Effect.fail(UnknownVertical.of(slug)),
          onSome: Effect.succeed
        })
    })
  })
)
