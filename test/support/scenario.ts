/**
 * Helpers for the spark-semantics §15 scenarios: times are seconds after B = 2026-01-01T00:00:00Z,
 * windows `[start, end)` in those seconds, and a script can be replayed with a stop/restart after
 * every action (restart equivalence, STYLE.md rule 9).
 */
import { it } from 'vitest'
import { startStream, stopStream, type StreamAction } from '../../src/testing/index.js'

export const B = Date.UTC(2026, 0, 1) / 1000

/** Epoch seconds of `s` seconds after B (MemoryStream accepts epoch seconds for TIMESTAMP). */
export const at = (s: number): number => B + s

/** A window struct value `[B+start, B+end)` as a user row value. */
export const win = (start: number, end: number): { start: number; end: number } => ({
  start: at(start),
  end: at(end),
})

/**
 * The same script with a stop and a restart from the checkpoint before every addData after the
 * first, i.e. at every batch boundary between steps; checks and progress assertions of a step
 * still see that step's run.
 */
export function withRestarts(script: readonly StreamAction[]): StreamAction[] {
  const out: StreamAction[] = []
  let seenData = false
  for (const a of script) {
    if (a.kind === 'addData') {
      if (seenData) out.push(stopStream, startStream())
      seenData = true
    }
    out.push(a)
  }
  return out
}

/** Declares a scenario test twice: straight, and with a stop/restart at every step boundary. */
export function both(name: string, run: (restarts: boolean) => Promise<void>): void {
  it(name, () => run(false))
  it(`${name} (stop/restart after every check)`, () => run(true))
}
