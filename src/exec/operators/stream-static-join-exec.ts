/**
 * Stream-static equi-join (spark-semantics §7): each micro-batch's new stream rows are joined
 * with the static side as it is now — a Delta static side is re-read at its latest version every
 * batch (as Spark does); other static sides are read once. Results are never revised. Null keys
 * never match; an unmatched stream row of an outer join is emitted at once with nulls.
 */
import type { JoinNode } from '../../plan/nodes/index.js'
import { collectSources } from '../../plan/nodes/index.js'
import { fieldIndex, type Row, type StructType } from '../../types/index.js'

export class StreamStaticJoinExec {
  private cached: Row[] | undefined
  private readonly rereadEachBatch: boolean

  constructor(
    private readonly node: JoinNode,
    private readonly streamIsLeft: boolean,
    private readonly leftSchema: StructType,
    private readonly rightSchema: StructType,
    private readonly readStatic: () => Promise<Row[]>,
  ) {
    const staticPlan = streamIsLeft ? node.right : node.left
    this.rereadEachBatch = collectSources(staticPlan).some((s) => s.format === 'delta')
  }

  async execute(streamRows: readonly Row[]): Promise<Row[]> {
    const staticRows = this.rereadEachBatch || !this.cached ? await this.readStatic() : this.cached
    this.cached = staticRows
    const { using, joinType } = this.node
    const left = this.leftSchema
    const right = this.rightSchema
    const lKeys = using.map((k) => fieldIndex(left, k))
    const rKeys = using.map((k) => fieldIndex(right, k))
    const lRest = left.fields.map((_, i) => i).filter((i) => !lKeys.includes(i))
    const rRest = right.fields.map((_, i) => i).filter((i) => !rKeys.includes(i))
    const staticKeys = this.streamIsLeft ? rKeys : lKeys
    const streamKeys = this.streamIsLeft ? lKeys : rKeys
    const index = new Map<string, Row[]>()
    for (const row of staticRows) {
      const key = staticKeys.map((i) => row[i] ?? null)
      if (key.some((v) => v === null)) continue
      const k = JSON.stringify(key)
      let list = index.get(k)
      if (!list) index.set(k, (list = []))
      list.push(row)
    }
    const outer =
      (this.streamIsLeft && joinType === 'left_outer') ||
      (!this.streamIsLeft && joinType === 'right_outer')
    const out: Row[] = []
    const emit = (l: Row | null, r: Row | null): void => {
      const keySource = joinType === 'right_outer' ? r : l
      const keys = (joinType === 'right_outer' ? rKeys : lKeys).map((i) => keySource?.[i] ?? null)
      out.push([...keys, ...lRest.map((i) => l?.[i] ?? null), ...rRest.map((i) => r?.[i] ?? null)])
    }
    for (const s of streamRows) {
      const key = streamKeys.map((i) => s[i] ?? null)
      const matches = key.some((v) => v === null) ? undefined : index.get(JSON.stringify(key))
      if (matches) {
        for (const m of matches) {
          if (this.streamIsLeft) emit(s, m)
          else emit(m, s)
        }
      } else if (outer) {
        if (this.streamIsLeft) emit(s, null)
        else emit(null, s)
      }
    }
    return out
  }
}
