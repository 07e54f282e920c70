/**
 * The short maintenance soak (bench/soak/delta-maintenance-soak.ts) read by delta-rs: after 720
 * batches with auto compaction, hourly VACUUM and log clean-up, delta-rs sees the same version,
 * live files and every row once, and its history lists our OPTIMIZE and VACUUM commits. Runs in
 * `npm run test:interop` (STREAMLAKE_PYTHON from scripts/python-env.sh), like the other delta-rs
 * tests.
 */
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, test } from 'vitest'
import { SHORT_SOAK, runSoak } from '../../bench/soak/delta-maintenance-soak.js'
import { DeltaLog } from '../../src/delta/index.js'
import { tempTablePath } from './support/temp-table.js'
import { deltaRsPython } from '../support/delta-rs-python.js'

const PYTHON = deltaRsPython()
const run = promisify(execFile)

describe('delta-rs reads the soaked table', () => {
  test('720 batches: same version, files and rows', async () => {
    const table = await tempTablePath('sl-soak-')
    const result = await runSoak({
      table,
      ...SHORT_SOAK,
    })
    expect(result.everyRowOnce).toBe(true)
    const script = path.join(__dirname, 'support/delta-rs-inspect.py')
    const { stdout } = await run(PYTHON, [script, table, 'soak'], {
      maxBuffer: 256 * 1024 * 1024,
    })
    const seen = JSON.parse(stdout) as {
      version: number
      rows: unknown[][]
      columns: string[]
      numFiles: number
      txn: Record<string, number | null>
      history: Array<{ operation: string }>
    }
    const snapshot = await DeltaLog.forTable(table).snapshot()
    expect(seen.version).toBe(snapshot.version)
    expect(seen.numFiles).toBe(snapshot.files.length)
    expect(seen.txn['soak']).toBe(719)
    const id = seen.columns.indexOf('id')
    const ids = seen.rows.map((r) => Number(r[id])).sort((a, b) => a - b)
    expect(ids).toEqual(Array.from({ length: 720 * 20 }, (_, i) => i))
    const operations = new Set(seen.history.map((h) => h.operation))
    for (const op of ['STREAMING UPDATE', 'OPTIMIZE', 'VACUUM START', 'VACUUM END'])
      expect(operations.has(op)).toBe(true)
  }, 300_000)
})
