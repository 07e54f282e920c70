/**
 * Scripts for queries over several MemoryStreams: a step adds rows to one or more streams and must
 * land in one micro-batch, so the rows are added while the query is stopped (restart mode) or
 * idle (straight mode), never while a trigger might be reading the first stream's offset.
 */
import { startStream, stopStream, type StreamAction } from '../../src/testing/index.js'

export interface Step {
  /** addData actions, all of which land in the same batch. */
  readonly add: readonly StreamAction[]
  /** Checks after the step (they process all available data first). */
  readonly check: readonly StreamAction[]
}

/**
 * The actions of `steps` for `testStream(..., { startImmediately: false })`: straight, the query
 * starts after the first step's data; with `restarts`, it is stopped before and started after
 * every step's data (restart equivalence at every batch boundary, STYLE.md rule 9).
 */
export function stepScript(steps: readonly Step[], restarts: boolean): StreamAction[] {
  const out: StreamAction[] = []
  steps.forEach((s, i) => {
    if (i > 0 && restarts) out.push(stopStream)
    out.push(...s.add)
    if (i === 0 || restarts) out.push(startStream())
    out.push(...s.check)
  })
  return out
}
