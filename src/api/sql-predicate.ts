/**
 * A SQL predicate as Delta's `replaceWhere` option takes it, parsed into a Column: comparisons
 * (`= == <> != < <= > >= <=>`) between column names and literals, `IN (…)`, `IS [NOT] NULL`,
 * `BETWEEN … AND …`, `AND`/`OR`/`NOT` and parentheses. Literals: numbers, 'strings' (with ''
 * for a quote), `true`/`false`/`null`, `DATE '…'`, `TIMESTAMP '…'`; column names bare or in
 * backticks. That covers the predicates replaceWhere is written with (partition ranges);
 * anything else is SL_API_INVALID_OPTION naming the position.
 */
import { EngineError } from '../errors/index.js'
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

/** Parses `text` (the value of option `option`). @internal */
export function parseSqlPredicate(text: string, option = 'replaceWhere'): ParsedPredicate {
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
    const left = operand()
    const t = peek()
    if (t.kind === 'op' && ['=', '==', '<>', '!=', '<', '<=', '>', '>=', '<=>'].includes(t.text)) {
      pos++
      const right = operand()
      switch (t.text) {
        case '=':
        case '==':
          return left.eq(right)
        case '<>':
        case '!=':
          return left.notEqual(right)
        case '<':
          return left.lt(right)
        case '<=':
          return left.leq(right)
        case '>':
          return left.gt(right)
        case '>=':
          return left.geq(right)
        default:
          return left.eqNullSafe(right)
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
      let any = left.eq(operand())
      while (op(',')) any = any.or(left.eq(operand()))
      expect(')')
      return negated ? any.not() : any
    }
    if (keyword('BETWEEN')) {
      const low = operand()
      if (!keyword('AND')) fail('expected AND', peek().at)
      const between = left.geq(low).and(left.leq(operand()))
      return negated ? between.not() : between
    }
    if (negated) fail('expected IN or BETWEEN', peek().at)
    return left
  }
  const operand = (): Column => {
    const t = peek()
    if (op('(')) {
      const inner = or()
      expect(')')
      return inner
    }
    if (t.kind === 'op' && t.text === '-') {
      pos++
      const n = peek()
      if (n.kind !== 'number') return fail('expected a number', n.at)
      pos++
      return lit(-Number(n.text))
    }
    pos++
    switch (t.kind) {
      case 'number':
        return lit(Number(t.text))
      case 'string':
        return lit(t.text)
      case 'ident': {
        const upper = t.text.toUpperCase()
        if (!t.quoted && (upper === 'DATE' || upper === 'TIMESTAMP') && peek().kind === 'string') {
          const value = peek() as { text: string }
          pos++
          return lit(value.text).cast(upper === 'DATE' ? 'date' : 'timestamp')
        }
        if (!t.quoted && upper === 'TRUE') return lit(true)
        if (!t.quoted && upper === 'FALSE') return lit(false)
        if (!t.quoted && upper === 'NULL') return lit(null)
        columns.add(t.text)
        // An exact top-level name resolves as is (column-path.ts), so backticks are not needed.
        return col(t.text)
      }
      default:
        return fail('expected a column or a literal', t.at)
    }
  }
  const column = or()
  if (peek().kind !== 'end') fail('unexpected text', peek().at)
  return { column, columns: [...columns] }
}

function tokenize(text: string, option: string): Token[] {
  const tokens: Token[] = []
  let i = 0
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
      tokens.push({ kind: 'ident', text: out, quoted: true, at: i })
      i = j + 1
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!
      tokens.push({ kind: 'ident', text: m[0], quoted: false, at: i })
      i += m[0].length
    } else {
      const m = /^(<=>|<=|>=|<>|!=|==|[=<>(),-])/.exec(text.slice(i))
      if (!m) fail(i)
      tokens.push({ kind: 'op', text: m![0], at: i })
      i += m![0].length
    }
  }
  tokens.push({ kind: 'end', at: text.length })
  return tokens
}
