/**
 * `date_format(col, pattern)`: Spark casts the input to TIMESTAMP (a DATE is midnight in the
 * session zone, a TIMESTAMP_NTZ its wall-clock time in the session zone, a string is parsed as
 * CAST does) and formats it in the session time zone. A literal pattern is compiled once (and
 * was validated at analysis); a pattern column is compiled per distinct value.
 */
import { resolveExpression } from '../../plan/analyzer.js'
import type { Expression } from '../../plan/expr/index.js'
import {
  compileDateTimeFormatter,
  type DateTimeFormatter,
} from '../../internal/time/datetime-formatter.js'
import { MICROS_PER_DAY } from '../../internal/time/civil-date.js'
import { requireZone } from '../../internal/time/resolve-zone.js'
import type { ZoneRules } from '../../internal/time/zone-rules.js'
import { DataTypes, type Row, type StructType } from '../../types/index.js'
import { castValue } from './cast-value.js'
import type { CompiledExpression } from './compile-expression.js'
import type { EvaluationContext } from './evaluation-context.js'

const MAX_CACHED_PATTERNS = 64

/** Compiles a `date_format` call whose arguments are already compiled. */
export function compileDateFormat(
  argExprs: readonly Expression[],
  args: readonly CompiledExpression[],
  schema: StructType,
  ctx: () => EvaluationContext,
): CompiledExpression {
  const inputType = resolveExpression(argExprs[0]!, schema).dataType.type
  const patternExpr = argExprs[1]!
  const fixed =
    patternExpr.kind === 'LiteralNode' && typeof patternExpr.value === 'string'
      ? compileDateTimeFormatter(patternExpr.value)
      : null
  const cache = new Map<string, DateTimeFormatter>()
  const formatterFor = (pattern: string): DateTimeFormatter => {
    let f = cache.get(pattern)
    if (f === undefined) {
      f = compileDateTimeFormatter(pattern)
      if (cache.size >= MAX_CACHED_PATTERNS) cache.clear()
      cache.set(pattern, f)
    }
    return f
  }
  let zoneId = ''
  let zone: ZoneRules | null = null
  const zoneOf = (id: string): ZoneRules => {
    if (zone === null || id !== zoneId) {
      zone = requireZone(id)
      zoneId = id
    }
    return zone
  }
  const input = args[0]!
  const patternOf = args[1]!
  return (row: Row) => {
    const v = input(row)
    if (v === null) return null
    const pattern = fixed === null ? (patternOf(row) as string | null) : null
    if (fixed === null && pattern === null) return null
    const { timeZone } = ctx()
    const z = zoneOf(timeZone)
    let micros: number
    switch (inputType) {
      case 'date':
        micros = z.toUtc((v as number) * MICROS_PER_DAY)
        break
      case 'timestamp_ntz':
        micros = z.toUtc(v as number)
        break
      case 'string': {
        // A best-effort parse, as before ANSI casts (null for text that is no timestamp).
        const t = castValue(v, DataTypes.StringType, DataTypes.TimestampType, timeZone, false)
        if (t === null) return null
        micros = t as number
        break
      }
      default:
        micros = v as number
    }
    return (fixed ?? formatterFor(pattern!))(micros, z)
  }
}
