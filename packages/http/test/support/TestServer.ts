/** Starts the reference server in this process on a free port, over a given database, for tests. */
import { layerJsonLogger } from "../../src/LogLines.js"
import { type RunningServer, startServer } from "../../src/Server.js"
import { type ServerConfig, serverConfigFromEnv } from "../../src/ServerConfig.js"

export const TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"

export interface TestServer extends RunningServer {
  /** The request log lines and Effect's log lines, as written. */
  readonly logs: Array<string>
}

/**
 * The server as `npm start` would configure it from `env` (plus DATABASE_URL), on an ephemeral
 * port, with a fixed secret and bcrypt cost 4 (unless `env` sets LF_BCRYPT_COST) so that tests stay fast.
 */
export const startTestServer = async (
  databaseUrl: string,
  env: Record<string, string> = {}
): Promise<TestServer> => {
  const logs: Array<string> = []
  const fromEnv = serverConfigFromEnv({ LF_RATE_LIMIT_AUTH: "1000/min", ...env, DATABASE_URL: databaseUrl }, "/nonexistent")
  const config: ServerConfig = {
    ...fromEnv,
    port: 0,
    leadFactory: {
      ...fromEnv.leadFactory,
      config: { secretKey: TEST_SECRET, bcryptCost: Number(env.LF_BCRYPT_COST ?? 4) },
      logger: layerJsonLogger((line) => void logs.push(line))
    }
  }
  const running = await startServer(config, (line) => void logs.push(line))
  return { ...running, logs }
}
