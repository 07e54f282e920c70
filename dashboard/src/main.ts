/**
 * The dashboard page: the query list on the left, the selected query's live charts, KPIs,
 * latest progress and Delta history on the right. State is the API's data plus the live
 * events; every render is derived from it.
 */
import './style.css'
import {
  api,
  subscribe,
  type HubMessage,
  type QueryView,
  type StreamingQueryProgress,
} from './api.js'
import {
  durationsChart,
  eventTimeChart,
  inputRowsChart,
  lateRowsChart,
  ratesChart,
  stateChart,
  type Chart,
} from './charts.js'
import {
  renderHeader,
  renderJson,
  renderKpis,
  renderQueryList,
  renderTableHistory,
} from './views.js'

const MAX_POINTS = 300
const $ = (id: string): HTMLElement => document.getElementById(id)!

const state = {
  queries: [] as QueryView[],
  histories: new Map<string, StreamingQueryProgress[]>(),
  selected: undefined as string | undefined,
  tableFetchedAt: 0,
  tableTimer: undefined as number | undefined,
}

const charts: Record<string, Chart> = {}
for (const [name, make] of Object.entries({
  rates: ratesChart,
  durations: durationsChart,
  eventTime: eventTimeChart,
  state: stateChart,
  late: lateRowsChart,
  rows: inputRowsChart,
})) {
  const el = document.querySelector<HTMLElement>(`[data-chart="${name}"] .chart`)!
  charts[name] = make(el)
}

function selectedQuery(): QueryView | undefined {
  return state.queries.find((q) => q.id === state.selected)
}

function renderList(): void {
  renderQueryList($('query-list'), state.queries, state.selected, (id) => void select(id))
  const active = state.queries.filter((q) => q.status === 'active').length
  $('counts').textContent = `${active} active · ${state.queries.length - active} finished`
}

function renderDetail(): void {
  const q = selectedQuery()
  $('empty').hidden = q !== undefined
  $('detail').hidden = q === undefined
  if (!q) return
  renderHeader(q, $('q-name'), $('q-meta'), $('q-status'))
  const history = state.histories.get(q.id) ?? []
  renderKpis($('kpis'), q, history)
  for (const c of Object.values(charts)) c.update(history)
  document.querySelectorAll<HTMLElement>('[data-chart]').forEach((fig) => {
    const name = fig.dataset['chart']
    const empty =
      (name === 'eventTime' && !history.some((p) => p.eventTime)) ||
      ((name === 'state' || name === 'late') && !history.some((p) => p.stateOperators.length > 0))
    fig.classList.toggle('no-data', empty)
    fig.dataset['empty'] =
      name === 'eventTime' ? 'No watermark on this query' : 'Stateless query: no state store'
  })
  renderJson($('progress-json'), q.lastProgress)
}

async function refreshTable(): Promise<void> {
  const q = selectedQuery()
  if (!q) return
  state.tableFetchedAt = Date.now()
  if (q.deltaTablePath === null) {
    renderTableHistory(
      $('table-history'),
      $('table-path'),
      q.lastProgress
        ? `${q.lastProgress.sink.description} is not a Delta table.`
        : 'No batch has run yet.',
    )
    return
  }
  try {
    renderTableHistory($('table-history'), $('table-path'), await api.tableHistory(q.id))
  } catch (e) {
    renderTableHistory($('table-history'), $('table-path'), (e as Error).message)
  }
}

/** At most one table-history request per 2 s, trailing. */
function scheduleTable(): void {
  if (state.tableTimer !== undefined) return
  const wait = Math.max(0, 2000 - (Date.now() - state.tableFetchedAt))
  state.tableTimer = window.setTimeout(() => {
    state.tableTimer = undefined
    void refreshTable()
  }, wait)
}

async function select(id: string): Promise<void> {
  state.selected = id
  history.replaceState(null, '', `#q=${encodeURIComponent(id)}`)
  if (!state.histories.has(id)) state.histories.set(id, (await api.progress(id)).slice(-MAX_POINTS))
  renderList()
  renderDetail()
  await refreshTable()
}

async function reloadQueries(): Promise<void> {
  state.queries = await api.queries()
  if (!state.selected || !state.queries.some((q) => q.id === state.selected)) {
    const fromHash = decodeURIComponent(/#q=([^&]+)/.exec(location.hash)?.[1] ?? '')
    const pick =
      state.queries.find((q) => q.id === fromHash) ??
      state.queries.find((q) => q.status === 'active') ??
      state.queries[0]
    if (pick) {
      await select(pick.id)
      return
    }
  }
  renderList()
  renderDetail()
}

function onMessage(m: HubMessage): void {
  if (m.event === 'query:progress' && 'progress' in m.data) {
    const p = m.data.progress
    const h = state.histories.get(p.id)
    if (h) {
      h.push(p)
      if (h.length > MAX_POINTS) h.shift()
    }
    const q = state.queries.find((x) => x.id === p.id)
    if (!q) {
      void reloadQueries()
      return
    }
    state.queries = state.queries.map((x) =>
      x.id === p.id ? { ...x, lastProgress: p, idleSince: null } : x,
    )
    renderList()
    if (p.id === state.selected) {
      renderDetail()
      scheduleTable()
    }
    return
  }
  // Lifecycle changes: the list is small, fetch it again for the authoritative status.
  void reloadQueries()
}

function setLive(s: 'live' | 'reconnecting'): void {
  const el = $('live')
  el.dataset['state'] = s
  el.querySelector('span')!.textContent = s
  if (s === 'live') void reloadQueries()
}

function resize(): void {
  document.querySelectorAll<HTMLElement>('[data-chart] .chart').forEach((el, i) => {
    const name = el.parentElement!.dataset['chart']!
    charts[name]?.resize(el.clientWidth)
    void i
  })
}

$('copy-json').addEventListener('click', () => {
  void navigator.clipboard?.writeText(
    JSON.stringify(selectedQuery()?.lastProgress ?? null, null, 2),
  )
})
window.addEventListener('resize', resize)
// The query status line (message, idle) changes without progress events: poll it gently.
window.setInterval(() => void reloadQueries(), 5000)
subscribe(onMessage, setLive)
void reloadQueries().then(resize)
