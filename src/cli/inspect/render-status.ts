/** The text of `streamlake status`: a block per query, readable in an 80-column terminal. */
import { progressRows } from './render-checkpoint.js'
import { isStatusError, type StatusReport } from './query-status.js'
import { TEXT_WIDTH, formatInstant, formatOffset, labelled, wrap } from './text-format.js'

export function renderStatus(report: StatusReport): string {
  const n = report.queries.length
  let out = wrap(`checkpoints ${report.root}: ${n} ${n === 1 ? 'query' : 'queries'}`, '', '  ')
  if (n === 0) out += '  no query checkpoints here yet (run a query with this root first)\n'
  for (const q of report.queries) {
    out += '\n'
    if (isStatusError(q)) {
      out += `${q.name}  unreadable\n`
      out += wrap(`error [${q.error.code}]: ${q.error.message}`, '  ', '    ')
      continue
    }
    const state = q.running ? 'running' : 'stopped'
    out += `${q.name.padEnd(Math.max(q.name.length + 2, TEXT_WIDTH - state.length))}${state}\n`
    const batches =
      q.lastBatchId === null
        ? 'none yet'
        : `last ${q.lastBatchId}, committed ${q.lastCommittedBatchId ?? 'none'}`
    out += labelled([
      ['query id', q.queryId],
      ['batches', batches],
      ['on restart', q.restart.summary],
      ['watermark', formatInstant(q.watermarkMs)],
      [
        'offsets',
        q.offsets.length === 0
          ? '-'
          : q.offsets.map((o, i) => `source ${i}: ${formatOffset(o)}`).join('; '),
      ],
      ['sink', q.sink ? `${q.sink.format} ${q.sink.path ?? '(no path)'}` : 'unknown'],
      ...(q.lastProgress
        ? progressRows(q.lastProgress, 'progress').filter(
            ([label]) => label !== 'sink' && label !== 'watermark',
          )
        : [['progress', noProgressText(report.progressDir)] as const]),
      ...(report.progressDir !== null && q.progressLog !== null
        ? [['log', q.progressLog] as const]
        : []),
    ])
  }
  if (report.skipped.length > 0)
    out += `\nnot checkpoints (no metadata file): ${report.skipped.join(', ')}\n`
  return out
}

function noProgressText(progressDir: string | null): string {
  return progressDir === null
    ? 'none recorded (no progress.jsonl; see --progress-dir)'
    : `none recorded (no log of this query in ${progressDir})`
}
