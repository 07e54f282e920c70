/**
 * The output schema of a union (Spark's `Union.output` after `WidenSetOperationTypes`): columns
 * match by position; names and metadata (the event-time marker) come from the first child; a
 * column is nullable when it is in any child; differing types widen (numeric by precedence,
 * NULL to anything, timestamp_ntz to timestamp, structs field by field) or the union is rejected.
 */
import { widerDecimalType } from './decimal-precision.js'
import { AnalysisError } from '../errors/index.js'
import {
  DataTypes,
  isNumericType,
  sameType,
  simpleString,
  structField,
  structType,
  type DataType,
  type StructType,
} from '../types/index.js'

const NUMERIC_PRECEDENCE: Readonly<Record<string, number>> = {
  byte: 1,
  short: 2,
  integer: 3,
  long: 4,
  decimal: 5,
  float: 6,
  double: 7,
}

export function unionSchema(children: readonly StructType[]): StructType {
  const first = children[0]!
  children.forEach((c, i) => {
    if (i > 0 && c.fields.length !== first.fields.length) {
      throw new AnalysisError('SL_PLAN_UNION_COLUMN_COUNT', {
        first: first.fields.length,
        index: i + 1,
        count: c.fields.length,
        hint: 'Select the same columns on both sides (union matches columns by position), or use unionByName(other, { allowMissingColumns: true }).',
      })
    }
  })
  return structType(
    first.fields.map((f, col) => {
      let type = f.dataType
      let nullable = f.nullable
      children.forEach((c, i) => {
        if (i === 0) return
        const g = c.fields[col]!
        nullable ||= g.nullable
        const wider = widerType(type, g.dataType)
        if (!wider) {
          throw new AnalysisError('SL_PLAN_UNION_TYPE_MISMATCH', {
            column: f.name,
            position: col + 1,
            first: simpleString(type),
            index: i + 1,
            other: simpleString(g.dataType),
          })
        }
        type = wider
      })
      return structField(f.name, type, nullable, f.metadata)
    }),
  )
}

/** The common type of two union columns, or undefined when Spark would reject them. */
export function widerType(a: DataType, b: DataType): DataType | undefined {
  if (a.type === 'void') return b
  if (b.type === 'void') return a
  if (a.type === 'struct' && b.type === 'struct') {
    if (a.fields.length !== b.fields.length) return undefined
    const fields = []
    for (let i = 0; i < a.fields.length; i++) {
      const f = a.fields[i]!
      const g = b.fields[i]!
      const t = widerType(f.dataType, g.dataType)
      if (!t) return undefined
      fields.push(structField(f.name, t, f.nullable || g.nullable, f.metadata))
    }
    return structType(fields)
  }
  if (sameType(a, b, false)) return a
  if (isNumericType(a) && isNumericType(b)) {
    if (a.type === 'decimal' || b.type === 'decimal') {
      // Decimal ∪ decimal or integral: Spark's wider decimal (each side is cast to it, so all
      // values keep the column's scale); with a float or double side, double.
      const other = a.type === 'decimal' ? b : a
      if (other.type === 'float' || other.type === 'double') return DataTypes.DoubleType
      return widerDecimalType(a, b)
    }
    return (NUMERIC_PRECEDENCE[a.type] ?? 0) >= (NUMERIC_PRECEDENCE[b.type] ?? 0) ? a : b
  }
  if (
    (a.type === 'timestamp' && b.type === 'timestamp_ntz') ||
    (a.type === 'timestamp_ntz' && b.type === 'timestamp')
  )
    return DataTypes.TimestampType
  return undefined
}
