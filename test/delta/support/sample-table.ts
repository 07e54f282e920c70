import {
  newTableMetadata,
  writeDataFile,
  type Action,
  type DeltaLog,
} from '../../../src/delta/index.js'
import { parseDdlSchema, type Row } from '../../../src/types/index.js'

/** The engine's typical output: a pass-through of generated events plus a window struct. */
export const EVENT_SCHEMA = parseDdlSchema(
  'event_id STRING, user_id INT, amount DOUBLE, seq BIGINT, event_time TIMESTAMP, window STRUCT<start: TIMESTAMP, end: TIMESTAMP>',
)

export const BASE_MICROS = Date.UTC(2024, 4, 1, 12, 0, 0) * 1000

/** Deterministic event rows for batch `batch`. */
export function eventRows(batch: number, count: number): Row[] {
  return Array.from({ length: count }, (_, i) => {
    const t = BASE_MICROS + (batch * count + i) * 1_000_123
    const start = t - (t % 60_000_000)
    return [
      `e-${batch}-${i}`,
      (i * 7) % 100,
      i * 0.25,
      batch * 1_000_000 + i,
      t,
      [start, start + 60_000_000],
    ]
  })
}

/** Appends one streaming batch the way the engine's sink does: txn + add in one commit. */
export async function appendBatch(
  log: DeltaLog,
  appId: string,
  batch: number,
  rows: readonly Row[],
): Promise<number | undefined> {
  const txn = await log.startTransaction()
  const done = txn.txnVersion(appId)
  if (done !== undefined && done >= batch) return undefined
  const actions: Action[] = []
  if (!txn.snapshot.exists) actions.push({ metaData: newTableMetadata(EVENT_SCHEMA) })
  const add = await writeDataFile(log.tablePath, EVENT_SCHEMA, rows)
  actions.push({ txn: { appId, version: batch, lastUpdated: Date.now() } }, { add })
  return txn.commit(actions, {
    name: 'STREAMING UPDATE',
    parameters: { outputMode: 'Append', queryId: appId, epochId: String(batch) },
    metrics: {
      numAddedFiles: '1',
      numRemovedFiles: '0',
      numOutputRows: String(rows.length),
      numOutputBytes: String(add.size),
    },
  })
}
