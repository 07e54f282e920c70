/**
 * The settings of a streaming file sink's `_spark_metadata` log, read as Spark reads them: the
 * session's `spark.sql.streaming.fileSink.log.*` and `spark.sql.streaming.minBatchesToRetain`
 * configuration and the sink's `retention` option. Durations are Spark time strings
 * (`JavaUtils.timeStringAsMs`: a number with an optional unit us, ms, s, m, min, h, d; plain
 * numbers are milliseconds).
 */
import { EngineError } from '../errors/index.js'
import {
  DEFAULT_FILE_SINK_LOG_SETTINGS,
  type FileSinkLogSettings,
} from '../sinks/file/file-sink-log.js'
import type { RuntimeConfig } from './runtime-config.js'

const UNIT_MS: Readonly<Record<string, number>> = {
  us: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
}

export function fileSinkLogSettings(
  conf: RuntimeConfig,
  options: Readonly<Record<string, string>>,
): FileSinkLogSettings {
  const d = DEFAULT_FILE_SINK_LOG_SETTINGS
  const compactKey = 'spark.sql.streaming.fileSink.log.compactInterval'
  const compactInterval = integer(conf.get(compactKey), compactKey, d.compactInterval)
  if (compactInterval <= 0)
    throw invalid(compactKey, String(compactInterval), 'must be a positive number of batches')
  const deletionKey = 'spark.sql.streaming.fileSink.log.deletion'
  const deletion = (conf.get(deletionKey) ?? String(d.deletion)).toLowerCase()
  if (deletion !== 'true' && deletion !== 'false')
    throw invalid(deletionKey, deletion, 'must be true or false')
  const retainKey = 'spark.sql.streaming.minBatchesToRetain'
  const retention = options['retention']
  return {
    compactInterval,
    deletion: deletion === 'true',
    cleanupDelayMs: timeMs(
      conf.get('spark.sql.streaming.fileSink.log.cleanupDelay'),
      'spark.sql.streaming.fileSink.log.cleanupDelay',
      d.cleanupDelayMs,
    ),
    minBatchesToRetain: integer(conf.get(retainKey), retainKey, d.minBatchesToRetain),
    ...(retention !== undefined ? { retentionMs: timeMs(retention, 'retention', 0) } : {}),
  }
}

function integer(text: string | undefined, key: string, fallback: number): number {
  if (text === undefined) return fallback
  if (!/^-?\d+$/.test(text.trim())) throw invalid(key, text, 'must be a whole number')
  return Number(text.trim())
}

function timeMs(text: string | undefined, key: string, fallback: number): number {
  if (text === undefined) return fallback
  const m = /^(\d+)\s*([a-z]+)?$/.exec(text.trim().toLowerCase())
  const unit = m ? UNIT_MS[m[2] ?? 'ms'] : undefined
  if (!m || unit === undefined)
    throw invalid(key, text, 'must be a duration such as 10m, 600s or 600000 (milliseconds)')
  return Math.floor(Number(m[1]) * unit)
}

function invalid(option: string, value: string, problem: string): EngineError {
  return new EngineError(
    'SL_API_INVALID_OPTION',
    { option, problem, value: JSON.stringify(value), hint: '' },
    { option },
  )
}
