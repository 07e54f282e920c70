/**
 * Child process of the crash test (bundled with esbuild, run by plain node with
 * STREAMLAKE_CRASH_AT): starts an update-mode Delta sink and writes one batch read from a JSON
 * file `{ batchId, rows }`.
 */
import { readFileSync } from 'node:fs'
import { DeltaSink } from '../../../../src/sinks/delta/delta-sink.js'
import { updateCtx } from './upsert-table.js'

const [tablePath, batchFile] = process.argv.slice(2)
const { batchId, rows } = JSON.parse(readFileSync(batchFile!, 'utf8')) as {
  batchId: number
  rows: unknown[][]
}
const sink = new DeltaSink(tablePath!)
await sink.start(updateCtx())
await sink.addBatch(batchId, rows)
process.stdout.write('committed')
