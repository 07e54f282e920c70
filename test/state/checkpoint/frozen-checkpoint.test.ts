/**
 * Frozen checkpoint fixture of state format v2 (STYLE.md 2.6.4): a checkpoint and its Delta
 * table, written by this code, committed under test/fixtures/checkpoints/v2-dedup-tumbling/.
 * The test copies both to a new place (so every absolute path differs), restarts the query
 * on the copy with more input and checks the table's exact rows — a later change of the state,
 * offset, commit or identity formats that cannot read this checkpoint turns it red.
 * Regenerate on purpose only (a new format version gets a new fixture directory):
 *   STREAMLAKE_UPDATE_FIXTURES=1 npx vitest run test/state/checkpoint/frozen-checkpoint.test.ts
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { SparkSession, window, type DataFrame } from '../../../src/index.js'
import { MemoryStream } from '../../../src/testing/index.js'
import { at } from '../../support/scenario.js'
import { tempDir } from '../../support/temp-dir.js'

const FIXTURE = fileURLToPath(
  new URL('../../fixtures/checkpoints/v2-dedup-tumbling', import.meta.url),
)
const STREAM_ID = 'frozen-v2-events'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

// Seconds after 2026-01-01T00:00:00Z. The fixture holds blocks 0 and 1; the test adds 2 and 3.
const BLOCKS: readonly (readonly [string, number][])[] = [
  [
    ['a', 1],
    ['b', 2],
    ['a', 1],
    ['c', 12],
  ],
  [
    ['d', 25],
    ['b', 2],
  ],
  [
    ['e', 31],
    ['c', 12],
  ],
  [['f', 45]],
]

function query(input: MemoryStream): DataFrame {
  return input
    .toDF()
    .withWatermark('ts', '10 seconds')
    .dropDuplicates(['id', 'ts'])
    .groupBy(window('ts', '10 seconds'))
    .count()
}

async function run(root: string, blocks: number, fresh: number): Promise<void> {
  const input = new MemoryStream(spark, 'id STRING, ts TIMESTAMP', { id: STREAM_ID })
  for (const block of BLOCKS.slice(0, blocks))
    input.addData(...block.map(([id, s]) => ({ id, ts: at(s) })))
  const q = await query(input)
    .writeStream.format('delta')
    .outputMode('append')
    .option('checkpointLocation', join(root, 'checkpoint'))
    .start(join(root, 'table'))
  try {
    for (const block of BLOCKS.slice(blocks, blocks + fresh)) {
      input.addData(...block.map(([id, s]) => ({ id, ts: at(s) })))
      await q.processAllAvailable()
    }
    if (fresh === 0) await q.processAllAvailable()
  } finally {
    await q.stop()
  }
}

async function tableRows(root: string): Promise<string[]> {
  const rows = await spark.read.format('delta').load(join(root, 'table')).collect()
  return rows.map((r) => JSON.stringify(r)).sort()
}

describe('frozen checkpoint v2 (dedup + tumbling window, Delta sink)', () => {
  it('restarts from a copied fixture and continues exactly where it stopped', async () => {
    if (process.env['STREAMLAKE_UPDATE_FIXTURES'] === '1') {
      await fs.rm(FIXTURE, { recursive: true, force: true })
      await run(FIXTURE, 0, 2)
    }
    const copy = join(await tempDir(), 'moved', 'elsewhere')
    await fs.cp(FIXTURE, copy, { recursive: true })
    const row = (start: number, count: number): string =>
      JSON.stringify({
        window: {
          start: new Date(at(start) * 1000).toISOString(),
          end: new Date(at(start + 10) * 1000).toISOString(),
        },
        count,
      })
    // The fixture's run: b0 (a, b, c; a duplicate), no-data b1 (W = 2 s), b2 (d; b late),
    // no-data b3 (W = 15 s) emitted [0,10) = 2; [10,20) = 1 (c) and [20,30) = 1 (d) are in state.
    expect(await tableRows(copy)).toEqual([row(0, 2)])
    await run(copy, 2, 2)
    // After the restart: e (c is late at W = 15) → W = 21 closes [10,20) — only from the
    // restored state, c was never re-read; f → W = 35 closes [20,30); [30,40) (e) stays open.
    expect(await tableRows(copy)).toEqual([row(0, 2), row(10, 1), row(20, 1)])
  })
})
