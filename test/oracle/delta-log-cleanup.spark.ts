/**
 * Expired log clean-up against Delta itself: one log, two copies with the same file times; Spark
 * (Delta 4.4's MetadataCleanup, after the checkpoint its append writes) cleans one and our writer
 * (log-cleanup.ts, after the same checkpoint) the other — the same commits and checkpoints are
 * left. The times put the midnight cut-off right between a checkpoint's preceding commit and the
 * checkpoint, where Delta's code and the PROTOCOL text differ by one commit group.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DeltaLog, newTableMetadata, writeDataFile } from '../../src/delta/index.js'
import { parseDdlSchema } from '../../src/types/index.js'
import { tempDir } from '../support/temp-dir.js'
import { oracleCall } from './support/oracle-client.js'

const DAY = 86_400_000
const schema = parseDdlSchema('id BIGINT')

/** 25 commits (checkpoints every 5) with file times: version v at `timeOf(v)`. */
async function prepare(table: string, timeOf: (v: number) => number): Promise<void> {
  const log = DeltaLog.forTable(table)
  for (let v = 0; v < 25; v++) {
    const txn = await log.startTransaction()
    await txn.commit(
      [
        ...(v === 0
          ? [
              {
                metaData: newTableMetadata(schema, {
                  configuration: {
                    'delta.checkpointInterval': '5',
                    'delta.logRetentionDuration': 'interval 2 days',
                  },
                }),
              },
            ]
          : []),
        { add: await writeDataFile(table, schema, [[v]]) },
      ],
      { name: 'WRITE', parameters: { mode: 'Append' } },
    )
  }
  const logDir = path.join(table, '_delta_log')
  for (const name of await fs.readdir(logDir)) {
    const v = /^(\d{20})\./.exec(name)
    if (!v) continue
    const t = new Date(timeOf(Number(v[1])))
    await fs.utimes(path.join(logDir, name), t, t)
  }
}

async function ourAppendAndList(table: string, value: number): Promise<string[]> {
  const log = DeltaLog.forTable(table)
  const txn = await log.startTransaction()
  await txn.commit([{ add: await writeDataFile(table, schema, [[value]]) }], {
    name: 'WRITE',
    parameters: { mode: 'Append' },
  })
  return (await fs.readdir(path.join(table, '_delta_log'))).sort()
}

// Commits and checkpoints below the append (version 25), as both engines name them.
const kept = (names: readonly string[]): string[] =>
  names.filter(
    (n) => /^\d{20}\.(json|checkpoint\.parquet)$/.test(n) && !n.startsWith('0'.repeat(18) + '25'),
  )

describe('log clean-up: ours deletes what Delta deletes', () => {
  it.each([
    // [case, newest expired commit, oldest version left]: the PROTOCOL text would keep 5, 10, 10.
    ['the cut-off just after commit 9 (checkpoint 10 follows it)', 9, 10],
    ['the cut-off just after commit 12 (between checkpoints)', 12, 10],
    ['the cut-off just after commit 14 (checkpoint 15 follows it)', 14, 15],
  ])('%s', async (_, lastExpired, oldest) => {
    // Cut-off: midnight UTC of now − 2 days. Commits up to lastExpired a minute apart before it,
    // the others a minute apart after it (all in the past).
    const cutoff = Math.floor((Date.now() - 2 * DAY) / DAY) * DAY
    const timeOf = (v: number) => cutoff + (v - lastExpired) * 60_000
    const root = await tempDir('streamlake-oracle-')
    const ours = path.join(root, 'ours')
    const theirs = path.join(root, 'spark')
    await prepare(ours, timeOf)
    await fs.cp(ours, theirs, { recursive: true, preserveTimestamps: true })
    const sparkLeft = await oracleCall<string[]>('delta_log_cleanup', 'append_and_list', {
      path: theirs,
      value: 25,
    })
    const oursLeft = await ourAppendAndList(ours, 25)
    expect(kept(oursLeft)).toEqual(kept(sparkLeft))
    const name = (v: number, kind: string) => `${String(v).padStart(20, '0')}.${kind}`
    expect(kept(sparkLeft)[0]).toBe(name(oldest, 'checkpoint.parquet'))
    expect(kept(sparkLeft)).not.toContain(name(oldest - 1, 'json'))
    expect(kept(sparkLeft)).toContain(name(oldest, 'json'))
  })
})
