import type { DataType } from '../../types/index.js'
import type { Expression } from './expression.js'

/**
 * `CAST(child AS dataType)`: under `spark.sql.ansi.enabled` (Spark 4's default) a value that does
 * not fit or parse fails the query, else Spark's legacy cast gives null or wraps around;
 * `evalMode: 'try'` is `TRY_CAST` (null where the cast fails, whatever the setting).
 */
export interface CastNode {
  readonly kind: 'CastNode'
  readonly child: Expression
  readonly dataType: DataType
  readonly evalMode?: 'try'
}

export const CastNode = Object.freeze({
  create(child: Expression, dataType: DataType, evalMode?: 'try'): CastNode {
    return Object.freeze(
      evalMode === undefined
        ? { kind: 'CastNode', child, dataType }
        : { kind: 'CastNode', child, dataType, evalMode },
    )
  },
  is(node: { kind: string }): node is CastNode {
    return node.kind === 'CastNode'
  },
})
