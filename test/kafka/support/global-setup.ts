/**
 * Starts the local Kafka broker (scripts/kafka-broker.sh, idempotent; the first run resolves its
 * jars with Maven and caches them) once for the whole suite and hands its bootstrap servers to
 * the test files (`inject('kafkaBootstrap')`). Stops it afterwards unless it was already running
 * (then it belongs to someone else). Never skips: without Java or the jars the suite fails,
 * saying why.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBootstrap: string
  }
}

const run = promisify(execFile)
const SCRIPT = fileURLToPath(new URL('../../../scripts/kafka-broker.sh', import.meta.url))

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const wasRunning = await run(SCRIPT, ['status']).then(
    () => true,
    () => false,
  )
  const started = Date.now()
  const { stdout } = await run(SCRIPT, ['start'], { timeout: 600_000 }).catch((e: unknown) => {
    const err = e as { stderr?: string }
    throw new Error(`the Kafka broker did not start:\n${err.stderr ?? String(e)}`)
  })
  const bootstrap = stdout.trim().split('\n').at(-1)!
  console.log(
    `kafka: ${bootstrap} ${wasRunning ? 'already running' : `ready after ${Date.now() - started} ms`}`,
  )
  project.provide('kafkaBootstrap', bootstrap)
  return async () => {
    if (!wasRunning) await run(SCRIPT, ['stop'], { timeout: 60_000 })
  }
}
