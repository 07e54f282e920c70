/**
 * Reads generator output independently of the engine (plain JSON.parse and integer arithmetic on
 * the timestamp text), giving the rows a correct pass-through must produce.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'

/** One event as the engine's positional row: [event_id, ts µs, user_id, event_type, value, session_id]. */
export type EventRow = [string, number, number, string, number, string]

/** `2026-11-24T10:15:30.123456` (UTC wall clock, zone-less) → µs since the epoch. */
export function isoLocalToMicros(text: string): number {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?$/.exec(text)
  if (!m) throw new Error(`unexpected timestamp ${text}`)
  const ms = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
  )
  return ms * 1000 + Number((m[7] ?? '').padEnd(6, '0'))
}

export async function readEventFiles(dir: string): Promise<EventRow[]> {
  const rows: EventRow[] = []
  for (const name of (await fs.readdir(dir)).filter((n) => n.endsWith('.json')).sort()) {
    for (const line of (await fs.readFile(join(dir, name), 'utf8')).split('\n')) {
      if (line.trim() === '') continue
      const e = JSON.parse(line) as {
        event_id: string
        timestamp: string
        user_id: number
        event_type: string
        value: number
        session_id: string
      }
      rows.push([
        e.event_id,
        isoLocalToMicros(e.timestamp),
        e.user_id,
        e.event_type,
        e.value,
        e.session_id,
      ])
    }
  }
  return rows
}

/** Sorted canonical JSON lines of rows: equal multisets give equal arrays. */
export function canonicalRows(rows: readonly unknown[][]): string[] {
  return rows.map((r) => JSON.stringify(r)).sort()
}
