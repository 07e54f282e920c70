/**
 * The conversion layer of the JSON reader, a port of Spark's `JacksonParser` (spark-semantics
 * §10.2) working directly on the line text. Per-type rules:
 * STRING takes a JSON string as is and any other token as its exact JSON text; integral types
 * only integer tokens in range (BYTE accepts -128..255 and wraps, as Jackson's getByteValue);
 * FLOAT/DOUBLE numbers and the strings NaN, Infinity, +Infinity, +INF, -Infinity, -INF; BOOLEAN
 * only true/false; DECIMAL numbers or numeric strings (commas removed); TIMESTAMP an integer
 * (seconds) or a CAST-style string in the reader's time zone; DATE a CAST-style string, or an
 * integer string of days; `null` is NULL for every type; `""` fails for every non-string type.
 * A failure inside a struct leaves that field NULL and keeps the others (partial results); a
 * failed array element or map value fails the whole array or map; partial structs nested in
 * arrays and maps are kept. Every failure marks the record bad.
 */
import { parseDateRange } from '../../internal/time/date-parser.js'
import {
  parseTimestampNtzRange,
  parseTimestampRange,
} from '../../internal/time/timestamp-parser.js'
import type { ZoneRules } from '../../internal/time/zone-rules.js'
import { toDecimal } from './json-decimal.js'
import { JsonScanner, NUM_INT, NUM_SPECIAL } from './json-scanner.js'
import * as P from './json-schema-plan.js'
import type { StructPlan, TypePlan } from './json-schema-plan.js'
import { canonicalLong, fitsLong, joinMicros, type LongValue } from '../../types/long-value.js'

/** Returned by a converter when the value cannot be converted. */
const FAIL: unique symbol = Symbol('fail')
type Converted = unknown

/** Optional strict parsers installed when the user sets timestampFormat / dateFormat. */
export interface DateTimeParsers {
  readonly timestamp: ((text: string) => number | null) | null
  readonly date: ((text: string) => number | null) | null
}

export class JsonValueReader extends JsonScanner {
  /** Set by a converter that returns a partially converted value (the record is then bad). */
  protected partial = false

  constructor(
    private readonly zone: ZoneRules,
    private readonly formats: DateTimeParsers,
  ) {
    super()
  }

  /** Converts the object at pos (`{`) into a row laid out by `plan`. */
  protected struct(plan: StructPlan): unknown[] {
    this.enter()
    const t = this.text
    const row = plan.template.slice()
    const names = plan.names
    const prefixes = plan.keyPrefixes
    const count = names.length
    let bad = false
    let expected = 0
    this.pos++
    let c = this.ws()
    if (c === 125) {
      this.pos++
      this.depth--
      this.partial = false
      return row
    }
    for (;;) {
      let index = -1
      // Fields usually arrive in schema order as `"name":`; match that without copying the key.
      if (expected < count) {
        const prefix = prefixes[expected]
        if (prefix != null) {
          const p = this.pos
          const n = prefix.length
          let k = 0
          while (k < n && t.charCodeAt(p + k) === prefix.charCodeAt(k)) k++
          if (k === n && p + n <= this.end) {
            index = expected
            this.pos = p + n
          }
        }
      }
      if (index < 0) {
        if (c !== 34 && c !== 39) this.syntax('a field name in quotes was expected')
        this.scanString()
        index = plan.lookup.get(this.stringValue()) ?? -1
        if (this.ws() !== 58) this.syntax("':' was expected")
        this.pos++
      }
      this.ws()
      if (index < 0) {
        this.skipValue()
      } else {
        expected = index + 1
        this.partial = false
        const v = this.value(plan.plans[index]!, names[index]!)
        if (v === FAIL) bad = true
        else {
          row[plan.outIndex[index]!] = v
          if (this.partial) bad = true
        }
      }
      if (!this.nextElement(125)) break
      c = this.ws()
    }
    this.depth--
    this.partial = bad
    return row
  }

  /** Converts the value at pos; FAIL (value skipped) when it cannot be converted. */
  protected value(plan: TypePlan, field: string): Converted {
    const c = this.text.charCodeAt(this.pos)
    if (this.pos >= this.end) this.syntax('a value is missing')
    const code = plan.code
    if (c === 34 || c === 39) {
      this.scanString()
      if (code === P.T_STRING) return this.stringValue()
      if (code === P.T_TIMESTAMP && this.strDecoded === null && this.formats.timestamp === null) {
        const v =
          this.strEnd > this.strStart
            ? parseTimestampRange(this.text, this.strStart, this.strEnd, this.zone)
            : null
        if (v !== null) return v
      }
      return this.fromString(plan, field, this.stringValue())
    }
    if (c === 123 || c === 91) {
      if (code === P.T_STRUCT && c === 123) return this.struct(plan.struct!)
      if (code === P.T_ARRAY && c === 91) return this.array(plan.element!, field)
      if (code === P.T_MAP && c === 123) return this.map(plan.element!, field)
      const start = this.pos
      this.skipValue()
      if (code === P.T_STRING) return this.text.slice(start, this.pos)
      if (code === P.T_NULL) return null
      return this.fail(plan, field, c === 123 ? 'an object' : 'an array')
    }
    if (c === 116 || c === 102 || c === 110) {
      const start = this.pos
      const literal = this.scanLiteral()
      if (literal < 0 || code === P.T_NULL) return null
      if (code === P.T_BOOLEAN) return literal === 1
      if (code === P.T_STRING) return this.text.slice(start, this.pos)
      return this.fail(plan, field, literal === 1 ? 'true' : 'false')
    }
    this.scanNumber()
    return this.fromNumber(plan, field)
  }

  private fromNumber(plan: TypePlan, field: string): Converted {
    const kind = this.numKind
    switch (plan.code) {
      case P.T_STRING:
        return this.text.slice(this.numStart, this.numEnd)
      case P.T_DOUBLE:
        return this.numberValue()
      case P.T_FLOAT:
        return Math.fround(this.numberValue())
      case P.T_INT:
      case P.T_SHORT:
      case P.T_BYTE:
      case P.T_LONG:
      case P.T_TIMESTAMP: {
        if (kind !== NUM_INT) break
        const v = this.integerValue(plan.code)
        if (v === null) break
        if (plan.code !== P.T_TIMESTAMP) return v
        // Seconds → exact microseconds (a bigint past 2^53, types/long-value.ts).
        if (typeof v === 'number') return joinMicros(v, 0)
        const micros = v * 1_000_000n
        if (fitsLong(micros)) return canonicalLong(micros)
        break
      }
      case P.T_DECIMAL: {
        if (kind === NUM_SPECIAL) break
        const v = toDecimal(this.text, this.numStart, this.numEnd, plan.precision, plan.scale)
        if (v !== null) return v
        break
      }
      case P.T_NULL:
        return null
      default:
        break
    }
    return this.fail(plan, field, this.text.slice(this.numStart, this.numEnd))
  }

  /** An integer token in the range of the type (Jackson's getIntValue & co.), else null. */
  private integerValue(code: number): LongValue | null {
    const small = this.smallInt()
    if (small === small) {
      if (code === P.T_INT) return small >= -2147483648 && small <= 2147483647 ? small : null
      if (code === P.T_SHORT) return small >= -32768 && small <= 32767 ? small : null
      if (code === P.T_BYTE)
        return small >= -128 && small <= 255 ? (small > 127 ? small - 256 : small) : null
      return small
    }
    if (code !== P.T_LONG && code !== P.T_TIMESTAMP) return null
    const text = this.text.slice(this.numStart, this.numEnd)
    const negative = text.charCodeAt(0) === 45
    const digits = negative ? text.slice(1) : text
    const limit = negative ? '9223372036854775808' : '9223372036854775807'
    if (digits.length > 19 || (digits.length === 19 && digits > limit)) return null
    // Exact: past 2^53 a long is a bigint, never the nearest double.
    return canonicalLong(BigInt(text))
  }

  private fromString(plan: TypePlan, field: string, s: string): Converted {
    const code = plan.code
    if (code === P.T_BINARY) {
      const bytes = decodeBase64(s)
      if (bytes !== null) return bytes
    } else if (code === P.T_NULL) {
      return null
    } else if (s.length > 0) {
      switch (code) {
        case P.T_DOUBLE:
        case P.T_FLOAT: {
          const v = nonNumeric(s)
          if (v !== null) return v
          break
        }
        case P.T_DECIMAL: {
          const plain = s.includes(',') ? s.replaceAll(',', '') : s
          const v = toDecimal(plain, 0, plain.length, plan.precision, plan.scale)
          if (v !== null) return v
          break
        }
        case P.T_TIMESTAMP: {
          const v = this.timestampFromString(s)
          if (v !== null) return v
          break
        }
        case P.T_TIMESTAMP_NTZ: {
          const v = parseTimestampNtzRange(s, 0, s.length)
          if (v !== null) return v
          break
        }
        case P.T_DATE: {
          const v = this.dateFromString(s)
          if (v !== null) return v
          break
        }
        default:
          break
      }
    }
    return this.fail(plan, field, JSON.stringify(s))
  }

  private timestampFromString(s: string): LongValue | null {
    if (this.formats.timestamp !== null) return this.formats.timestamp(s)
    const v = parseTimestampRange(s, 0, s.length, this.zone)
    if (v !== null || !s.includes('GMT')) return v
    // Spark's legacy fallback (cleanLegacyTimestampStr) drops every "GMT" and retries.
    const cleaned = s.replaceAll('GMT', '')
    return parseTimestampRange(cleaned, 0, cleaned.length, this.zone)
  }

  private dateFromString(s: string): number | null {
    if (this.formats.date !== null) return this.formats.date(s)
    const v = parseDateRange(s, 0, s.length)
    if (v !== null) return v
    const cleaned = s.includes('GMT') ? s.replaceAll('GMT', '') : s
    const retry = parseDateRange(cleaned, 0, cleaned.length)
    if (retry !== null) return retry
    // Spark 1.5 stored dates as a day count in a string: Integer.parseInt of the original text.
    if (!/^[+-]?\d{1,10}$/.test(s)) return null
    const days = Number(s)
    return days >= -2147483648 && days <= 2147483647 ? days + 0 : null
  }

  private array(element: TypePlan, field: string): Converted {
    this.enter()
    const out: unknown[] = []
    let bad = false
    let failed = false
    this.pos++
    if (this.ws() === 93) {
      this.pos++
      this.depth--
      this.partial = false
      return out
    }
    for (;;) {
      if (failed) this.skipValue()
      else {
        this.partial = false
        const v = this.value(element, field)
        if (v === FAIL) failed = true
        else {
          out.push(v)
          if (this.partial) bad = true
        }
      }
      if (!this.nextElement(93)) break
      this.ws()
    }
    this.depth--
    this.partial = bad
    return failed ? FAIL : out
  }

  /**
   * After an element of an array (`close` = `]`) or an object (`}`): consumes the ',' before the
   * next element (true) or the closing bracket (false). Anything else is a syntax error, reported
   * at the offending character.
   */
  protected nextElement(close: 93 | 125): boolean {
    const c = this.ws()
    this.pos++
    if (c === close) return false
    if (c !== 44) {
      this.pos--
      this.syntax(close === 93 ? "']' or ',' was expected" : "'}' or ',' was expected")
    }
    return true
  }

  private map(valuePlan: TypePlan, field: string): Converted {
    this.enter()
    const out = new Map<string, unknown>()
    let bad = false
    let failed = false
    this.pos++
    let c = this.ws()
    while (c !== 125) {
      if (c !== 34 && c !== 39) this.syntax('a field name in quotes was expected')
      this.scanString()
      const key = this.stringValue()
      if (this.ws() !== 58) this.syntax("':' was expected")
      this.pos++
      this.ws()
      if (failed) this.skipValue()
      else {
        this.partial = false
        const v = this.value(valuePlan, field)
        if (v === FAIL) failed = true
        else {
          out.set(key, v)
          if (this.partial) bad = true
        }
      }
      c = this.ws()
      if (c === 44) {
        this.pos++
        c = this.ws()
        if (c === 125) this.syntax('a field name in quotes was expected')
      } else if (c !== 125) {
        this.syntax("'}' or ',' was expected")
      }
    }
    this.pos++
    this.depth--
    this.partial = bad
    return failed ? FAIL : out
  }

  private fail(plan: TypePlan, field: string, token: string): typeof FAIL {
    if (this.reason === null) {
      const shown = token.length > 60 ? `${token.slice(0, 60)}…` : token
      this.reason = `field '${field}' cannot be read as ${plan.typeName} from ${shown}`
    }
    return FAIL
  }
}

/** The JSON strings a FLOAT/DOUBLE column accepts (allowNonNumericNumbers). */
function nonNumeric(s: string): number | null {
  switch (s) {
    case 'NaN':
      return Number.NaN
    case 'Infinity':
    case '+Infinity':
    case '+INF':
      return Infinity
    case '-Infinity':
    case '-INF':
      return -Infinity
    default:
      return null
  }
}

/** Jackson's default Base64 variant (MIME without line feeds): padding required. */
function decodeBase64(s: string): Uint8Array | null {
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return null
  return new Uint8Array(Buffer.from(s, 'base64'))
}
