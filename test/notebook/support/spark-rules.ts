/**
 * What Spark's rules say the notebook's queries must write, computed from the generated input
 * files alone (never from the engine): spark-semantics.md §3–§4 — batch N drops late input with the
 * watermark of batch N−1 and evicts with its own; W(N) = max event time of the data in batches
 * 0..N−1 minus the delay, never decreasing; "late" is `<=` on µs vs ms × 1000; a window
 * aggregation tests each (window, key) group on `window.end`, dedup each row on its time, a
 * session window each row on `t + gap`. Which file went into which micro-batch (and where the
 * no-data batches fell) is the schedule — read from the query's progress log and checked to be
 * one file per data batch in order.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface InputEvent {
  readonly eventId: string
  /** The timestamp text as written (the dedup key's time, as a string). */
  readonly timestamp: string
  /** Event time in µs since the epoch (the text read in UTC, the notebook's session zone). */
  readonly t: number
  readonly userId: number
  readonly eventType: string
  readonly value: number
}

/** `2026-01-01T08:56:04.141636` (no zone: UTC) → µs. */
export function parseMicros(text: string): number {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?$/.exec(text)
  if (!m) throw new Error(`unexpected timestamp ${text}`)
  return Date.parse(`${m[1]}Z`) * 1000 + Number((m[2] ?? '').padEnd(6, '0'))
}

/** The generator's files in name (= batch) order, each as its events. */
export async function readInputFiles(dir: string): Promise<InputEvent[][]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort()
  const files: InputEvent[][] = []
  for (const name of names) {
    const lines = (await readFile(join(dir, name), 'utf8')).split('\n').filter((l) => l !== '')
    files.push(
      lines.map((line) => {
        const e = JSON.parse(line) as Record<string, unknown>
        return {
          eventId: e['event_id'] as string,
          timestamp: e['timestamp'] as string,
          t: parseMicros(e['timestamp'] as string),
          userId: e['user_id'] as number,
          eventType: e['event_type'] as string,
          value: e['value'] as number,
        }
      }),
    )
  }
  return files
}

/** Batch id → the input file it read, or null for a no-data batch. */
export type Schedule = readonly (number | null)[]

/**
 * The schedule of a query reading one file per trigger, from its progress entries (every run):
 * data batches take the files in order. Throws when the progress does not look like that.
 */
export function scheduleFromProgress(
  progress: readonly { batchId: number; numInputRows: number }[],
  files: readonly (readonly InputEvent[])[],
): Schedule {
  const schedule: (number | null)[] = []
  let next = 0
  for (const [i, p] of progress.entries()) {
    if (p.batchId !== i) throw new Error(`progress batch ${p.batchId} at position ${i}`)
    if (p.numInputRows === 0) schedule.push(null)
    else {
      if (p.numInputRows !== files[next]?.length)
        throw new Error(
          `batch ${p.batchId} read ${p.numInputRows} rows, file ${next} has ${files[next]?.length}`,
        )
      schedule.push(next++)
    }
  }
  return schedule
}

/** W(N) for every batch (ms; 0 before any data, as Spark) and the late-input watermark W(N−1). */
export function watermarks(
  files: readonly (readonly InputEvent[])[],
  schedule: Schedule,
  delayMs: number,
): { readonly evict: number[]; readonly late: number[] } {
  const evict: number[] = []
  const late: number[] = []
  let maxT = -Infinity
  let w = 0
  for (const [b, file] of schedule.entries()) {
    if (maxT > -Infinity) w = Math.max(w, Math.floor(maxT / 1000) - delayMs)
    late.push(b === 0 ? 0 : evict[b - 1]!)
    evict.push(w)
    if (file !== null) for (const e of files[file]!) maxT = Math.max(maxT, e.t)
  }
  return { evict, late }
}

export interface WindowGroup {
  readonly start: number // µs
  readonly end: number
  readonly eventType: string
  count: number
  sum: number
}

export interface LateGroup {
  readonly batchId: number
  readonly start: number
  readonly eventType: string
  readonly watermarkMs: number
}

/**
 * `groupBy(window(timestamp, size, slide), event_type).count()` with a watermark, append mode:
 * the groups written (window end ≤ the last batch's watermark) and the groups dropped as late.
 */
export function windowedAggregation(
  files: readonly (readonly InputEvent[])[],
  schedule: Schedule,
  o: { sizeMs: number; slideMs: number; delayMs: number },
): { emitted: WindowGroup[]; late: LateGroup[] } {
  const { evict, late: lateWm } = watermarks(files, schedule, o.delayMs)
  const size = o.sizeMs * 1000
  const slide = o.slideMs * 1000
  const state = new Map<string, WindowGroup>()
  const late: LateGroup[] = []
  for (const [b, file] of schedule.entries()) {
    if (file === null) continue
    const batch = new Map<string, WindowGroup>()
    for (const e of files[file]!) {
      const lastStart = e.t - (((e.t % slide) + slide) % slide)
      for (let start = lastStart; start > e.t - size; start -= slide) {
        const key = `${start}|${e.eventType}`
        const g = batch.get(key) ?? {
          start,
          end: start + size,
          eventType: e.eventType,
          count: 0,
          sum: 0,
        }
        g.count++
        g.sum += e.value
        batch.set(key, g)
      }
    }
    for (const [key, g] of batch) {
      if (g.end <= lateWm[b]! * 1000) {
        late.push({ batchId: b, start: g.start, eventType: g.eventType, watermarkMs: lateWm[b]! })
        continue
      }
      const s = state.get(key)
      if (s) {
        s.count += g.count
        s.sum += g.sum
      } else state.set(key, { ...g })
    }
  }
  const finalWm = evict.at(-1)! * 1000
  return { emitted: [...state.values()].filter((g) => g.end <= finalWm), late }
}

/** `dropDuplicates(['event_id', 'timestamp'])` with a watermark: the rows kept. */
export function deduplicated(
  files: readonly (readonly InputEvent[])[],
  schedule: Schedule,
  delayMs: number,
): InputEvent[] {
  const { late } = watermarks(files, schedule, delayMs)
  const seen = new Set<string>()
  const kept: InputEvent[] = []
  for (const [b, file] of schedule.entries()) {
    if (file === null) continue
    for (const e of files[file]!) {
      if (e.t <= late[b]! * 1000) continue
      const key = `${e.eventId}|${e.t}`
      if (seen.has(key)) continue
      seen.add(key)
      kept.push(e)
    }
  }
  return kept
}

export interface Session {
  readonly userId: number
  readonly start: number
  end: number
  count: number
}

/** `session_window(timestamp, gap)` per user_id with a watermark, append: the sessions written. */
export function sessionWindows(
  files: readonly (readonly InputEvent[])[],
  schedule: Schedule,
  o: { gapMs: number; delayMs: number },
): Session[] {
  const { evict, late } = watermarks(files, schedule, o.delayMs)
  const gap = o.gapMs * 1000
  const byUser = new Map<number, InputEvent[]>()
  for (const [b, file] of schedule.entries()) {
    if (file === null) continue
    for (const e of files[file]!) {
      if (e.t + gap <= late[b]! * 1000) continue
      byUser.set(e.userId, [...(byUser.get(e.userId) ?? []), e])
    }
  }
  const sessions: Session[] = []
  for (const [userId, events] of byUser) {
    let current: Session | undefined
    for (const e of events.sort((a, b) => a.t - b.t)) {
      if (current && e.t <= current.end) {
        current.end = Math.max(current.end, e.t + gap)
        current.count++
      } else {
        current = { userId, start: e.t, end: e.t + gap, count: 1 }
        sessions.push(current)
      }
    }
  }
  const finalWm = evict.at(-1)! * 1000
  return sessions.filter((s) => s.end <= finalWm)
}
