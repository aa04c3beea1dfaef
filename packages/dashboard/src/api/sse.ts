/**
 * A parser for `text/event-stream` text. EventSource cannot send an Authorization header, so the
 * client reads the stream with fetch and feeds the decoded chunks here.
 */

export interface ServerSentEvent {
  /** The `event:` field; "message" when the server gave none. */
  readonly event: string
  /** The `data:` lines joined with newlines. */
  readonly data: string
  readonly id: string | undefined
}

/**
 * Returns a function that takes the next chunk of the stream and gives back the events that chunk
 * completed. Chunks may split lines anywhere, including between CR and LF.
 */
export const makeSseParser = (): ((chunk: string) => Array<ServerSentEvent>) => {
  let buffer = ""
  let event = ""
  let data: Array<string> = []
  let id: string | undefined
  let pendingCr = false

  return (chunk) => {
    const events: Array<ServerSentEvent> = []
    buffer += pendingCr && chunk.startsWith("\n") ? chunk.slice(1) : chunk
    pendingCr = false
    for (;;) {
      const end = buffer.search(/\r\n|\r|\n/)
      if (end < 0) break
      // A lone CR at the very end may be the first half of CRLF: drop its LF from the next chunk.
      const crlf = buffer.startsWith("\r\n", end)
      if (buffer[end] === "\r" && end === buffer.length - 1) pendingCr = true
      const line = buffer.slice(0, end)
      buffer = buffer.slice(end + (crlf ? 2 : 1))
      if (line === "") {
        if (data.length > 0) events.push({ event: event || "message", data: data.join("\n"), id })
        event = ""
        data = []
        continue
      }
      if (line.startsWith(":")) continue
      const colon = line.indexOf(":")
      const field = colon < 0 ? line : line.slice(0, colon)
      const value = colon < 0 ? "" : line.slice(colon + (line[colon + 1] === " " ? 2 : 1))
      if (field === "event") event = value
      else if (field === "data") data.push(value)
      else if (field === "id") id = value
    }
    return events
  }
}
