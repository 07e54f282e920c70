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
import type { StateStore, StateStoreProvider } from '../../state/state-store.js'
import { fieldIndex, type DataType, type Row, type StructType } from '../../types/index.js'
import { rowJson } from '../late-record.js'
import type { BatchContext } from '../batch-context.js'
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
      const key = JSON.stringify(this.keyIndexes.map((i) => row[i] ?? null))
      if (store.get(key) !== undefined) {
        duplicates++
        continue
      }
      // The value is what eviction needs: the event time, or the expiry for WithinWatermark.
      store.put(key, [this.node.withinWatermark ? (t ?? 0) + this.delayMicros : t])
      updated++
      out.push(row)
    }
    const updatesMs = performance.now() - started
    const removed = this.evict(store, ctx.evictWatermarkMs * 1000, watermarked)
    this.lastEvictWatermarkMs = ctx.evictWatermarkMs
    const m = await store.commit()
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

  private evict(store: StateStore, evictMicros: number, watermarked: boolean): number {
    if (!watermarked || (!this.node.withinWatermark && !this.eventTimeIsKey)) return 0
    const victims: string[] = []
    for (const [k, v] of store.entries()) {
      const time = v[0] as number | null
      if (time !== null && time <= evictMicros) victims.push(k)
    }
    for (const k of victims) store.remove(k)
    return victims.length
  }

  async close(): Promise<void> {
    await this.provider.close()
  }
}
