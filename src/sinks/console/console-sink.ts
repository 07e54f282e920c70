/** The console sink: prints each batch like Spark's `format("console")`. */
import { formatTable } from '../../internal/format-table.js'
import type { Row, StructType } from '../../types/index.js'
import type { Sink, SinkStartContext } from '../sink.js'

export class ConsoleSink implements Sink {
  readonly description = 'ConsoleSink'
  readonly reportsOutputRows = true
  private schema: StructType | undefined
  private timeZone = 'UTC'

  constructor(
    private readonly numRows = 20,
    private readonly truncate = true,
    private readonly write: (text: string) => void = (t) => process.stdout.write(t),
  ) {}

  async start(ctx: SinkStartContext): Promise<void> {
    this.schema = ctx.schema
    this.timeZone = ctx.timeZone
  }

  async addBatch(batchId: number, rows: readonly Row[]): Promise<void> {
    const bar = '-------------------------------------------'
    let text = `${bar}\nBatch: ${batchId}\n${bar}\n`
    text += formatTable(
      this.schema!,
      rows.slice(0, this.numRows),
      this.timeZone,
      this.truncate ? 20 : false,
    )
    if (rows.length > this.numRows) text += `only showing top ${this.numRows} rows\n`
    this.write(`${text}\n`)
  }

  async stop(): Promise<void> {}
}
