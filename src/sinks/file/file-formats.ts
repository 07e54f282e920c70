/**
 * The `json`, `csv` and `parquet` entries of the batch writer's format table: Spark's option
 * names for writing and an encoder per output file (file-batch-write.ts owns the layout).
 */
import { encodeParquetRows } from '../../delta/index.js'
import { EngineError } from '../../errors/index.js'
import type { BatchWriteFormat } from '../batch-write.js'
import { PARTITION_OVERWRITE_MODE_OPTION } from '../partition-overwrite-mode.js'
import { flag } from '../delta/delta-write-options.js'
import { CSV_WRITE_OPTIONS, csvRowEncoder, csvSettings } from './csv-row-encoder.js'
import { writeFileOutput } from './file-batch-write.js'
import { jsonRowEncoder } from './json-row-encoder.js'
import { textValueFormat } from './text-value-format.js'

const UTF8 = new TextEncoder()

/** `df.write.json(path)`: JSON lines (Spark's `.json` part files). @internal */
export const JSON_BATCH_FORMAT: BatchWriteFormat = {
  options: [
    'timestampFormat',
    'timestampNTZFormat',
    'dateFormat',
    'timeZone',
    'ignoreNullFields',
    'compression',
    PARTITION_OVERWRITE_MODE_OPTION,
  ],
  async write(request) {
    noCompression(request.options)
    const format = textValueFormat(request.options, request.timeZone)
    const ignoreNullFields =
      request.options['ignoreNullFields'] === undefined
        ? true
        : flag(request.options, 'ignoreNullFields')
    await writeFileOutput(request, 'json', '.json', (schema, rows) => {
      const encode = jsonRowEncoder(schema, format, ignoreNullFields)
      return UTF8.encode(rows.map((r) => `${encode(r)}\n`).join(''))
    })
  },
}

/** `df.write.csv(path)`: CSV lines, a header line with `header=true`. @internal */
export const CSV_BATCH_FORMAT: BatchWriteFormat = {
  options: [...CSV_WRITE_OPTIONS, 'compression', PARTITION_OVERWRITE_MODE_OPTION],
  async write(request) {
    noCompression(request.options)
    const format = textValueFormat(request.options, request.timeZone)
    const settings = csvSettings(request.options)
    await writeFileOutput(request, 'csv', '.csv', (schema, rows) => {
      const { header, encode } = csvRowEncoder(request.path, schema, format, settings)
      const lines = rows.map((r) => `${encode(r)}\n`)
      if (settings.header) lines.unshift(`${header}\n`)
      return UTF8.encode(lines.join(''))
    })
  },
}

/** `df.write.parquet(path)`: snappy Parquet, as the Delta data files. @internal */
export const PARQUET_BATCH_FORMAT: BatchWriteFormat = {
  options: ['compression', PARTITION_OVERWRITE_MODE_OPTION],
  async write(request) {
    const codec = (request.options['compression'] ?? 'snappy').toLowerCase()
    if (codec !== 'snappy')
      throw invalid('compression', codec, "Only Spark's default, snappy, is written.")
    await writeFileOutput(request, 'parquet', '.snappy.parquet', (schema, rows) =>
      encodeParquetRows(request.path, schema, rows),
    )
  },
}

function noCompression(options: Readonly<Record<string, string>>): void {
  const codec = options['compression']
  if (codec !== undefined && !['none', 'uncompressed'].includes(codec.toLowerCase()))
    throw invalid('compression', codec, 'Text output is written uncompressed; use none.')
}

function invalid(option: string, value: string, hint: string): EngineError {
  return new EngineError(
    'SL_API_INVALID_OPTION',
    { option, problem: 'is not supported', value: JSON.stringify(value), hint },
    { option },
  )
}
