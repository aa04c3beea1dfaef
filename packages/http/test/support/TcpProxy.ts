/** A TCP proxy in front of a database, which a test can cut (and restore) to make the database unreachable. */
import { createConnection, createServer, type Server, type Socket } from "node:net"

export interface TcpProxy {
  /** The database URL with its host and port replaced by the proxy's. */
  readonly url: string
  /** Refuses new connections and drops the open ones. */
  readonly cut: () => Promise<void>
  /** Listens again on the same port. */
  readonly restore: () => Promise<void>
  readonly close: () => Promise<void>
}

export const startTcpProxy = async (databaseUrl: string): Promise<TcpProxy> => {
  const target = new URL(databaseUrl)
  const sockets = new Set<Socket>()
  const listen = (server: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject)
      server.listen(port, "127.0.0.1", () => resolve((server.address() as { port: number }).port))
    })
  const makeServer = () =>
    createServer((client) => {
      const upstream = createConnection({ host: target.hostname, port: Number(target.port || 5432) })
      for (const socket of [client, upstream]) {
        sockets.add(socket)
        socket.on("close", () => sockets.delete(socket))
        socket.on("error", () => {
          client.destroy()
          upstream.destroy()
        })
      }
      client.pipe(upstream).pipe(client)
    })
  let server = makeServer()
  const port = await listen(server, 0)
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()))
  const url = new URL(databaseUrl)
  url.host = `127.0.0.1:${port}`
  return {
    url: url.toString(),
    cut: async () => {
      const closed = close()
      for (const socket of sockets) socket.destroy()
      await closed
    },
    restore: async () => {
      server = makeServer()
      await listen(server, port)
    },
    close: async () => {
      for (const socket of sockets) socket.destroy()
      if (server.listening) await close()
    }
  }
}
