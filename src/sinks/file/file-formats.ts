/**
 * The `json`, `csv` and `parquet` entries of the batch writer's format table: Spark's option
 * names for writing and an encoder per output file (file-batch-write.ts owns the layout). The
 * streaming file sink (file-stream-sink.ts) encodes its part files with the same outputs.
 */
import { encodeParquetRows } from '../../delta/index.js'
import { EngineError } from '../../errors/index.js'
import type { BatchWriteFormat } from '../batch-write.js'
import { PARTITION_OVERWRITE_MODE_OPTION } from '../partition-overwrite-mode.js'
import { flag } from '../delta/delta-write-options.js'
import { CSV_WRITE_OPTIONS, csvRowEncoder, csvSettings } from './csv-row-encoder.js'
import { writeFileOutput, type FileEncoder } from './file-batch-write.js'
import { jsonRowEncoder } from './json-row-encoder.js'
import { textValueFormat } from './text-value-format.js'

const UTF8 = new TextEncoder()

/** The JSON writer's option names. @internal */
export const JSON_WRITE_OPTIONS = [
  'timestampFormat',
  'timestampNTZFormat',
  'dateFormat',
  'timeZone',
  'ignoreNullFields',
  'compression',
] as const

/** How one format encodes its part files: the name's extension and an encoder per file. @internal */
export interface FileOutput {
  readonly extension: string
  readonly encode: FileEncoder
}

/** `json`: JSON lines (Spark's `.json` part files). Checks the options now. @internal */
export function jsonOutput(
  options: Readonly<Record<string, string>>,
  timeZone: string,
): FileOutput {
  noCompression(options)
  const format = textValueFormat(options, timeZone)
  const ignoreNullFields =
    options['ignoreNullFields'] === undefined ? true : flag(options, 'ignoreNullFields')
  return {
    extension: '.json',
    encode: (schema, rows) => {
      const encode = jsonRowEncoder(schema, format, ignoreNullFields)
      return UTF8.encode(rows.map((r) => `${encode(r)}\n`).join(''))
    },
  }
}

/** `csv`: CSV lines, a header line with `header=true`. `path` names the output in errors. @internal */
export function csvOutput(
  options: Readonly<Record<string, string>>,
  timeZone: string,
  path: string,
): FileOutput {
  noCompression(options)
  const format = textValueFormat(options, timeZone)
  const settings = csvSettings(options)
  return {
    extension: '.csv',
    encode: (schema, rows) => {
      const { header, encode } = csvRowEncoder(path, schema, format, settings)
      const lines = rows.map((r) => `${encode(r)}\n`)
      if (settings.header) lines.unshift(`${header}\n`)
      return UTF8.encode(lines.join(''))
    },
  }
}

/** `parquet`: snappy Parquet, as the Delta data files. @internal */
export function parquetOutput(options: Readonly<Record<string, string>>, path: string): FileOutput {
  const codec = (options['compression'] ?? 'snappy').toLowerCase()
  if (codec !== 'snappy')
    throw invalid('compression', codec, "Only Spark's default, snappy, is written.")
  return {
    extension: '.snappy.parquet',
    encode: (schema, rows) => encodeParquetRows(path, schema, rows),
  }
}

/** `df.write.json(path)`. @internal */
export const JSON_BATCH_FORMAT: BatchWriteFormat = {
  options: [...JSON_WRITE_OPTIONS, PARTITION_OVERWRITE_MODE_OPTION],
  async write(request) {
    const out = jsonOutput(request.options, request.timeZone)
    await writeFileOutput(request, 'json', out.extension, out.encode)
  },
}

/** `df.write.csv(path)`. @internal */
export const CSV_BATCH_FORMAT: BatchWriteFormat = {
  options: [...CSV_WRITE_OPTIONS, 'compression', PARTITION_OVERWRITE_MODE_OPTION],
  async write(request) {
    const out = csvOutput(request.options, request.timeZone, request.path)
    await writeFileOutput(request, 'csv', out.extension, out.encode)
  },
}

/** `df.write.parquet(path)`. @internal */
export const PARQUET_BATCH_FORMAT: BatchWriteFormat = {
  options: ['compression', PARTITION_OVERWRITE_MODE_OPTION],
  async write(request) {
    const out = parquetOutput(request.options, request.path)
    await writeFileOutput(request, 'parquet', out.extension, out.encode)
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
