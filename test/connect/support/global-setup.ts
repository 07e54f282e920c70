/**
 * Starts the local Spark Connect server (scripts/spark-connect-server.sh, idempotent) once for
 * the whole suite and hands its URL to the test files (`inject('sparkConnectUrl')`). Stops it
 * afterwards unless it was already running before the suite (then it belongs to someone else).
 * Never skips: without Java and the cached Spark environment the suite fails, saying why.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    sparkConnectUrl: string
  }
}

const run = promisify(execFile)
const SCRIPT = fileURLToPath(new URL('../../../scripts/spark-connect-server.sh', import.meta.url))

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const wasRunning = await run(SCRIPT, ['status']).then(
    () => true,
    () => false,
  )
  const started = Date.now()
  const { stdout } = await run(SCRIPT, ['start'], { timeout: 300_000 }).catch((e: unknown) => {
    const err = e as { stderr?: string }
    throw new Error(`the Spark Connect server did not start:\n${err.stderr ?? String(e)}`)
  })
  const url = stdout.trim().split('\n').at(-1)!
  console.log(
    `spark connect: ${url} ${wasRunning ? 'already running' : `ready after ${Date.now() - started} ms`}`,
  )
  project.provide('sparkConnectUrl', url)
  return async () => {
    if (!wasRunning) await run(SCRIPT, ['stop'], { timeout: 60_000 })
  }
}
