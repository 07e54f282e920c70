/**
 * spark-semantics §15 S4 (Trigger.Once per step: no no-data batches, so closed windows appear one
 * run later) and S5 (Trigger.AvailableNow per step: a no-data batch before stopping), on files and
 * one checkpoint across runs.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SparkSession, window, type TriggerSetting } from '../../../src/index.js'
import { at } from '../../support/scenario.js'
import { tempDir } from '../../support/temp-dir.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

async function runSteps(
  trigger: TriggerSetting,
  steps: readonly number[][],
): Promise<{ perRun: string[][]; batches: number[][]; watermarks: string[] }> {
  const root = await tempDir()
  const input = join(root, 'in')
  await fs.mkdir(input)
  const perRun: string[][] = []
  const batches: number[][] = []
  const watermarks: string[] = []
  for (let i = 0; i < steps.length; i++) {
    const file = join(input, `step-${i}.json`)
    await fs.writeFile(
      file,
      steps[i]!.map((s) => JSON.stringify({ ts: new Date(at(s) * 1000).toISOString() })).join(
        '\n',
      ) + '\n',
    )
    await fs.utimes(file, 1_700_000_000 + i, 1_700_000_000 + i)
    const out: string[] = []
    const q = await spark.readStream
      .format('json')
      .schema('ts TIMESTAMP')
      .load(input)
      .withWatermark('ts', '10 seconds')
      .groupBy(window('ts', '5 seconds'))
      .count()
      .writeStream.outputMode('append')
      .option('checkpointLocation', join(root, 'cp'))
      .trigger(trigger)
      .foreachBatch(async (df) => {
        for (const r of await df.collect()) {
          const w = r['window'] as { start: Date; end: Date }
          out.push(
            `[${w.start.getTime() / 1000 - at(0)},${w.end.getTime() / 1000 - at(0)})=${String(r['count'])}`,
          )
        }
      })
      .start()
    await q.awaitTermination()
    perRun.push(out.sort())
    batches.push(q.recentProgress.map((p) => p.batchId))
    watermarks.push(q.recentProgress[0]!.eventTime!['watermark']!)
  }
  return { perRun, batches, watermarks }
}

const wm = (s: number): string =>
  s === 0 ? '1970-01-01T00:00:00.000Z' : new Date(at(s) * 1000).toISOString()

describe('per-step runs on one checkpoint', () => {
  it('S4: Trigger.Once — one batch per run, no no-data batch, output one run later', async () => {
    const r = await runSteps({ once: true }, [[15], [10, 12, 14], [25], [50], [50]])
    expect(r.perRun).toEqual([[], [], [], ['[10,15)=3'], ['[15,20)=1', '[25,30)=1']])
    expect(r.batches).toEqual([[0], [1], [2], [3], [4]])
    expect(r.watermarks).toEqual([wm(0), wm(5), wm(5), wm(15), wm(40)])
  })

  it('S5: Trigger.AvailableNow — a no-data batch before stopping when the watermark moved', async () => {
    const r = await runSteps({ availableNow: true }, [[15], [10, 12, 14], [25], [50], [50]])
    expect(r.perRun).toEqual([[], [], ['[10,15)=3'], ['[15,20)=1', '[25,30)=1'], []])
    expect(r.batches).toEqual([[0, 1], [2], [3, 4], [5, 6], [7]])
  })
})
