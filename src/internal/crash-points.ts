/**
 * Fault injection for crash-recovery tests: `STREAMLAKE_CRASH_AT=<point>:<n>` makes the process
 * kill itself with SIGKILL the n-th time (1-based) execution reaches `<point>`;
 * `STREAMLAKE_CRASH_TRACE=<file>` appends the name of every point reached to `<file>`, so a test
 * can find how often a run reaches each point and crash at each of them. Unset (always, in
 * production) the check is one comparison. Points are named after the protocol step they follow.
 */
import { appendFileSync } from 'node:fs'

const spec = parse(process.env['STREAMLAKE_CRASH_AT'])
const trace = process.env['STREAMLAKE_CRASH_TRACE'] || undefined
const active = spec !== undefined || trace !== undefined
let hits = 0

function parse(raw: string | undefined): { point: string; n: number } | undefined {
  if (!raw) return undefined
  const i = raw.lastIndexOf(':')
  return { point: raw.slice(0, i), n: Number(raw.slice(i + 1)) }
}

export function crashPoint(point: string): void {
  if (!active) return
  if (trace !== undefined) appendFileSync(trace, `${point}\n`)
  if (spec === undefined || spec.point !== point) return
  if (++hits === spec.n) process.kill(process.pid, 'SIGKILL')
}
