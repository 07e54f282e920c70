/**
 * Turns a plan's {@link SourceNode} into a connector for the embedded executor. The only place
 * that maps format names to connector classes.
 */
import { resolve } from 'node:path'
import { JsonFileReader } from './file/json-file-reader.js'
import { CsvFileReader } from './file/csv-file-reader.js'
import { ParquetFileReader } from './file/parquet-file-reader.js'
import { PartitionValuesReader } from './file/partition-values-reader.js'
import { AnalysisError, SourceError } from '../errors/index.js'
import type { SourceNode } from '../plan/nodes/index.js'
import { asNullable } from '../types/index.js'
import { FileStreamSource } from './file/file-stream-source.js'
import { parseFileSourceOptions } from './file/file-source-options.js'
import { parseKafkaOptions } from './kafka/kafka-options.js'
import { KafkaStreamSource } from './kafka/kafka-stream-source.js'
import { DeltaStreamSource } from './delta/delta-stream-source.js'
import { MemoryStreamData } from './memory/memory-stream-data.js'
import { MemoryStreamSource } from './memory/memory-stream-source.js'
import { parseRateOptions } from './rate/rate-options.js'
import { RateStreamSource } from './rate/rate-stream-source.js'
import type { SourceContext, StreamSource } from './source.js'

export const STREAMING_FORMATS = [
  'csv',
  'delta',
  'json',
  'kafka',
  'memory',
  'parquet',
  'rate',
] as const

/**
 * Opens a streaming source for a query: a Delta source reads its table's log first (the table's
 * schema is the stream's), the others are created as {@link createStreamSource} does.
 */
export async function openStreamSource(
  node: SourceNode,
  ctx: SourceContext,
): Promise<StreamSource> {
  if (node.format !== 'delta') return createStreamSource(node, ctx)
  if (!node.path) throw new AnalysisError('SL_SOURCE_PATH_REQUIRED', { format: node.format })
  return DeltaStreamSource.open(node.path, node.options, ctx)
}

/** Validates everything about a streaming source that can be checked before start. */
export function createStreamSource(node: SourceNode, ctx: SourceContext): StreamSource {
  switch (node.format) {
    case 'csv':
    case 'json':
    case 'parquet': {
      if (!node.schema) {
        throw new AnalysisError('SL_SOURCE_SCHEMA_REQUIRED', {
          format: node.format,
          path: node.path ?? '',
        })
      }
      if (!node.path) throw new AnalysisError('SL_SOURCE_PATH_REQUIRED', { format: node.format })
      const fileOptions = parseFileSourceOptions(node.options)
      // Spark makes file-source schemas nullable (a NOT NULL in the user schema is not enforced).
      const schema = asNullable(node.schema)
      const reader =
        node.format === 'csv'
          ? new CsvFileReader(schema, node.options, ctx.timeZone)
          : node.format === 'parquet'
            ? new ParquetFileReader(schema)
            : new JsonFileReader(schema, node.options, ctx.timeZone)
      const root = resolve(node.path)
      return new FileStreamSource(
        node.path,
        schema,
        fileOptions,
        new PartitionValuesReader(reader, root, schema),
        ctx,
      )
    }
    case 'kafka':
      return new KafkaStreamSource(parseKafkaOptions(node.options, true), ctx)
    case 'memory': {
      const data = MemoryStreamData.lookup(node.options['streamId'] ?? '')
      if (!data)
        throw new SourceError('SL_SOURCE_UNKNOWN_FORMAT', {
          format: 'memory (unknown stream id)',
          known: STREAMING_FORMATS,
        })
      return new MemoryStreamSource(data)
    }
    case 'rate':
      return new RateStreamSource(parseRateOptions(node.options), ctx)
    default:
      throw new AnalysisError(
        'SL_SOURCE_UNKNOWN_FORMAT',
        { format: node.format, known: STREAMING_FORMATS },
        { option: 'format' },
      )
  }
}
