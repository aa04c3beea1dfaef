/**
 * Reads the CSV of an upload as it arrives: the request body itself (text/csv) or the form field
 * `file` of a multipart body, never buffered whole, and stopped at the size limit.
 */
import { InvalidInput } from "@leadfactory/core"
import busboy from "busboy"
import { Effect } from "effect"
import type { IncomingMessage } from "node:http"
import type { Readable } from "node:stream"
import { PayloadTooLarge } from "./HttpErrors.js"

/** The bytes of the uploaded file, and whether they ran past the limit while being read. */
export interface CsvUpload {
  readonly bytes: AsyncIterable<Uint8Array>
  readonly exceededLimit: () => boolean
  /** Reads and discards what the importer left unread, so that the answer reaches the client. */
  readonly drain: () => void
}

/** Thrown into the importer's read loop when the upload passes the limit. */
class UploadTooLarge extends Error {}

/**
 * The stream's bytes for the importer, failing the read past `maxBytes`. When the importer stops
 * early (it rejected the header) it closes the iterator; that must not destroy the socket, since the
 * client still has to get the answer.
 */
async function* limited(source: Readable, maxBytes: number, onExceeded: () => void): AsyncGenerator<Uint8Array> {
  let total = 0
  for await (const chunk of source.iterator({ destroyOnReturn: false })) {
    total += (chunk as Buffer).length
    if (total > maxBytes) {
      onExceeded()
      throw new UploadTooLarge(`The upload is over ${maxBytes} bytes.`)
    }
    yield chunk as Buffer
  }
}

const declaredLength = (request: IncomingMessage): number | undefined => {
  const header = request.headers["content-length"]
  return header === undefined || !/^\d+$/.test(header) ? undefined : Number(header)
}

/**
 * Opens the CSV of an upload request; PayloadTooLarge at once when Content-Length is over the limit.
 * Past the limit while reading, the read fails (the importer then reports the file unreadable) and
 * `exceededLimit` tells the caller why.
 */
export const openCsvUpload = (
  request: IncomingMessage,
  maxBytes: number
): Effect.Effect<CsvUpload, InvalidInput | PayloadTooLarge> =>
  Effect.suspend((): Effect.Effect<CsvUpload, InvalidInput | PayloadTooLarge> => {
    const length = declaredLength(request)
    if (length !== undefined && length > maxBytes) return Effect.fail(PayloadTooLarge.of(maxBytes))
    let exceeded = false
    const markExceeded = () => {
      exceeded = true
    }
    const contentType = (request.headers["content-type"] ?? "").toLowerCase()
    if (!contentType.startsWith("multipart/form-data")) {
      return Effect.succeed<CsvUpload>({
        bytes: limited(request, maxBytes, markExceeded),
        exceededLimit: () => exceeded,
        drain: () => drainRequest(request)
      })
    }
    return Effect.map(multipartFile(request, maxBytes, markExceeded), (file) => ({
      bytes: limited(file, maxBytes, markExceeded),
      exceededLimit: () => exceeded,
      drain: () => {
        file.resume()
        drainRequest(request)
      }
    }))
  })

const drainRequest = (request: IncomingMessage) => {
  if (!request.readableEnded) request.resume()
}

/** The stream of the form field `file`; other fields and files are skipped. */
const multipartFile = (request: IncomingMessage, maxBytes: number, onExceeded: () => void) =>
  Effect.async<Readable, InvalidInput>((resume) => {
    let parser: busboy.Busboy
    try {
      // One byte over the limit, so that a file of exactly the limit is not reported as cut.
      parser = busboy({ headers: request.headers, limits: { files: 1, fileSize: maxBytes + 1, fields: 50, parts: 100 } })
    } catch (error) {
      resume(Effect.fail(InvalidInput.field("file", `is not a readable form upload: ${(error as Error).message}`)))
      return
    }
    let found = false
    parser.on("file", (field, stream) => {
      if (field !== "file" || found) {
        stream.resume()
        return
      }
      found = true
      // A form cut short fails the file stream when the request ends, maybe after the importer has
      // stopped reading it: an 'error' without a listener would be thrown out of the process. While
      // the importer reads, its iterator still gets the error.
      stream.on("error", () => undefined)
      stream.on("limit", () => {
        onExceeded()
        stream.destroy(new UploadTooLarge(`The upload is over ${maxBytes} bytes.`))
      })
      resume(Effect.succeed(stream))
    })
    parser.on("error", (error) => {
      if (!found) resume(Effect.fail(InvalidInput.field("file", `is not a readable form upload: ${(error as Error).message}`)))
    })
    parser.on("close", () => {
      if (!found) resume(Effect.fail(InvalidInput.field("file", "is required: send the CSV as the form field \"file\"")))
    })
    request.pipe(parser)
  })
