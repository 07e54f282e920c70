/**
 * A streaming source a test pushes rows into (Spark's MemoryStream). Each `addData` call becomes
 * one block; a batch reads every block added since the previous batch.
 *
 * @example
 * ```ts
 * import { SparkSession } from 'streamlake'
 * import { MemoryStream } from 'streamlake/testing'
 * const spark = SparkSession.builder().getOrCreate()
 * const input = new MemoryStream(spark, 'ts TIMESTAMP, key STRING')
 * input.addData({ ts: '2026-01-01 00:00:10', key: 'a' })
 * const df = input.toDF()
 * ```
 */
import { randomUUID } from 'node:crypto'
import type { DataFrame } from '../api/dataframe.js'
import { fromUserRow } from '../api/row-conversion.js'
import type { SparkSession } from '../api/session.js'
import { SourceNode } from '../plan/nodes/index.js'
import { MemoryStreamData } from '../sources/memory/memory-stream-data.js'
import { parseDdlSchema, type StructType } from '../types/index.js'
import { DataFrame as DataFrameClass } from '../api/dataframe.js'

/** Options of a {@link MemoryStream}. */
export interface MemoryStreamOptions {
  /**
   * A fixed stream id (default: a random UUID). The id is the source's identity in a
   * checkpoint, so a query restarted in another process with a new MemoryStream (a frozen
   * checkpoint fixture) needs the id it was created with. Unique within a session.
   */
  readonly id?: string
}

export class MemoryStream {
  readonly id: string
  readonly schema: StructType
  private readonly data: MemoryStreamData

  constructor(
    private readonly spark: SparkSession,
    schema: StructType | string,
    options: MemoryStreamOptions = {},
  ) {
    this.id = options.id ?? randomUUID()
    this.schema = typeof schema === 'string' ? parseDdlSchema(schema) : schema
    this.data = new MemoryStreamData(this.id, this.schema)
  }

  /** Appends rows (objects by field name or arrays by position); returns the new offset. */
  addData(...rows: unknown[]): number {
    const tz = this.spark.conf.timeZone
    return this.data.append(rows.map((r, i) => fromUserRow(this.schema, r, tz, `addData row ${i}`)))
  }

  /** The streaming DataFrame over this stream. */
  toDF(): DataFrame {
    return new DataFrameClass(
      this.spark,
      SourceNode.create({
        sourceId: this.id,
        format: 'memory',
        path: undefined,
        options: { streamId: this.id },
        schema: this.schema,
        isStreaming: true,
      }),
    )
  }
}
