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
import { columnValues, unpackRows } from '../../types/packed-columns.js'
import { chunkRows, type RecordChunk } from '../../types/record-chunk.js'
import { rowJson } from '../late-record.js'
import type { BatchContext } from '../batch-context.js'
import { EvictionQueue } from './eviction-queue.js'
import { emptyProgress, operatorProgress, type StatefulOperator } from './stateful-operator.js'
import { keyJson, parseKeyJson } from './state-key-json.js'

/**
 * Offers one input row to the batch: its event time, its state key, and how to get the row
 * (`rowOf(i)`) should it be reported as late. True: a new key, the row is kept.
 */
type Admit = (t: number | null, key: string, rowOf: (i: number) => Row, i: number) => boolean

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

  recoverLastBatch(evictWatermarkMs: number): void {
    this.lastEvictWatermarkMs = evictWatermarkMs
  }

  shouldRunAnotherBatch(newWatermarkMs: number): boolean {
    return (
      this.hasWatermark &&
      this.lastEvictWatermarkMs !== undefined &&
      newWatermarkMs > this.lastEvictWatermarkMs
    )
  }

  async execute(rows: readonly Row[], ctx: BatchContext): Promise<Row[]> {
    let out: Row[] = []
    await this.run(ctx, (admit) => {
      out = this.admitRows(rows, admit)
    })
    return out
  }

  /** The rows of `rows` that `admit` keeps. */
  private admitRows(rows: readonly Row[], admit: Admit): Row[] {
    const t = this.eventTimeIndex
    const rowOf = (i: number): Row => rows[i]!
    const kept: Row[] = []
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!
      if (admit(t >= 0 ? (row[t] as number | null) : null, this.keyText(row), rowOf, i))
        kept.push(row)
    }
    return kept
  }

  /**
   * {@link execute} over record chunks: a packed chunk stays packed, with a selection of the rows
   * kept, and only the key and event-time columns are read (no row objects, except a late row
   * that is reported).
   */
  async executeChunks(chunks: readonly RecordChunk[], ctx: BatchContext): Promise<RecordChunk[]> {
    const out: RecordChunk[] = []
    await this.run(ctx, (admit) => {
      for (const chunk of chunks) {
        if ('rows' in chunk || 'records' in chunk) {
          out.push({ rows: this.admitRows(chunkRows(chunk), admit) })
          continue
        }
        const { packed, selection } = chunk
        const count = packed.count
        const keys = this.keyIndexes.map((i) => columnValues(packed.columns[i]!, count))
        const times =
          this.eventTimeIndex >= 0
            ? (columnValues(packed.columns[this.eventTimeIndex]!, count) as (number | null)[])
            : undefined
        let rows: Row[] | undefined
        const rowAt = (i: number): Row => (rows ??= unpackRows(packed))[i]!
        const n = selection ? selection.length : count
        const kept = new Int32Array(n)
        let m = 0
        const two = keys.length === 2
        for (let k = 0; k < n; k++) {
          const i = selection ? selection[k]! : k
          const key = two
            ? keyJson([keys[0]![i] ?? null, keys[1]![i] ?? null])
            : keyJson(keys.map((column) => column[i] ?? null))
          if (admit(times ? (times[i] ?? null) : null, key, rowAt, i)) kept[m++] = i
        }
        out.push(
          m === count ? { packed } : { packed, selection: m === n ? kept : kept.slice(0, m) },
        )
      }
    })
    return out
  }

  /**
   * One batch: opens the state, lets `visit` offer every input row to `admit`, then evicts,
   * commits and records progress.
   */
  private async run(ctx: BatchContext, visit: (admit: Admit) => void): Promise<void> {
    const store = await this.provider.open(ctx.batchId)
    const started = performance.now()
    const watermarked = this.hasWatermark && this.eventTimeIndex >= 0
    const evicting = watermarked && (this.node.withinWatermark || this.eventTimeIsKey)
    if (evicting && this.queueVersion !== store.version) this.rebuildQueue(store)
    // Until this batch commits, the queue may have lost keys a failed attempt popped.
    this.queueVersion = -1
    const lateMicros = ctx.lateWatermarkMs * 1000
    let late = 0
    let duplicates = 0
    let updated = 0
    visit((time, key, rowOf, i) => {
      const t = watermarked ? time : null
      if (watermarked && t !== null && t <= lateMicros) {
        late++
        ctx.lateRecords?.push({
          operator: this.operatorName,
          eventTimeMicros: t,
          record: rowJson(this.names, this.types, rowOf(i)),
        })
        return false
      }
      if (store.get(key) !== undefined) {
        duplicates++
        return false
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
      return true
    })
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
  }

  /**
   * The state key of a row: the JSON text of its key values (what state files persist). One
   * `JSON.stringify` of a fresh tuple measured faster than joining per-value texts: the row's
   * strings are slices of the parse worker's text, which the native serialiser reads directly.
   */
  private keyText(row: Row): string {
    const k = this.keyIndexes
    if (k.length === 2) return keyJson([row[k[0]!] ?? null, row[k[1]!] ?? null])
    return keyJson(k.map((i) => row[i] ?? null))
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
      const time = (v.length > 0 ? v[0] : parseKeyJson(k)[timeInKey]) as number | null
      if (time !== null && time !== undefined) this.queue.push(time, k)
    }
  }

  async close(): Promise<void> {
    await this.provider.close()
  }
}
