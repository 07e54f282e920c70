/**
 * A streaming query at a glance, for notebooks (HTML) and terminals (text): name, ids, state,
 * the last batch's counters (input rows, rates, duration, watermark, state rows, rows the
 * watermark dropped) and the exception if it failed. Works for any {@link StreamingQuery}.
 */
import type { StreamingQueryProgress } from '../../monitor/progress.js'
import type { StreamingQuery } from '../streaming-query.js'
import { escapeHtml } from './html-escape.js'
import type { MimeBundle } from './jupyter-display.js'

type Summary = readonly (readonly [string, string])[]

export function querySummary(query: StreamingQuery): Summary {
  const p = query.lastProgress
  const error = query.exception()
  const rows: [string, string][] = [
    ['name', query.name ?? '(unnamed)'],
    ['id', query.id],
    ['runId', query.runId],
    ['state', error ? 'failed' : query.isActive ? 'active' : 'stopped'],
    ['status', query.status.message],
    ['batches run', String(query.recentProgress.length)],
  ]
  if (p) rows.push(...progressRows(p))
  if (error) rows.push(['exception', `${error.code}: ${error.message}`])
  return rows
}

function progressRows(p: StreamingQueryProgress): [string, string][] {
  const rows: [string, string][] = [
    ['last batch', String(p.batchId)],
    ['input rows', String(p.numInputRows)],
    ['input rows/s', rate(p.inputRowsPerSecond)],
    ['processed rows/s', rate(p.processedRowsPerSecond)],
    ['batch duration', `${p.batchDuration} ms`],
  ]
  if (p.eventTime?.['watermark']) rows.push(['watermark', p.eventTime['watermark']])
  const state = p.stateOperators.reduce((n, op) => n + op.numRowsTotal, 0)
  const dropped = p.stateOperators.reduce((n, op) => n + op.numRowsDroppedByWatermark, 0)
  if (p.stateOperators.length > 0) {
    rows.push(['state rows', String(state)], ['dropped by watermark (last batch)', String(dropped)])
  }
  rows.push(['sink', p.sink.description])
  return rows
}

function rate(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(1)
}

export function queryBundle(query: StreamingQuery): MimeBundle {
  const summary = querySummary(query)
  const width = Math.max(...summary.map(([k]) => k.length))
  const text = summary.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')
  const rows = summary
    .map(
      ([k, v]) =>
        `<tr><th style="text-align:left;font-weight:normal;opacity:.7">${escapeHtml(k)}</th><td style="text-align:left">${escapeHtml(v)}</td></tr>`,
    )
    .join('\n')
  const title = escapeHtml(`StreamingQuery ${query.name ?? query.id}`)
  return {
    'text/plain': `StreamingQuery\n${text}`,
    'text/html': `<div class="streamlake-query"><strong>${title}</strong>\n<table>\n${rows}\n</table></div>`,
  }
}
