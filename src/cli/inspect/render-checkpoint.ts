/**
 * The text of `streamlake checkpoint inspect`: sections for the query, its batches (offsets and
 * commits side by side), what a restart would do, the state directories, the source logs and
 * the last progress, laid out for an 80-column terminal. `--json` prints the report itself.
 */
import type { StreamingQueryProgress } from '../../monitor/progress.js'
import type { BatchReport, CheckpointReport, RestartReport } from './checkpoint-report.js'
import type { StateOperatorReport } from './state-report.js'
import {
  formatBytes,
  formatInstant,
  formatOffset,
  labelled,
  textTable,
  wrap,
} from './text-format.js'

/** `2026-11-24 10:10:13.418` (UTC; the column header says so) or `none`. */
function shortInstant(ms: number): string {
  const iso = formatInstant(ms)
  return iso === 'none' ? iso : iso.replace('T', ' ').replace('Z', '')
}

function offsetsText(offsets: readonly unknown[]): string {
  return offsets.length === 0 ? '-' : offsets.map(formatOffset).join('; ')
}

/** The whole report; `batchLimit` caps the batch rows shown (the newest ones). */
export function renderCheckpoint(r: CheckpointReport, batchLimit: number): string {
  let out = wrap(`checkpoint ${r.path}`, '', '  ')
  out += labelled([
    ['query id', r.queryId],
    ...(r.sources ?? []).map(
      (s, i) => [`source ${i}`, `${s.format} ${s.path ?? '(no path)'}`] as const,
    ),
    ['sink', r.sink ? `${r.sink.format} ${r.sink.path ?? '(no path)'}` : 'unknown'],
    ['lock', lockText(r)],
    ...confRows(r.batches.at(-1)),
  ])
  out += `\n${batchesSection(r.batches, r.orphanCommits, batchLimit)}`
  out += `\nrestart\n${restartRows(r.restart)}`
  out += `\n${stateSection(r.state)}`
  if (r.sourceLogs.length > 0) {
    out += '\nsource logs (files admitted by the file sources)\n'
    for (const s of r.sourceLogs) {
      out += labelled([
        [`source ${s.index}`, `${s.entries} log entries, ${s.filesSeen} files seen`],
        ...(s.firstFile !== null ? [['first file', s.firstFile] as const] : []),
        ...(s.lastFile !== null && s.lastFile !== s.firstFile
          ? [['last file', s.lastFile] as const]
          : []),
      ])
    }
  }
  out += `\n${wrap(`last progress (${r.progressDir === null ? 'progress.jsonl' : (r.progressLog ?? r.progressDir)})`, '', '  ')}`
  out += r.lastProgress ? labelled(progressRows(r.lastProgress)) : '  none recorded\n'
  return out
}

function lockText(r: CheckpointReport): string {
  if (r.lock === null) return 'free (no run holds it)'
  const who = `pid ${r.lock.pid} on ${r.lock.host}, run ${r.lock.runId}, since ${r.lock.startedAt}`
  return r.lock.running ? `held by a running query: ${who}` : `stale (process gone): ${who}`
}

function confRows(last: BatchReport | undefined): (readonly [string, string])[] {
  if (last === undefined) return []
  return Object.entries(last.conf).map(([k, v], i) => [i === 0 ? 'conf' : '', `${k}=${v}`])
}

function batchesSection(
  batches: readonly BatchReport[],
  orphans: readonly number[],
  limit: number,
): string {
  const committed = batches.filter((b) => b.committed).length
  let out = `batches (offsets/: ${batches.length} entries, commits/: ${committed + orphans.length})\n`
  if (batches.length === 0) return `${out}  none yet\n`
  const shown = batches.slice(-limit)
  if (shown.length < batches.length)
    out += `  … ${batches.length - shown.length} older entries (--batches N or --json for all)\n`
  out += textTable(
    ['BATCH', 'COMMIT', 'WATERMARK (UTC)', 'BATCH TIME (UTC)', 'OFFSETS'],
    shown.map((b) => [
      String(b.batchId),
      b.committed ? 'yes' : 'no',
      shortInstant(b.batchWatermarkMs),
      shortInstant(b.batchTimestampMs),
      offsetsText(b.offsets),
    ]),
    new Set([0]),
  )
  if (orphans.length > 0)
    out += `  commits without an offsets entry: ${orphans.join(', ')} (inconsistent)\n`
  return out
}

/** The restart section's rows (shared with `status`). */
export function restartRows(restart: RestartReport): string {
  const rows: (readonly [string, string])[] = [['next start', restart.summary]]
  if (restart.kind === 'resume') {
    rows.push(['watermark', formatInstant(restart.watermarkMs)])
    rows.push(['reads after', offsetsText(restart.startOffsets)])
  } else if (restart.kind === 'rerun') {
    rows.push(['watermark', formatInstant(restart.watermarkMs)])
    rows.push(['reads up to', offsetsText(restart.endOffsets)])
  } else if (restart.kind === 'state-unusable') {
    rows.push(['error', restart.message])
  }
  return labelled(rows)
}

function stateSection(state: readonly StateOperatorReport[]): string {
  if (state.length === 0) return 'state\n  none (the query has no stateful operator)\n'
  let out = `state (${state.length} operator${state.length === 1 ? '' : 's'})\n`
  for (const op of state) {
    const deltas = op.files.filter((f) => f.kind === 'delta')
    const snapshots = op.files.filter((f) => f.kind === 'snapshot')
    const versions = op.files.map((f) => f.version)
    const range =
      versions.length === 0 ? 'none' : `${Math.min(...versions)}..${Math.max(...versions)}`
    const latest = op.files.filter((f) => f.version === op.latestVersion)
    out += labelled([
      [
        `operator ${op.operatorId}`,
        `${op.operator ?? '(unnamed)'}, state format v${op.stateFormatVersion ?? '?'}, provider ${op.provider ?? '?'}`,
      ],
      ['directory', op.path],
      [
        'versions',
        `${range}: ${deltas.length} delta and ${snapshots.length} snapshot files, ${formatBytes(op.totalBytes)}`,
      ],
      ...latest.map(
        (f) =>
          [
            `${f.version}.${f.kind}`,
            `${f.puts} puts, ${f.removes} removes, ${formatBytes(f.bytes)} (newest; state after batch ${f.version - 1})`,
          ] as const,
      ),
      ...(op.tempFiles.length > 0
        ? [['temp files', `${op.tempFiles.length} left by an interrupted write`] as const]
        : []),
      ...(op.problem !== null ? [['metadata', `unusable: ${op.problem.code}`] as const] : []),
      ...op.files
        .filter((f) => f.problem !== null)
        .map((f) => [`${f.version}.${f.kind}`, `damaged: ${f.problem!.code}`] as const),
    ])
  }
  return out
}

/** The last-progress rows (shared with `status`, which names the first one `progress`). */
export function progressRows(
  p: StreamingQueryProgress,
  firstLabel = 'batch',
): (readonly [string, string])[] {
  const rate =
    p.processedRowsPerSecond !== undefined ? `, ${p.processedRowsPerSecond.toFixed(1)} rows/s` : ''
  const rows: (readonly [string, string])[] = [
    [
      firstLabel,
      `${firstLabel === 'batch' ? '' : 'batch '}${p.batchId} at ${p.timestamp}: ${p.numInputRows} input rows in ${p.batchDuration} ms${rate}`,
    ],
  ]
  if (p.eventTime?.['watermark'] !== undefined) rows.push(['watermark', p.eventTime['watermark']])
  for (const op of p.stateOperators ?? []) {
    rows.push([
      'state',
      `${op.operatorName}: ${op.numRowsTotal} rows, ${op.numRowsUpdated} updated, ${op.numRowsRemoved} removed, ${op.numRowsDroppedByWatermark} dropped by watermark, ${formatBytes(op.memoryUsedBytes)}`,
    ])
  }
  if (p.sink !== undefined) rows.push(['sink', p.sink.description])
  return rows
}
