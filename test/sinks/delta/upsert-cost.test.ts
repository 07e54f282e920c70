/**
 * Cost of update mode on a long-running windowed aggregation: 200 batches of 1,000 groups (100
 * event types x 10 one-minute windows, advancing 5 windows per batch, so each batch updates the
 * 500 groups of the previous batch's newest windows and inserts 500), then one batch touching
 * 1,000 recent groups. Pruning by stats must keep the work per batch proportional to the rows
 * touched: the files read per batch stay constant while the table grows. Timings are printed
 * (`UPSERT_COST_BATCHES` scales the table).
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DeltaLog } from '../../../src/delta/index.js'
import type { Row } from '../../../src/types/index.js'
import { tempDir } from '../../support/temp-dir.js'
import { startedSink, win } from './support/upsert-table.js'

const BATCHES = Number(process.env['UPSERT_COST_BATCHES'] ?? 200)
const TYPES = Array.from({ length: 100 }, (_, i) => `type_${String(i).padStart(3, '0')}`)

function batch(b: number): Row[] {
  const rows: Row[] = []
  for (let w = 5 * b; w < 5 * b + 10; w++)
    for (const t of TYPES) rows.push([win(w), t, b * 10 + (w % 10), b + w / 1000])
  return rows
}

describe('update mode cost', () => {
  it(`reads a constant number of files per batch over ${BATCHES} batches`, async () => {
    const path = join(await tempDir(), 't')
    const sink = await startedSink(path, undefined)
    const log = DeltaLog.forTable(path)
    const times: number[] = []
    const filesRead: number[] = []
    for (let b = 0; b <= BATCHES; b++) {
      const t = performance.now()
      await sink.addBatch(b, batch(b))
      times.push(performance.now() - t)
      const [entry] = await log.history(1)
      filesRead.push(Number(entry!.operationMetrics['numFilesRead']))
    }
    const last = (await log.history(1))[0]!
    const live = (await log.snapshot()).files.length
    const avg = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length
    const report = {
      batches: BATCHES,
      liveFiles: live,
      msPerBatchFirst10: +avg(times.slice(0, 10)).toFixed(1),
      msPerBatchLast10: +avg(times.slice(-11, -1)).toFixed(1),
      msPerBatchAll: +avg(times.slice(0, -1)).toFixed(1),
      finalBatchMs: +times.at(-1)!.toFixed(1),
      finalBatch: last.operationMetrics,
      maxFilesReadPerBatch: Math.max(...filesRead),
    }
    console.log(`update-mode cost: ${JSON.stringify(report, null, 2)}`)
    expect(last.operationMetrics).toMatchObject({
      numSourceRows: '1000',
      numUpdatedRows: '500',
      numInsertedRows: '500',
      numFilesRead: '1',
    })
    expect(Number(last.operationMetrics['numFilesBeforeSkipping'])).toBe(live - 1)
    expect(Math.max(...filesRead)).toBeLessThanOrEqual(1)
    expect(live).toBeGreaterThan(BATCHES) // the table grew; the work per batch did not
  }, 300_000)
})
