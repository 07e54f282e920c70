/**
 * Update mode against a concurrent writer: another commit lands between the sink's planning and
 * its commit (injected at the `delta-sink-files-written` crash point). The upsert declared that
 * it read the whole table, so the commit conflicts and the sink re-plans on the new snapshot.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { DeltaLog, writeDataFile, type Action } from '../../../src/delta/index.js'
import { tempDir } from '../../support/temp-dir.js'
import { WINDOW_SCHEMA, startedSink, tableRows, win } from './support/upsert-table.js'

const hook = vi.hoisted(() => ({ once: undefined as (() => void) | undefined }))
vi.mock('../../../src/internal/crash-points.js', () => ({
  crashPoint: (point: string) => {
    if (point !== 'delta-sink-files-written' || !hook.once) return
    const f = hook.once
    hook.once = undefined
    f()
  },
}))

/** Publishes `actions` as version `version` behind the sink's back (synchronously). */
function commitBehindTheSink(path: string, version: number, actions: Action[]): void {
  const lines = [
    { commitInfo: { timestamp: Date.now(), operation: 'WRITE', operationParameters: {} } },
    ...actions,
  ]
  writeFileSync(
    join(path, '_delta_log', `${String(version).padStart(20, '0')}.json`),
    lines.map((a) => JSON.stringify(a)).join('\n') + '\n',
    { flag: 'wx' },
  )
}

describe('DeltaSink update mode with a concurrent writer', () => {
  it('re-plans when another writer added a file meanwhile, so a key never appears twice', async () => {
    const path = join(await tempDir(), 't')
    const sink = await startedSink(path)
    await sink.addBatch(0, [
      [win(0), 'click', 1, 1],
      [win(0), 'view', 1, 1],
    ])
    // Another writer appends a row of the key this batch upserts.
    const theirs = await writeDataFile(path, WINDOW_SCHEMA, [[win(0), 'click', 77, 77]])
    hook.once = () => commitBehindTheSink(path, 1, [{ add: theirs }])
    await sink.addBatch(1, [[win(0), 'click', 2, 2]])
    const log = DeltaLog.forTable(path)
    expect((await log.snapshot()).version).toBe(2)
    expect(await tableRows(path)).toEqual(
      [JSON.stringify([win(0), 'click', 2, 2]), JSON.stringify([win(0), 'view', 1, 1])].sort(),
    )
    const [ours] = await log.history(1)
    expect(ours).toMatchObject({ readVersion: 1, txn: { appId: 'q-up', version: 1 } })
    expect(ours!.operationMetrics).toMatchObject({ numUpdatedRows: '1', numDeletedRows: '2' })
  })

  it('stops, without retrying, when another instance of the same query committed', async () => {
    const path = join(await tempDir(), 't')
    const sink = await startedSink(path)
    await sink.addBatch(0, [[win(0), 'click', 1, 1]])
    hook.once = () =>
      commitBehindTheSink(path, 1, [{ txn: { appId: 'q-up', version: 1, lastUpdated: 0 } }])
    await expect(sink.addBatch(1, [[win(0), 'click', 2, 2]])).rejects.toMatchObject({
      code: 'SL_DELTA_CONCURRENT_TRANSACTION',
    })
    expect((await DeltaLog.forTable(path).snapshot()).version).toBe(1)
  })
})
