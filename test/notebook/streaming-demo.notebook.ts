/**
 * notebooks/streaming_demo.ipynb, executed headless from a clean folder on Deno's Jupyter kernel:
 * every cell runs without error, the rich outputs are there (HTML tables, the query card, the SVG
 * chart), and what the notebook says and writes agrees with Spark's rules applied to the files
 * its generator wrote — the windows, the dropped late groups, dedup, the join, the sessions and the
 * restart continuing batch ids with nothing lost or written twice.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SparkSession, Timestamp, readProgressLog, type RowObject } from '../../src/index.js'
import {
  executeNotebook,
  facts as notebookFacts,
  text,
  type ExecutedNotebook,
} from './support/run-notebook.js'
import {
  deduplicated,
  readInputFiles,
  scheduleFromProgress,
  sessionWindows,
  windowedAggregation,
  type InputEvent,
  type Schedule,
} from './support/spark-rules.js'

const FIRST_RUN_FILES = 30
const ALL_FILES = 40
const MIN = 60_000

let dir: string
let work: string
let nb: ExecutedNotebook
let facts: Map<string, Record<string, unknown>>
let files: InputEvent[][]
const spark = SparkSession.builder().config('spark.sql.session.timeZone', 'UTC').getOrCreate()

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'streamlake-notebook-'))
  work = join(dir, 'work')
  nb = await executeNotebook('notebooks/streaming_demo.ipynb', dir, work)
  facts = notebookFacts(nb)
  files = await readInputFiles(join(work, 'input'))
})

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

const fact = (section: string): Record<string, unknown> => {
  const f = facts.get(section)
  if (!f) throw new Error(`the notebook printed no facts for section ${section}`)
  return f
}
const table = (name: string): Promise<RowObject[]> =>
  spark.read
    .format('delta')
    .load(join(work, 'data', name))
    .collect()
const micros = (v: unknown): number => Number(Timestamp.microsOf(v as Date))
const schedule = async (checkpoint: string, upTo: number): Promise<Schedule> => {
  const progress = await readProgressLog(join(work, 'checkpoints', checkpoint, 'progress.jsonl'))
  return scheduleFromProgress(progress, files.slice(0, upTo))
}
const windowKey = (start: number, type: string, count: number): string =>
  `${new Date(start / 1000).toISOString()} ${type} ${count}`

describe('notebooks/streaming_demo.ipynb', () => {
  it('executes every code cell without error, fast', () => {
    const code = nb.cells.filter((c) => c.cell_type === 'code')
    expect(code.length).toBeGreaterThan(10)
    for (const cell of code) {
      expect(cell.execution_count, text(cell.source).slice(0, 80)).toBeGreaterThan(0)
      expect(cell.outputs?.filter((o) => o.output_type === 'error')).toEqual([])
      // Every cell of this notebook shows something; none may go missing.
      expect(cell.outputs?.length, text(cell.source).slice(0, 80)).toBeGreaterThan(0)
    }
    console.log(`notebook executed in ${nb.seconds.toFixed(1)} s`)
  })

  it('is committed without outputs (the executed copy lives in the temporary folder)', async () => {
    const committed = JSON.parse(
      await readFile(new URL('../../notebooks/streaming_demo.ipynb', import.meta.url), 'utf8'),
    ) as { cells: { cell_type: string; outputs?: unknown[]; execution_count?: unknown }[] }
    const withOutputs = committed.cells.filter(
      (c) => c.cell_type === 'code' && ((c.outputs?.length ?? 0) > 0 || c.execution_count != null),
    )
    // In JupyterLab: Edit → Clear Outputs of All Cells, then save, before committing.
    expect(withOutputs).toEqual([])
  })

  it('renders DataFrames and queries as HTML tables and the progress chart as SVG', () => {
    const outputs = nb.cells.flatMap((c) => c.outputs ?? [])
    const html = outputs.map((o) => text(o.data?.['text/html'])).filter((h) => h !== '')
    expect(
      html.filter((h) => h.includes('<table class="streamlake-table">')).length,
    ).toBeGreaterThan(5)
    expect(html.some((h) => h.includes('streamlake-query') && h.includes('DeltaSink'))).toBe(true)
    const svg = outputs.map((o) => text(o.data?.['image/svg+xml'])).find((s) => s !== '')
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    // One duration bar per micro-batch of the tumbling query's whole history (both runs).
    const bars = svg!.match(/<rect [^>]*fill="#2ca02c"><title>batch \d+/g) ?? []
    expect(bars.length).toBe(fact('monitoring')['progressEntries'])
  })

  it('generated 30 files, then 10 more, of 50 events each', () => {
    expect(files.length).toBe(ALL_FILES)
    expect(files.every((f) => f.length === 50)).toBe(true)
    expect(fact('generate')).toMatchObject({ files: FIRST_RUN_FILES, events: 1500 })
  })

  it('pass-through: every event once in the Delta table, across the restart', async () => {
    const input = files.flat().map((e) => `${e.eventId}@${e.timestamp}`)
    const rows = await table('events')
    const written = rows.map((r) => `${String(r['event_id'])}@${iso(r['timestamp'])}`)
    expect(written.sort()).toEqual(input.sort())
    expect(fact('passthrough')).toMatchObject({ rows: 1500, batches: FIRST_RUN_FILES })
  })

  it('restart: batch ids go on from the checkpoint, one Delta commit each, nothing lost or twice', async () => {
    const f = fact('restart')
    expect(f['batchIdsBeforeRestart']).toEqual([...Array(FIRST_RUN_FILES).keys()])
    expect(f['batchIdsAfterRestart']).toEqual(
      [...Array(ALL_FILES - FIRST_RUN_FILES).keys()].map((i) => i + FIRST_RUN_FILES),
    )
    expect(f).toMatchObject({ rowsBefore: 1500, newEvents: 500, rowsAfter: 2000 })
  })

  it('tumbling windows (first run + restart) are the groups Spark emits, with their counts', async () => {
    const sched = await schedule('tumbling_aggregates', ALL_FILES)
    expect(sched.filter((f) => f !== null).length).toBe(ALL_FILES)
    const expected = windowedAggregation(files, sched, {
      sizeMs: 5 * MIN,
      slideMs: 5 * MIN,
      delayMs: 10 * MIN,
    })
    const rows = await table('tumbling_aggregates')
    expect(rows.map(groupKey).sort()).toEqual(
      expected.emitted.map((g) => windowKey(g.start, g.eventType, g.count)).sort(),
    )
    expect(fact('restart')['tumblingRowsAfter']).toBe(expected.emitted.length)
    for (const r of rows) {
      const g = expected.emitted.find(
        (e) =>
          e.start === micros((r['window'] as RowObject)['start']) &&
          e.eventType === r['event_type'],
      )!
      expect(r['total_value']).toBeCloseTo(g.sum, 6)
    }
  })

  it('sliding windows: each event in five 5-minute windows, Spark’s groups and counts', async () => {
    const sched = await schedule('sliding_aggregates', FIRST_RUN_FILES)
    const expected = windowedAggregation(files, sched, {
      sizeMs: 5 * MIN,
      slideMs: MIN,
      delayMs: 10 * MIN,
    })
    const rows = await table('sliding_aggregates')
    expect(rows.map(groupKey).sort()).toEqual(
      expected.emitted.map((g) => windowKey(g.start, g.eventType, g.count)).sort(),
    )
    expect(fact('windows')['slidingRows']).toBe(expected.emitted.length)
  })

  it('watermark: the late-data table holds exactly the groups Spark drops, with the watermark that dropped them', async () => {
    const sched = await schedule('watermarked_aggregates', FIRST_RUN_FILES)
    const expected = windowedAggregation(files, sched, {
      sizeMs: 5 * MIN,
      slideMs: 5 * MIN,
      delayMs: 10 * MIN,
    })
    expect(expected.late.length).toBeGreaterThan(10) // the generator's tail makes drops visible
    const late = await table('late_events')
    const got = late.map((r) => {
      const record = JSON.parse(r['record'] as string) as {
        window: { start: string }
        event_type: string
      }
      return `${String(r['batch_id'])} ${record.window.start} ${record.event_type} ${micros(r['watermark'])}`
    })
    const want = expected.late.map(
      (g) =>
        `${g.batchId} ${new Date(g.start / 1000).toISOString()} ${g.eventType} ${g.watermarkMs * 1000}`,
    )
    expect(got.sort()).toEqual(want.sort())
    expect(fact('late')).toEqual({
      section: 'late',
      lateGroups: expected.late.length,
      numRowsDroppedByWatermark: expected.late.length,
    })
    const aggregates = await table('watermarked_aggregates')
    expect(aggregates.map(groupKey).sort()).toEqual(
      expected.emitted.map((g) => windowKey(g.start, g.eventType, g.count)).sort(),
    )
    expect(fact('windows')['tumblingRows']).toBe(expected.emitted.length)
  })

  it('dedup keeps each (event_id, timestamp) once', async () => {
    const sched = await schedule('deduplicated_events', FIRST_RUN_FILES)
    const expected = deduplicated(files, sched, 60 * MIN)
    const input = files.slice(0, FIRST_RUN_FILES).flat().length
    expect(expected.length).toBeLessThan(input) // the generator re-emitted some events
    const rows = await table('deduplicated_events')
    expect(rows.map((r) => `${String(r['event_id'])}@${iso(r['timestamp'])}`).sort()).toEqual(
      expected.map((e) => `${e.eventId}@${e.timestamp}`).sort(),
    )
    expect(fact('dedup')).toMatchObject({
      uniqueRows: expected.length,
      duplicatesRemoved: input - expected.length,
    })
  })

  it('stream-static join: inner keeps known users, left outer keeps every event', async () => {
    const users = new Set(
      (await readFile(join(work, 'users-input', 'users.json'), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { user_id: number }).user_id),
    )
    const events = files.slice(0, FIRST_RUN_FILES).flat()
    const known = events.filter((e) => users.has(e.userId)).length
    expect(known).toBeLessThan(events.length)
    expect(fact('join')).toEqual({
      section: 'join',
      users: users.size,
      inner: known,
      leftOuter: events.length,
      unmatched: events.length - known,
    })
    expect((await table('enriched_events')).length).toBe(known)
  })

  it('session windows: the sessions Spark closes, per user', async () => {
    const sched = await schedule('user_sessions', FIRST_RUN_FILES)
    const expected = sessionWindows(files, sched, { gapMs: 30 * MIN, delayMs: 60 * MIN })
    const rows = await table('user_sessions')
    const got = rows.map((r) => {
      const w = r['session_window'] as RowObject
      return `${String(r['user_id'])} ${micros(w['start'])} ${micros(w['end'])} ${String(r['event_count'])}`
    })
    expect(got.sort()).toEqual(
      expected.map((s) => `${s.userId} ${s.start} ${s.end} ${s.count}`).sort(),
    )
    expect(fact('sessions')['sessions']).toBe(expected.length)
  })

  it('compares with Spark from the committed benchmark results, every workload', async () => {
    const bench = JSON.parse(
      await readFile(new URL('../../results/benchmarks.json', import.meta.url), 'utf8'),
    ) as { workloads: Record<string, unknown> }
    expect(fact('spark')).toEqual({
      section: 'spark',
      workloads: Object.keys(bench.workloads).length,
      sameRows: true,
    })
  })

  it('monitoring: the progress log covers both runs of the tumbling query', async () => {
    const progress = await readProgressLog(
      join(work, 'checkpoints', 'tumbling_aggregates', 'progress.jsonl'),
    )
    expect(fact('monitoring')).toMatchObject({
      progressEntries: progress.length,
      lastBatchId: progress.length - 1,
    })
  })
})

function groupKey(r: RowObject): string {
  const w = r['window'] as RowObject
  return windowKey(micros(w['start']), r['event_type'] as string, Number(r['event_count']))
}

/** A timestamp as the generator writes it: six fractional digits, no zone (`2026-01-01T08:56:04.141636`). */
function iso(v: unknown): string {
  const t = micros(v)
  const base = new Date(Math.floor(t / 1000)).toISOString().slice(0, 19)
  return `${base}.${String(((t % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, '0')}`
}
