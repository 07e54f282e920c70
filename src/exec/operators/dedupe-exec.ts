/**
 * Streaming deduplication (spark-semantics §6): `dropDuplicates(keys)` keeps the first row of
 * each key for the life of the state; with a watermark, rows with event time `<= lateWM` are
 * dropped first, and keys whose event time (when it is one of the keys) is `<= evictWM` leave
 * the state. `dropDuplicatesWithinWatermark(keys)` stores `expiresAt = t_first + delay` and
 * forgets the key once `expiresAt <= evictWM`, after which the key is new again.
 */
import { WATERMARK_DELAY_KEY } from '../../plan/analyzer.js'
import type { DeduplicateNode } from '../../plan/nodes/index.js'
import type { StateOperatorProgress } from '../../monitor/progress.js'
import {
  EMPTY_STATE_VALUE,
  type StateStore,
  type StateStoreProvider,
} from '../../state/state-store.js'
import { fieldIndex, type DataType, type Row, type StructType } from '../../types/index.js'
import { rowJson } from '../late-record.js'
import type { BatchContext } from '../batch-context.js'
import { EvictionQueue } from './eviction-queue.js'
import { emptyProgress, operatorProgress, type StatefulOperator } from './stateful-operator.js'

export class DedupeExec implements StatefulOperator {
  readonly operatorName: string
  private readonly keyIndexes: number[]
  private readonly eventTimeIndex: number
  private readonly eventTimeIsKey: boolean
  private readonly delayMicros: number
  private lastEvictWatermarkMs: number | undefined
  progress: StateOperatorProgress
  private readonly names: readonly string[]
  private readonly types: readonly DataType[]
  /** Keys by eviction time, valid for the store version `queueVersion` (-1: rebuild first). */
  private queue = new EvictionQueue()
  private queueVersion = -1

  constructor(
    readonly operatorId: number,
    private readonly node: DeduplicateNode,
    schema: StructType,
    private readonly provider: StateStoreProvider,
    private readonly hasWatermark: boolean,
  ) {
    this.operatorName = node.withinWatermark ? 'dedupeWithinWatermark' : 'dedupe'
    this.names = schema.fields.map((f) => f.name)
    this.types = schema.fields.map((f) => f.dataType)
    this.keyIndexes =
      node.keys.length === 0
        ? schema.fields.map((_, i) => i)
        : node.keys.map((k) => fieldIndex(schema, k))
    this.eventTimeIndex = schema.fields.findIndex(
      (f) => f.metadata[WATERMARK_DELAY_KEY] !== undefined,
    )
    this.eventTimeIsKey = this.keyIndexes.includes(this.eventTimeIndex)
    this.delayMicros =
      this.eventTimeIndex < 0
        ? 0
        : Number(schema.fields[this.eventTimeIndex]!.metadata[WATERMARK_DELAY_KEY]) * 1000
    this.progress = emptyProgress(this.operatorName, { numDroppedDuplicateRows: 0 })
  }

  shouldRunAnotherBatch(newWatermarkMs: number): boolean {
    return (
      this.hasWatermark &&
      this.lastEvictWatermarkMs !== undefined &&
      newWatermarkMs > this.lastEvictWatermarkMs
    )
  }

  async execute(rows: readonly Row[], ctx: BatchContext): Promise<Row[]> {
    const store = await this.provider.open(ctx.batchId)
    const started = performance.now()
    const watermarked = this.hasWatermark && this.eventTimeIndex >= 0
    const evicting = watermarked && (this.node.withinWatermark || this.eventTimeIsKey)
    if (evicting && this.queueVersion !== store.version) this.rebuildQueue(store)
    // Until this batch commits, the queue may have lost keys a failed attempt popped.
    this.queueVersion = -1
    const lateMicros = ctx.lateWatermarkMs * 1000
    const out: Row[] = []
    let late = 0
    let duplicates = 0
    let updated = 0
    for (const row of rows) {
      const t = watermarked ? (row[this.eventTimeIndex] as number | null) : null
      if (watermarked && t !== null && t <= lateMicros) {
        late++
        ctx.lateRecords?.push({
          operator: this.operatorName,
          eventTimeMicros: t,
          record: rowJson(this.names, this.types, row),
        })
        continue
      }
      const key = this.keyText(row)
      if (store.get(key) !== undefined) {
        duplicates++
        continue
      }
      if (this.node.withinWatermark) {
        const expiresAt = (t ?? 0) + this.delayMicros
        store.put(key, [expiresAt])
        if (evicting) this.queue.push(expiresAt, key)
      } else {
        // As in Spark, the value is empty: when eviction needs a time it is in the key. One
        // shared array, so a state row costs its key and nothing else.
        store.put(key, EMPTY_STATE_VALUE)
        if (evicting && t !== null) this.queue.push(t, key)
      }
      updated++
      out.push(row)
    }
    const updatesMs = performance.now() - started
    const removed = evicting ? this.evict(store, ctx.evictWatermarkMs * 1000) : 0
    this.lastEvictWatermarkMs = ctx.evictWatermarkMs
    const m = await store.commit()
    if (evicting) this.queueVersion = store.version + 1
    this.progress = operatorProgress(this.operatorName, {
      numRowsTotal: m.numRowsTotal,
      numRowsUpdated: updated,
      numRowsRemoved: removed,
      memoryUsedBytes: m.memoryUsedBytes,
      commitTimeMs: m.commitTimeMs,
      numRowsDroppedByWatermark: late,
      allUpdatesTimeMs: Math.round(updatesMs),
      customMetrics: {
        numDroppedDuplicateRows: duplicates,
        stateOnCurrentVersionSizeBytes: m.stateOnCurrentVersionSizeBytes,
      },
    })
    return out
  }

  /**
   * The state key of a row: the JSON text of its key values (what state files persist). One
   * `JSON.stringify` of a fresh tuple measured faster than joining per-value texts: the row's
   * strings are slices of the parse worker's text, which the native serialiser reads directly.
   */
  private keyText(row: Row): string {
    const k = this.keyIndexes
    if (k.length === 2) return JSON.stringify([row[k[0]!] ?? null, row[k[1]!] ?? null])
    return JSON.stringify(k.map((i) => row[i] ?? null))
  }

  /** Removes the keys whose time is `<= evictMicros`; returns how many. */
  private evict(store: StateStore, evictMicros: number): number {
    let removed = 0
    this.queue.evictUpTo(evictMicros, (time, key) => {
      const value = store.get(key)
      // A queued expiry may be stale (the key was evicted and added again); an event time is
      // part of the key, so any entry of the key is due.
      if (value !== undefined && (!this.node.withinWatermark || value[0] === time)) {
        store.remove(key)
        removed++
      }
    })
    return removed
  }

  /** Indexes every key of the store (after a restart, or after a batch that failed). */
  private rebuildQueue(store: StateStore): void {
    this.queue = new EvictionQueue()
    const timeInKey = this.keyIndexes.indexOf(this.eventTimeIndex)
    for (const [k, v] of store.entries()) {
      // Older checkpoints store dropDuplicates' event time as the value too: either works.
      const time = (v.length > 0 ? v[0] : (JSON.parse(k) as unknown[])[timeInKey]) as number | null
      if (time !== null && time !== undefined) this.queue.push(time, k)
    }
  }

  async close(): Promise<void> {
    await this.provider.close()
  }
}
