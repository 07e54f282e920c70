/**
 * The monitoring settings of a session, read from `spark.conf` with Spark's names where Spark has
 * one:
 *
 * | key | default | meaning |
 * | --- | --- | --- |
 * | `streamlake.ui.enabled` | `false` | start the dashboard server in `getOrCreate()` |
 * | `spark.ui.port` | `4040` | first port tried (the next free one is taken) |
 * | `streamlake.ui.host` | `127.0.0.1` | interface to bind (loopback only by default) |
 * | `streamlake.ui.allowedHosts` | (none) | Host names answered besides loopback (`*`: any) |
 * | `streamlake.ui.token` | (none) | token every request must present (bearer, `?token=`) |
 * | `spark.sql.streaming.noDataProgressEventInterval` | `10000ms` | idle progress/event throttle |
 * | `streamlake.progressLog.enabled` | `false` | JSON-lines progress log per query |
 * | `streamlake.progressLog.dir` | (none) | log folder; default `<checkpoint>/progress.jsonl` |
 * | `streamlake.progressLog.maxBytes` | `10m` | size at which a log file is rotated |
 * | `streamlake.progressLog.maxFiles` | `5` | files kept per log, the current one included |
 */
import { EngineError } from '../errors/index.js'
import {
  DEFAULT_PROGRESS_LOG_RETENTION,
  type ProgressLogRetention,
} from '../monitor/progress-log-files.js'
import type { RuntimeConfig } from './runtime-config.js'

/** @internal */
export interface UiSettings {
  readonly enabled: boolean
  readonly port: number
  readonly host: string
  readonly allowedHosts: readonly string[]
  readonly token: string | undefined
  readonly noDataProgressEventIntervalMs: number
  readonly progressLog:
    { readonly dir: string | undefined; readonly retention: ProgressLogRetention } | undefined
}

/** @internal */
export function uiSettings(conf: RuntimeConfig): UiSettings {
  const dir = conf.get('streamlake.progressLog.dir')
  const logEnabled = flag(conf, 'streamlake.progressLog.enabled') || dir !== undefined
  return {
    enabled: flag(conf, 'streamlake.ui.enabled'),
    port: port(conf.get('spark.ui.port') ?? '4040'),
    host: conf.get('streamlake.ui.host') ?? '127.0.0.1',
    allowedHosts: allowedHosts(conf.get('streamlake.ui.allowedHosts') ?? ''),
    token: token(conf.get('streamlake.ui.token')),
    noDataProgressEventIntervalMs: timeMs(
      'spark.sql.streaming.noDataProgressEventInterval',
      conf.get('spark.sql.streaming.noDataProgressEventInterval') ?? '10000ms',
    ),
    progressLog: logEnabled ? { dir, retention: progressLogRetention(conf) } : undefined,
  }
}

function flag(conf: RuntimeConfig, key: string): boolean {
  const v = (conf.get(key) ?? 'false').toLowerCase()
  if (v === 'true' || v === 'false') return v === 'true'
  throw invalid(key, v, 'must be true or false', 'Use true or false.')
}

function port(v: string): number {
  const n = Number(v)
  if (!/^\d+$/.test(v) || n > 65535)
    throw invalid(
      'spark.ui.port',
      v,
      'must be a port number 0-65535',
      'Use 4040, or 0 for any free port.',
    )
  return n
}

function progressLogRetention(conf: RuntimeConfig): ProgressLogRetention {
  const d = DEFAULT_PROGRESS_LOG_RETENTION
  const maxBytes = conf.get('streamlake.progressLog.maxBytes')
  const maxFiles = conf.get('streamlake.progressLog.maxFiles')
  return {
    maxBytes:
      maxBytes === undefined ? d.maxBytes : bytes('streamlake.progressLog.maxBytes', maxBytes),
    maxFiles:
      maxFiles === undefined ? d.maxFiles : count('streamlake.progressLog.maxFiles', maxFiles),
  }
}

// Spark's bytesConf: a whole number with an optional unit (k, m, g; binary); bytes without one.
function bytes(key: string, v: string): number {
  const m = /^(\d+)\s*(b|k|kb|m|mb|g|gb)?$/i.exec(v.trim())
  const unit = (m?.[2] ?? 'b').toLowerCase()[0]!
  const n = m === null ? NaN : Number(m[1]) * 1024 ** 'bkmg'.indexOf(unit)
  if (!Number.isSafeInteger(n) || n < 1024)
    throw invalid(
      key,
      v,
      'must be a size of at least 1k, such as 10m or 1048576',
      'Use for example 10m.',
    )
  return n
}

function count(key: string, v: string): number {
  const n = Number(v)
  if (!/^\d+$/.test(v.trim()) || n < 1 || n > 1000)
    throw invalid(key, v, 'must be a whole number from 1 to 1000', 'Use for example 5.')
  return n
}

function allowedHosts(v: string): string[] {
  const names = v
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '')
  for (const h of names)
    if (h !== '*' && !/^(\[[0-9a-f:.]+\]|[0-9a-z._-]+)$/.test(h))
      throw invalid(
        'streamlake.ui.allowedHosts',
        v,
        `must be a comma-separated list of host names or addresses without port ("${h}" is not one)`,
        'Use for example dashboard.internal,192.168.1.20, or * to answer to any name.',
      )
  return names
}

function token(v: string | undefined): string | undefined {
  if (v === undefined || v === '') return undefined
  if (!/^[A-Za-z0-9._~+/=-]{16,}$/.test(v))
    throw invalid(
      'streamlake.ui.token',
      `${v.length} characters`,
      'must be at least 16 characters of A-Z a-z 0-9 . _ ~ + / = -',
      'Generate one with: openssl rand -hex 24',
    )
  return v
}

// Spark's timeConf: a whole number with an optional unit; milliseconds without one.
function timeMs(key: string, v: string): number {
  const m = /^(\d+)\s*(ms|s|m|min|h)?$/i.exec(v.trim())
  if (!m) throw invalid(key, v, 'must be a duration such as 10s or 10000ms', 'Use for example 10s.')
  const unit = (m[2] ?? 'ms').toLowerCase()
  const scale = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'h' ? 3_600_000 : 60_000
  return Number(m[1]) * scale
}

function invalid(option: string, value: string, problem: string, hint: string): EngineError {
  return new EngineError('SL_API_INVALID_OPTION', { option, problem, value, hint }, { option })
}
