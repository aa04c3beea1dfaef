/** Runs the reference server as `npm start` does, in a process of its own, from the TypeScript sources. */
import { type ChildProcess, spawn } from "node:child_process"
import { createServer } from "node:net"
import { fileURLToPath } from "node:url"

export const REPO_ROOT = fileURLToPath(new URL("../../../..", import.meta.url))

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer()
    probe.once("error", reject)
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })

export interface ServerProcess {
  readonly child: ChildProcess
  readonly url: string
  /** Every line the process wrote to stdout and stderr. */
  readonly lines: Array<string>
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Spawns `node --import tsx --conditions=@leadfactory/source packages/http/src/main.ts`. */
export const spawnProcess = async (env: Record<string, string>): Promise<ServerProcess> => {
  const port = await freePort()
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--conditions=@leadfactory/source", "packages/http/src/main.ts"],
    { cwd: REPO_ROOT, env: { ...process.env, HOST: "127.0.0.1", PORT: String(port), ...env }, stdio: ["ignore", "pipe", "pipe"] }
  )
  const lines: Array<string> = []
  const collect = (chunk: Buffer) => lines.push(...chunk.toString("utf8").split("\n").filter((line) => line !== ""))
  child.stdout!.on("data", collect)
  child.stderr!.on("data", collect)
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal }))
  )
  return { child, url: `http://127.0.0.1:${port}`, lines, exited }
}

/** Spawns the server and waits until it listens. */
export const spawnServer = async (env: Record<string, string>): Promise<ServerProcess> => {
  const server = await spawnProcess(env)
  const { child, lines } = server
  const started = Date.now()
  while (!lines.some((line) => line.includes("\"listening\""))) {
    if (child.exitCode !== null) throw new Error(`the server exited: ${lines.join("\n")}`)
    if (Date.now() - started > 60_000) {
      child.kill("SIGKILL")
      throw new Error(`the server did not start: ${lines.join("\n")}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return server
}
