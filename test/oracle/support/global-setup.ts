/**
 * Starts the PySpark oracle (oracle/spark_oracle.py) once for the whole oracle suite and hands
 * its port to the test files (`inject('sparkOraclePort')`). Never skips: without the environment
 * of scripts/spark-env.sh the suite fails, telling how to run it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    sparkOraclePort: number
    sparkVersion: string
  }
}

const ORACLE = fileURLToPath(new URL('../../../oracle/spark_oracle.py', import.meta.url))
const STARTUP_TIMEOUT_MS = 240_000

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const python = process.env['STREAMLAKE_SPARK_PYTHON']
  if (!python || !process.env['STREAMLAKE_SPARK_JARS']) {
    throw new Error(
      'The Spark oracle needs STREAMLAKE_SPARK_PYTHON and STREAMLAKE_SPARK_JARS: run `npm run test:spark` ' +
        '(it runs scripts/spark-env.sh first).',
    )
  }
  const started = Date.now()
  const child = spawn(python, [ORACLE], {
    env: { ...process.env, TZ: 'UTC', PYSPARK_PYTHON: python, SPARK_LOCAL_IP: '127.0.0.1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const stderr: string[] = []
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => {
    stderr.push(chunk)
    if (stderr.length > 200) stderr.shift()
    if (process.env['STREAMLAKE_ORACLE_VERBOSE']) process.stderr.write(chunk)
  })
  const ready = await waitForReady(child, () => stderr.join(''))
  console.log(
    `spark oracle: Spark ${ready.sparkVersion} ready on port ${ready.port} after ${Date.now() - started} ms`,
  )
  project.provide('sparkOraclePort', ready.port)
  project.provide('sparkVersion', ready.sparkVersion)
  return async () => {
    child.stdin.end() // the oracle exits when its stdin closes
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL')
        resolve()
      }, 20_000)
      child.once('exit', () => {
        clearTimeout(timer)
        resolve()
      })
    })
  }
}

function waitForReady(
  child: ChildProcess,
  stderr: () => string,
): Promise<{ port: number; sparkVersion: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(
        new Error(`the Spark oracle did not start within ${STARTUP_TIMEOUT_MS} ms:\n${stderr()}`),
      )
    }, STARTUP_TIMEOUT_MS)
    const lines = createInterface({ input: child.stdout! })
    lines.on('line', (line) => {
      try {
        const msg = JSON.parse(line) as { ready?: boolean; port: number; sparkVersion: string }
        if (msg.ready) {
          clearTimeout(timer)
          resolve(msg)
        }
      } catch {
        // PySpark may print other lines; only the ready line is JSON.
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(
        new Error(`the Spark oracle exited with code ${code} before it was ready:\n${stderr()}`),
      )
    })
  })
}
