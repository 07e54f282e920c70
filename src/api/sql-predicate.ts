/**
 * A SQL predicate as Delta's `replaceWhere` option takes it, parsed into a Column: comparisons
 * (`= == <> != < <= > >= <=>`) between column names and literals, `IN (…)`, `IS [NOT] NULL`,
 * `BETWEEN … AND …`, `AND`/`OR`/`NOT`, arithmetic (`+ - * / %`) and parentheses. Literals:
 * numbers, 'strings' (with '' for a quote), `true`/`false`/`null`, `DATE '…'`, `TIMESTAMP '…'`;
 * column names bare or in backticks, qualified or nested with dots (`t.id`, `s.data.user`, as
 * MERGE conditions name them). That covers the predicates replaceWhere is written with
 * (partition ranges) and MERGE's conditions and values (parseSqlExpression);
 * anything else is SL_API_INVALID_OPTION naming the position. Given the schema, a string literal
 * compared with a non-string column is cast to the column's type, as Spark's type coercion does
 * (`day = '2026-01-01'` on a date column).
 */
import { EngineError } from '../errors/index.js'
import { resolveColumnPath } from '../plan/column-path.js'
import { simpleString, type DataType, type StructType } from '../types/index.js'
import type { Column } from './column.js'
import { col, lit } from './functions.js'

/** The parsed predicate and the columns it names. @internal */
export interface ParsedPredicate {
  readonly column: Column
  readonly columns: readonly string[]
}

type Token =
  | { kind: 'ident'; text: string; quoted: boolean; at: number }
  | { kind: 'number'; text: string; at: number }
  | { kind: 'string'; text: string; at: number }
  | { kind: 'op'; text: string; at: number }
  | { kind: 'end'; at: number }

/** An operand: the column, and what coercion needs to know about it. */
interface Operand {
  readonly column: Column
  /** The column name when the operand is a bare column reference. */
  readonly ref?: string
  /** The text when the operand is a string literal. */
  readonly text?: string
}

/** Parses `text` (the value of option `option`), coercing literals to `schema`'s types. @internal */
export function parseSqlPredicate(
  text: string,
  schema?: StructType,
  option = 'replaceWhere',
): ParsedPredicate {
  const typeOf = (name: string): DataType | undefined =>
    schema?.fields.find((f) => f.name.toLowerCase() === name.toLowerCase())?.dataType ??
    (schema === undefined ? undefined : resolveColumnPath(schema, name)?.dataType)
  /** `b` as it is compared with `a`: a string literal takes a non-string column's type. */
  const coerced = (a: Operand, b: Operand): Column => {
    const t = a.ref === undefined ? undefined : typeOf(a.ref)
    if (b.text === undefined || t === undefined || t.type === 'string') return b.column
    return lit(b.text).cast(simpleString(t))
  }
  const tokens = tokenize(text, option)
  let pos = 0
  const columns = new Set<string>()
  const fail = (problem: string, at: number): never => {
    throw new EngineError(
      'SL_API_INVALID_OPTION',
      {
        option,
        problem: `is not a predicate streamlake can read: ${problem} at position ${at + 1}`,
        value: JSON.stringify(text),
        hint: "Write comparisons of columns with literals joined by AND/OR, e.g. \"day >= '2026-01-01' AND day < '2026-02-01'\".",
      },
      { option },
    )
  }
  const peek = (): Token => tokens[pos]!
  const keyword = (word: string): boolean => {
    const t = peek()
    if (t.kind === 'ident' && !t.quoted && t.text.toUpperCase() === word) {
      pos++
      return true
    }
    return false
  }
  const op = (text: string): boolean => {
    const t = peek()
    if (t.kind === 'op' && t.text === text) {
      pos++
      return true
    }
    return false
  }
  const expect = (text: string): void => {
    if (!op(text)) fail(`expected ${text}`, peek().at)
  }
  const or = (): Column => {
    let left = and()
    while (keyword('OR')) left = left.or(and())
    return left
  }
  const and = (): Column => {
    let left = not()
    while (keyword('AND')) left = left.and(not())
    return left
  }
  const not = (): Column => (keyword('NOT') ? not().not() : comparison())
  const comparison = (): Column => {
    const leftOperand = additive()
    const left = leftOperand.column
    const against = (o: Operand): Column => coerced(leftOperand, o)
    const t = peek()
    if (t.kind === 'op' && ['=', '==', '<>', '!=', '<', '<=', '>', '>=', '<=>'].includes(t.text)) {
      pos++
      const rightOperand = additive()
      const right = coerced(leftOperand, rightOperand)
      const l = coerced(rightOperand, leftOperand)
      switch (t.text) {
        case '=':
        case '==':
          return l.eq(right)
        case '<>':
        case '!=':
          return l.notEqual(right)
        case '<':
          return l.lt(right)
        case '<=':
          return l.leq(right)
        case '>':
          return l.gt(right)
        case '>=':
          return l.geq(right)
        default:
          return l.eqNullSafe(right)
      }
    }
    if (keyword('IS')) {
      const negated = keyword('NOT')
      if (!keyword('NULL')) fail('expected NULL', peek().at)
      return negated ? left.isNotNull() : left.isNull()
    }
    const negated = keyword('NOT')
    if (keyword('IN')) {
      expect('(')
      let any = left.eq(against(operand()))
      while (op(',')) any = any.or(left.eq(against(operand())))
      expect(')')
      return negated ? any.not() : any
    }
    if (keyword('BETWEEN')) {
      const low = against(operand())
      if (!keyword('AND')) fail('expected AND', peek().at)
      const between = left.geq(low).and(left.leq(against(operand())))
      return negated ? between.not() : between
    }
    if (negated) fail('expected IN or BETWEEN', peek().at)
    return left
  }
  // Arithmetic binds tighter than comparisons; a single operand keeps what coercion needs.
  const additive = (): Operand => {
    let left = multiplicative()
    for (;;) {
      if (op('+')) left = { column: left.column.plus(multiplicative().column) }
      else if (op('-')) left = { column: left.column.minus(multiplicative().column) }
      else return left
    }
  }
  const multiplicative = (): Operand => {
    let left = operand()
    for (;;) {
      if (op('*')) left = { column: left.column.multiply(operand().column) }
      else if (op('/')) left = { column: left.column.divide(operand().column) }
      else if (op('%')) left = { column: left.column.mod(operand().column) }
      else return left
    }
  }
  const operand = (): Operand => {
    const t = peek()
    if (op('(')) {
      const inner = or()
      expect(')')
      return { column: inner }
    }
    if (t.kind === 'op' && t.text === '-') {
      pos++
      const n = peek()
      if (n.kind !== 'number') return fail('expected a number', n.at)
      pos++
      return { column: lit(-Number(n.text)) }
    }
    pos++
    switch (t.kind) {
      case 'number':
        return { column: lit(Number(t.text)) }
      case 'string':
        return { column: lit(t.text), text: t.text }
      case 'ident': {
        const upper = t.text.toUpperCase()
        if (!t.quoted && (upper === 'DATE' || upper === 'TIMESTAMP') && peek().kind === 'string') {
          const value = peek() as { text: string }
          pos++
          return { column: lit(value.text).cast(upper === 'DATE' ? 'date' : 'timestamp') }
        }
        if (!t.quoted && upper === 'TRUE') return { column: lit(true) }
        if (!t.quoted && upper === 'FALSE') return { column: lit(false) }
        if (!t.quoted && upper === 'NULL') return { column: lit(null) }
        columns.add(t.text)
        // An exact top-level name resolves as is (column-path.ts), so backticks are not needed.
        return { column: col(t.text), ref: t.text }
      }
      default:
        return fail('expected a column or a literal', t.at)
    }
  }
  const column = or()
  if (peek().kind !== 'end') fail('unexpected text', peek().at)
  return { column, columns: [...columns] }
}

/**
 * A SQL value expression (`s.value`, `t.count + s.count`, `'unknown'`, a predicate) as
 * DeltaTable.merge's `set`/`values` take strings, as a Column. @internal
 */
export function parseSqlExpression(text: string, schema: StructType, option: string): Column {
  return parseSqlPredicate(text, schema, option).column
}

function tokenize(text: string, option: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  // `t.id`, `s.\`my col\``: a name right after `ident.` continues the previous identifier.
  const pushIdent = (part: string, quoted: boolean, at: number): void => {
    const prev = tokens[tokens.length - 1]
    const dot = tokens[tokens.length - 2]
    if (prev?.kind === 'op' && prev.text === '.' && dot?.kind === 'ident') {
      tokens.pop()
      dot.text += '.' + part
      dot.quoted ||= quoted
    } else tokens.push({ kind: 'ident', text: part, quoted, at })
  }
  const fail = (at: number): never => {
    throw new EngineError(
      'SL_API_INVALID_OPTION',
      {
        option,
        problem: `is not a predicate streamlake can read: unexpected character at position ${at + 1}`,
        value: JSON.stringify(text),
        hint: 'Quote strings with single quotes and column names with special characters with backticks.',
      },
      { option },
    )
  }
  while (i < text.length) {
    const c = text[i]!
    if (/\s/.test(c)) {
      i++
    } else if (
      c === '.' &&
      tokens[tokens.length - 1]?.kind === 'ident' &&
      /[A-Za-z_`]/.test(text[i + 1] ?? '')
    ) {
      tokens.push({ kind: 'op', text: '.', at: i })
      i++
    } else if (/[0-9.]/.test(c)) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i))
      if (!m) fail(i)
      tokens.push({ kind: 'number', text: m![0], at: i })
      i += m![0].length
    } else if (c === "'" || c === '"') {
      let j = i + 1
      let out = ''
      for (;;) {
        if (j >= text.length) fail(i)
        const d = text[j]!
        if (d === '\\' && j + 1 < text.length) {
          out += text[j + 1]
          j += 2
        } else if (d === c && text[j + 1] === c) {
          out += c
          j += 2
        } else if (d === c) break
        else {
          out += d
          j++
        }
      }
      tokens.push({ kind: 'string', text: out, at: i })
      i = j + 1
    } else if (c === '`') {
      let j = i + 1
      let out = ''
      for (;;) {
        if (j >= text.length) fail(i)
        if (text[j] === '`' && text[j + 1] === '`') {
          out += '`'
          j += 2
        } else if (text[j] === '`') break
        else out += text[j++]
      }
      pushIdent(out, true, i)
      i = j + 1
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!
      pushIdent(m[0], false, i)
      i += m[0].length
    } else {
      const m = /^(<=>|<=|>=|<>|!=|==|[=<>(),+*/%-])/.exec(text.slice(i))
      if (!m) fail(i)
      tokens.push({ kind: 'op', text: m![0], at: i })
      i += m![0].length
    }
  }
  tokens.push({ kind: 'end', at: text.length })
  return tokens
}
