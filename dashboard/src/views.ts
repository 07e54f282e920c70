/** DOM rendering of the non-chart parts: query list, header, KPI tiles, JSON, table history. */
import type { QueryView, StreamingQueryProgress, TableHistory } from './api.js'
import {
  fmtAgo,
  fmtBytes,
  fmtDateTime,
  fmtMs,
  fmtNumber,
  fmtSeconds,
  isoSeconds,
} from './format.js'
import { ARRIVAL_WINDOW_S, arrivalRate, sourceMetricTotal } from './series.js'

type Attrs = Record<string, string>

export function h(
  tag: string,
  attrs: Attrs = {},
  ...children: (Node | string | null)[]
): HTMLElement {
  const el = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v)
  for (const c of children) if (c !== null) el.append(c)
  return el
}

const STATUS_TEXT = { active: 'Active', terminated: 'Stopped', failed: 'Failed' } as const

export function statusPill(q: QueryView): HTMLElement {
  return h(
    'span',
    { class: `pill pill-${q.status}`, title: q.queryStatus?.message ?? STATUS_TEXT[q.status] },
    STATUS_TEXT[q.status],
  )
}

export function renderQueryList(
  root: HTMLElement,
  queries: readonly QueryView[],
  selected: string | undefined,
  onSelect: (id: string) => void,
): void {
  const active = queries.filter((q) => q.status === 'active')
  const finished = queries.filter((q) => q.status !== 'active')
  const group = (title: string, list: readonly QueryView[]): HTMLElement | null =>
    list.length === 0
      ? null
      : h(
          'div',
          { class: 'group' },
          h('div', { class: 'group-title' }, `${title} · ${list.length}`),
          ...list.map((q) => {
            const p = q.lastProgress
            const item = h(
              'button',
              {
                type: 'button',
                class: `query-item${q.id === selected ? ' selected' : ''}`,
                'data-query-id': q.id,
                'data-status': q.status,
              },
              h(
                'span',
                { class: 'qi-top' },
                h('span', { class: 'qi-name' }, q.name ?? q.id.slice(0, 8)),
                statusPill(q),
              ),
              h(
                'span',
                { class: 'qi-sub' },
                p
                  ? `batch ${p.batchId} · ${fmtNumber(q.inputRowsTotal)} rows in · ${fmtMs(p.batchDuration)}`
                  : 'waiting for the first batch',
              ),
            )
            item.addEventListener('click', () => onSelect(q.id))
            return item
          }),
        )
  root.replaceChildren(
    ...[group('Active', active), group('Finished', finished)].filter(
      (x): x is HTMLElement => x !== null,
    ),
  )
}

export function renderHeader(
  q: QueryView,
  nameEl: HTMLElement,
  metaEl: HTMLElement,
  statusEl: HTMLElement,
): void {
  nameEl.textContent = q.name ?? 'unnamed query'
  const p = q.lastProgress
  metaEl.replaceChildren(
    h('span', {}, 'id ', h('code', {}, q.id)),
    h('span', {}, 'run ', h('code', {}, q.runId.slice(0, 8))),
    h('span', {}, `started ${fmtAgo(Date.parse(q.startedAt))}`),
    ...(p
      ? [
          h(
            'span',
            { class: 'mono-ish' },
            p.sources.map((s) => s.description).join(', ') + ' → ' + p.sink.description,
          ),
        ]
      : []),
  )
  const message =
    q.status === 'failed'
      ? `${q.exception?.errorClass ?? 'error'}: ${q.exception?.message ?? ''}`
      : q.status === 'terminated'
        ? `Stopped ${q.terminatedAt ? fmtAgo(Date.parse(q.terminatedAt)) : ''}`
        : (q.queryStatus?.message ?? '')
  statusEl.replaceChildren(
    statusPill(q),
    h('span', { class: `status-msg${q.status === 'failed' ? ' error' : ''}` }, message),
  )
}

interface Kpi {
  label: string
  value: string
  hint?: string
  key: string
}

export function renderKpis(
  root: HTMLElement,
  q: QueryView,
  history: readonly StreamingQueryProgress[],
): void {
  const p = history.at(-1)
  // Rates of a no-data batch are 0 by definition: show the last batch that read rows.
  const data = [...history].reverse().find((x) => x.numInputRows > 0)
  const arrival = arrivalRate(history).at(-1)
  const dropped = history.reduce(
    (a, x) => a + x.stateOperators.reduce((b, op) => b + op.numRowsDroppedByWatermark, 0),
    0,
  )
  const wmRaw = isoSeconds(p?.eventTime?.['watermark'])
  const wm = wmRaw !== null && wmRaw > 0 ? wmRaw : null
  const lastMax = [...history].reverse().find((x) => x.eventTime?.['max'] !== undefined)
  const max = isoSeconds(lastMax?.eventTime?.['max'])
  const stateRows = p?.stateOperators.reduce((a, op) => a + op.numRowsTotal, 0)
  const stateMem = p?.stateOperators.reduce((a, op) => a + op.memoryUsedBytes, 0)
  const badRecords = sourceMetricTotal(history, 'numBadRecords')
  const missingFiles = sourceMetricTotal(history, 'numMissingFiles')
  const kpis: Kpi[] = [
    {
      key: 'batch',
      label: 'Batch',
      value: p ? String(p.batchId) : '–',
      hint: p ? `${history.length} shown` : '',
    },
    {
      // The headline is what arrives per second of wall time; Spark's inputRowsPerSecond (rows
      // over the gap since the previous trigger) is in the rates chart as "input (Spark)".
      key: 'input-rate',
      label: 'Arrival rate',
      value: fmtNumber(arrival),
      hint: `rows/s, last ${ARRIVAL_WINDOW_S} s`,
    },
    {
      key: 'processed-rate',
      label: 'Processing rate',
      value: fmtNumber(data?.processedRowsPerSecond),
      hint: 'rows/s of batch time',
    },
    {
      key: 'duration',
      label: 'Batch duration',
      value: fmtMs(p?.batchDuration),
      hint: p ? `${fmtNumber(p.numInputRows)} rows` : '',
    },
    {
      key: 'input-rows',
      label: 'Input rows',
      value: fmtNumber(q.inputRowsTotal),
      hint: 'this run',
    },
    {
      key: 'lag',
      label: 'Watermark lag',
      value: wm !== null && max !== null ? fmtSeconds(Math.max(0, max - wm)) : '–',
      hint: p?.eventTime ? 'max event − watermark' : 'no watermark',
    },
    {
      key: 'state',
      label: 'State rows',
      value: stateRows === undefined || p?.stateOperators.length === 0 ? '–' : fmtNumber(stateRows),
      hint: stateMem ? fmtBytes(stateMem) : p?.stateOperators.length ? '' : 'stateless',
    },
    {
      key: 'late',
      label: 'Late rows dropped',
      value: fmtNumber(dropped),
      hint: 'by the watermark, in the charts',
    },
    {
      // The JSON source's malformed lines and wrong types (kept, dropped or written to
      // badRecordsPath by the parse mode) and the admitted files it found gone.
      key: 'bad-records',
      label: 'Bad records',
      value: badRecords === null ? '–' : fmtNumber(badRecords),
      hint:
        badRecords === null
          ? 'no file source'
          : missingFiles
            ? `${fmtNumber(missingFiles)} missing files skipped`
            : 'malformed input, in the charts',
    },
  ]
  root.replaceChildren(
    ...kpis.map((k) =>
      h(
        'div',
        { class: 'kpi', 'data-kpi': k.key },
        h('div', { class: 'kpi-label' }, k.label),
        h('div', { class: 'kpi-value' }, k.value),
        h('div', { class: 'kpi-hint' }, k.hint ?? ''),
      ),
    ),
  )
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** Pretty JSON with token classes (keys, strings, numbers, literals). */
export function renderJson(root: HTMLElement, value: unknown): void {
  const text = escapeHtml(JSON.stringify(value, null, 2) ?? 'null')
  root.innerHTML = text.replace(
    /("(?:\\.|[^"\\])*")(\s*:)?|\b(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\b|\b(true|false|null)\b/g,
    (
      m,
      str: string | undefined,
      colon: string | undefined,
      num: string | undefined,
      lit: string | undefined,
    ) => {
      if (str !== undefined)
        return colon
          ? `<span class="j-key">${str}</span>${colon}`
          : `<span class="j-str">${str}</span>`
      if (num !== undefined) return `<span class="j-num">${num}</span>`
      if (lit !== undefined) return `<span class="j-lit">${lit}</span>`
      return m
    },
  )
}

export function renderTableHistory(
  root: HTMLElement,
  pathEl: HTMLElement,
  history: TableHistory | string,
): void {
  if (typeof history === 'string') {
    pathEl.textContent = ''
    root.replaceChildren(h('p', { class: 'muted pad' }, history))
    return
  }
  pathEl.textContent = history.path
  const head = ['version', 'time (UTC)', 'operation', 'batch', 'rows', 'files +/−']
  root.replaceChildren(
    h(
      'table',
      { class: 'history' },
      h('thead', {}, h('tr', {}, ...head.map((c) => h('th', {}, c)))),
      h(
        'tbody',
        {},
        ...history.versions.map((v) =>
          h(
            'tr',
            {},
            h('td', { class: 'num' }, String(v.version)),
            h('td', {}, fmtDateTime(v.timestamp)),
            h('td', {}, h('span', { class: 'op' }, v.operation)),
            h(
              'td',
              { class: 'num', title: v.txn ? `txn ${v.txn.appId}` : '' },
              v.txn ? String(v.txn.version) : '–',
            ),
            h(
              'td',
              { class: 'num' },
              v.operationMetrics['numOutputRows'] ??
                v.operationMetrics['numTargetRowsInserted'] ??
                '–',
            ),
            h('td', { class: 'num' }, `+${v.numAddedFiles} / −${v.numRemovedFiles}`),
          ),
        ),
      ),
    ),
  )
}
