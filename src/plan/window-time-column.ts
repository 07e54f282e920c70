/**
 * Time columns of windows (spark-semantics §1.5): `window(windowCol, …)` over an existing window
 * struct is Spark's `window(window_time(windowCol), …)` — the window's last instant,
 * `end - 1 µs` — which is how a windowed aggregation is chained into a second, coarser one.
 * `window_time` keeps the event-time (watermark) marker of the window it reads, as Spark's
 * ResolveWindowTime does, so the chained aggregation still has an event-time grouping key.
 */
import { isTimestampType, type DataType } from '../types/index.js'
import {
  FunctionCallNode,
  type ColumnRefNode,
  type Expression,
  type TimeWindowNode,
} from './expr/index.js'

/** True for `struct<start: timestamp, end: timestamp>` (a window or session window column). */
export function isWindowStructType(t: DataType): boolean {
  return (
    t.type === 'struct' &&
    t.fields.length === 2 &&
    t.fields[0]!.name === 'start' &&
    t.fields[1]!.name === 'end' &&
    isTimestampType(t.fields[0]!.dataType) &&
    isTimestampType(t.fields[1]!.dataType)
  )
}

/** The timestamp expression a `window(...)` assigns windows by; `timeType` is its column's type. */
export function windowTimeExpression(e: TimeWindowNode, timeType: DataType): Expression {
  return isWindowStructType(timeType)
    ? FunctionCallNode.create('window_time', [e.timeColumn])
    : e.timeColumn
}

/**
 * The column whose event-time marker an expression carries: the column itself, a window or
 * session window over it, or `window_time` of such a column (aliases looked through).
 */
export function eventTimeColumnRef(e: Expression): ColumnRefNode | undefined {
  switch (e.kind) {
    case 'ColumnRefNode':
      return e
    case 'AliasNode':
      return eventTimeColumnRef(e.child)
    case 'TimeWindowNode':
    case 'SessionWindowNode':
      return eventTimeColumnRef(e.timeColumn)
    case 'FunctionCallNode':
      return e.name === 'window_time' && e.args.length === 1
        ? eventTimeColumnRef(e.args[0]!)
        : undefined
    default:
      return undefined
  }
}
