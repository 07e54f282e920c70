import type { Expression } from './expression.js'

/**
 * `window(timeColumn, windowDuration, slideDuration?, startTime?)` (spark-semantics §1): the
 * struct `<start, end>` of each window a row falls in. A row falls in `ceil(window/slide)` or
 * fewer windows, so this expression multiplies rows; it is only valid as a grouping expression.
 * Durations are already validated and converted to microseconds.
 */
export interface TimeWindowNode {
  readonly kind: 'TimeWindowNode'
  readonly timeColumn: Expression
  readonly windowMicros: number
  readonly slideMicros: number
  readonly startMicros: number
  /** The durations as the user wrote them, for explain and errors. */
  readonly text: string
}

export const TimeWindowNode = Object.freeze({
  create(
    timeColumn: Expression,
    windowMicros: number,
    slideMicros: number,
    startMicros: number,
    text: string,
  ): TimeWindowNode {
    return Object.freeze({
      kind: 'TimeWindowNode',
      timeColumn,
      windowMicros,
      slideMicros,
      startMicros,
      text,
    })
  },
  is(node: { kind: string }): node is TimeWindowNode {
    return node.kind === 'TimeWindowNode'
  },
})
