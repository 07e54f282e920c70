/**
 * Parses Spark DDL schema strings such as
 * `event_id STRING NOT NULL, timestamp TIMESTAMP, window STRUCT<start: TIMESTAMP, end: TIMESTAMP>`
 * into a {@link StructType}. Type names and aliases follow Spark's SQL parser
 * (`INT`/`INTEGER`, `BIGINT`/`LONG`, `DECIMAL(p,s)`, `VARCHAR(n)` → string, …).
 */
import { EngineError } from '../errors/index.js'
import {
  DataTypes,
  structField,
  structType,
  type DataType,
  type StructField,
  type StructType,
} from './data-type.js'

const ATOMIC_ALIASES: Readonly<Record<string, DataType>> = {
  STRING: DataTypes.StringType,
  TEXT: DataTypes.StringType,
  BIGINT: DataTypes.LongType,
  LONG: DataTypes.LongType,
  INT: DataTypes.IntegerType,
  INTEGER: DataTypes.IntegerType,
  SMALLINT: DataTypes.ShortType,
  SHORT: DataTypes.ShortType,
  TINYINT: DataTypes.ByteType,
  BYTE: DataTypes.ByteType,
  FLOAT: DataTypes.FloatType,
  REAL: DataTypes.FloatType,
  DOUBLE: DataTypes.DoubleType,
  BOOLEAN: DataTypes.BooleanType,
  BINARY: DataTypes.BinaryType,
  DATE: DataTypes.DateType,
  TIMESTAMP: DataTypes.TimestampType,
  TIMESTAMP_LTZ: DataTypes.TimestampType,
  TIMESTAMP_NTZ: DataTypes.TimestampNTZType,
  VOID: DataTypes.NullType,
}

type Token = { kind: 'ident' | 'number' | 'string' | 'punct'; text: string; pos: number }

function tokenize(ddl: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < ddl.length) {
    const c = ddl[i]!
    if (/\s/.test(c)) {
      i++
    } else if (c === '`') {
      let j = i + 1
      let text = ''
      for (;;) {
        if (j >= ddl.length) throw ddlError(ddl, i, 'unterminated back-quoted name')
        if (ddl[j] === '`') {
          if (ddl[j + 1] === '`') {
            text += '`'
            j += 2
            continue
          }
          break
        }
        text += ddl[j]
        j++
      }
      tokens.push({ kind: 'ident', text, pos: i })
      i = j + 1
    } else if (c === "'" || c === '"') {
      const end = ddl.indexOf(c, i + 1)
      if (end < 0) throw ddlError(ddl, i, 'unterminated string literal')
      tokens.push({ kind: 'string', text: ddl.slice(i + 1, end), pos: i })
      i = end + 1
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i
      while (j < ddl.length && /[A-Za-z0-9_]/.test(ddl[j]!)) j++
      tokens.push({ kind: 'ident', text: ddl.slice(i, j), pos: i })
      i = j
    } else if (/[0-9]/.test(c)) {
      let j = i
      while (j < ddl.length && /[0-9]/.test(ddl[j]!)) j++
      tokens.push({ kind: 'number', text: ddl.slice(i, j), pos: i })
      i = j
    } else if ('<>(),:'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, pos: i })
      i++
    } else {
      throw ddlError(ddl, i, `unexpected character '${c}'`)
    }
  }
  return tokens
}

function ddlError(ddl: string, pos: number, problem: string): EngineError {
  return new EngineError('SL_API_INVALID_SCHEMA', {
    source: `DDL "${ddl}"`,
    problem: `${problem} at position ${pos}`,
    hint: 'Write fields as "name TYPE [NOT NULL]" separated by commas, e.g. "id BIGINT NOT NULL, ts TIMESTAMP".',
  })
}

class DdlParser {
  private i = 0
  constructor(
    private readonly ddl: string,
    private readonly tokens: Token[],
  ) {}

  parseFields(terminator?: string): StructField[] {
    const fields: StructField[] = []
    for (;;) {
      if (this.atEnd() || (terminator !== undefined && this.peek()?.text === terminator)) break
      fields.push(this.parseField(terminator !== undefined))
      if (this.peek()?.text === ',') this.i++
      else break
    }
    return fields
  }

  parseField(inStruct: boolean): StructField {
    const name = this.expect('ident', 'a field name')
    if (inStruct && this.peek()?.text === ':') this.i++
    const dataType = this.parseType()
    let nullable = true
    const metadata: Record<string, unknown> = {}
    for (;;) {
      const t = this.peek()
      if (t?.kind === 'ident' && t.text.toUpperCase() === 'NOT') {
        this.i++
        const n = this.expect('ident', 'NULL')
        if (n.toUpperCase() !== 'NULL') throw this.error(`expected NULL after NOT, got ${n}`)
        nullable = false
      } else if (t?.kind === 'ident' && t.text.toUpperCase() === 'COMMENT') {
        this.i++
        const s = this.next()
        if (s?.kind !== 'string') throw this.error('expected a quoted comment after COMMENT')
        metadata['comment'] = s.text
      } else break
    }
    return structField(name, dataType, nullable, metadata)
  }

  parseType(): DataType {
    const name = this.expect('ident', 'a type name').toUpperCase()
    switch (name) {
      case 'STRUCT': {
        this.expectPunct('<')
        const fields = this.parseFields('>')
        this.expectPunct('>')
        return structType(fields)
      }
      case 'ARRAY': {
        this.expectPunct('<')
        const element = this.parseType()
        this.expectPunct('>')
        return DataTypes.array(element)
      }
      case 'MAP': {
        this.expectPunct('<')
        const key = this.parseType()
        this.expectPunct(',')
        const value = this.parseType()
        this.expectPunct('>')
        return DataTypes.map(key, value)
      }
      case 'DECIMAL':
      case 'DEC':
      case 'NUMERIC': {
        if (this.peek()?.text !== '(') return DataTypes.decimal(10, 0)
        this.i++
        const precision = Number(this.expect('number', 'a precision'))
        let scale = 0
        if (this.peek()?.text === ',') {
          this.i++
          scale = Number(this.expect('number', 'a scale'))
        }
        this.expectPunct(')')
        if (precision < 1 || precision > 38 || scale > precision) {
          throw this.error(
            `decimal(${precision},${scale}) is out of range (precision 1..38, scale <= precision)`,
          )
        }
        return DataTypes.decimal(precision, scale)
      }
      case 'VARCHAR':
      case 'CHAR': {
        if (this.peek()?.text === '(') {
          this.i++
          this.expect('number', 'a length')
          this.expectPunct(')')
        }
        return DataTypes.StringType
      }
      default: {
        const t = ATOMIC_ALIASES[name]
        if (t === undefined) throw this.error(`unknown type ${name}`)
        return t
      }
    }
  }

  atEnd(): boolean {
    return this.i >= this.tokens.length
  }
  peek(): Token | undefined {
    return this.tokens[this.i]
  }
  next(): Token | undefined {
    return this.tokens[this.i++]
  }
  expect(kind: Token['kind'], what: string): string {
    const t = this.next()
    if (t?.kind !== kind)
      throw this.error(`expected ${what}, got ${t ? `'${t.text}'` : 'end of input'}`)
    return t.text
  }
  expectPunct(p: string): void {
    const t = this.next()
    if (t?.text !== p)
      throw this.error(`expected '${p}', got ${t ? `'${t.text}'` : 'end of input'}`)
  }
  error(problem: string): EngineError {
    const pos = this.tokens[Math.min(this.i, this.tokens.length - 1)]?.pos ?? this.ddl.length
    return ddlError(this.ddl, pos, problem)
  }
}

/**
 * Parses a DDL schema string.
 *
 * @example
 * ```ts
 * import { parseDdlSchema } from 'streamlake'
 * const schema = parseDdlSchema('event_id STRING NOT NULL, timestamp TIMESTAMP, value DOUBLE')
 * ```
 */
export function parseDdlSchema(ddl: string): StructType {
  const tokens = tokenize(ddl)
  const parser = new DdlParser(ddl, tokens)
  const fields = parser.parseFields()
  if (!parser.atEnd()) throw parser.error('unexpected trailing input')
  if (fields.length === 0) throw ddlError(ddl, 0, 'no fields')
  const seen = new Set<string>()
  for (const f of fields) {
    if (seen.has(f.name)) throw ddlError(ddl, 0, `duplicate field name ${f.name}`)
    seen.add(f.name)
  }
  return structType(fields)
}
