/**
 * The lexical layer of the JSON reader: a cursor over one line of a larger text that recognises
 * the tokens Spark's Jackson parser accepts with Spark's JSON defaults — standard JSON plus
 * single-quoted strings and names (allowSingleQuotes), `\'` escapes, and the non-numeric numbers
 * NaN, Infinity, +Infinity, -Infinity, +INF, -INF (allowNonNumericNumbers). Leading zeros,
 * comments, unquoted names and raw control characters inside strings are syntax errors, and so
 * is nesting deeper than Jackson's limit of 1000. Token text is never copied unless needed, so
 * the numeric text of a value stays available (a number read into a STRING column keeps `1.50`).
 */

/** Thrown (one shared instance, no stack capture) when the line is not valid JSON. */
export const SYNTAX_ERROR: Error = new Error('invalid JSON')

const MAX_DEPTH = 1000
const MAX_NUMBER_LENGTH = 1000
const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
  1e18, 1e19, 1e20, 1e21, 1e22,
]

export const NUM_INT = 0
export const NUM_FLOAT = 1
export const NUM_SPECIAL = 2

export class JsonScanner {
  protected text = ''
  protected pos = 0
  protected end = 0
  protected depth = 0
  /** Why the current record failed (first reason only); built lazily for FAILFAST messages. */
  reason: string | null = null
  // Result of the last scanString().
  // True when the text has no control character but \n and \r (the only raw control
  // characters that may separate tokens inside a line are tabs): strings then need no char scan.
  private clean = true
  // Index of the next backslash at or after the last string scanned (Infinity: none).
  private nextBackslash = -1
  protected strStart = 0
  protected strEnd = 0
  protected strDecoded: string | null = null
  // Result of the last scanNumber().
  protected numKind = NUM_INT
  protected numStart = 0
  protected numEnd = 0
  protected numSpecial = 0
  private numMantissa = 0
  private numSignificant = 0
  private numExponent = 0

  /** Points the scanner at a new text (a chunk of lines). */
  resetText(text: string): void {
    this.text = text
    this.clean = !/[\u0000-\u0009\u000b\u000c\u000e-\u001f]/.test(text)
    this.nextBackslash = -1
  }

  protected syntax(reason: string): never {
    if (this.reason === null)
      this.reason = `invalid JSON: ${reason} at column ${this.pos - this.lineStart + 1}`
    throw SYNTAX_ERROR
  }

  protected lineStart = 0

  /** Skips JSON whitespace (space, tab; CR/LF never occur inside a line); returns the next char. */
  protected ws(): number {
    const t = this.text
    let p = this.pos
    let c = t.charCodeAt(p)
    while ((c === 32 || c === 9) && p < this.end) c = t.charCodeAt(++p)
    this.pos = p
    return p < this.end ? c : -1
  }

  protected enter(): void {
    if (++this.depth > MAX_DEPTH) this.syntax(`nesting deeper than ${MAX_DEPTH}`)
  }

  /** Scans the string at pos (opening quote); sets strStart/strEnd and strDecoded (null = raw). */
  protected scanString(): void {
    const t = this.text
    const quote = t.charCodeAt(this.pos)
    const start = this.pos + 1
    if (quote === 34 && this.clean) {
      const close = t.indexOf('"', start)
      if (close < 0 || close >= this.end) {
        this.pos = this.end
        this.syntax('unterminated string')
      }
      if (this.nextBackslash < start) {
        const bs = t.indexOf('\\', start)
        this.nextBackslash = bs < 0 ? Infinity : bs
      }
      if (this.nextBackslash > close) {
        this.strStart = start
        this.strEnd = close
        this.strDecoded = null
        this.pos = close + 1
        return
      }
    }
    this.scanStringSlow(quote, start)
  }

  private scanStringSlow(quote: number, start: number): void {
    const t = this.text
    let out = ''
    let chunk = start
    let p = start
    for (;;) {
      if (p >= this.end) {
        this.pos = p
        this.syntax('unterminated string')
      }
      const c = t.charCodeAt(p)
      if (c === quote) break
      if (c < 32) {
        this.pos = p
        this.syntax('unescaped control character in string')
      }
      if (c !== 92) {
        p++
        continue
      }
      out += t.slice(chunk, p)
      const e = t.charCodeAt(p + 1)
      p += 2
      switch (e) {
        case 34:
        case 39:
        case 47:
        case 92:
          out += String.fromCharCode(e)
          break
        case 98:
          out += '\b'
          break
        case 102:
          out += '\f'
          break
        case 110:
          out += '\n'
          break
        case 114:
          out += '\r'
          break
        case 116:
          out += '\t'
          break
        case 117: {
          const hex = t.slice(p, p + 4)
          if (p + 4 > this.end || !/^[0-9a-fA-F]{4}$/.test(hex)) {
            this.pos = p
            this.syntax('invalid \\u escape')
          }
          out += String.fromCharCode(parseInt(hex, 16))
          p += 4
          break
        }
        default:
          this.pos = p - 1
          this.syntax('unrecognized character escape')
      }
      chunk = p
    }
    this.strStart = start
    this.strEnd = p
    this.strDecoded = out.length === 0 && chunk === start ? null : out + t.slice(chunk, p)
    this.pos = p + 1
  }

  /** The value of the last scanned string. */
  protected stringValue(): string {
    return this.strDecoded ?? this.text.slice(this.strStart, this.strEnd)
  }

  /** Scans a number or a non-numeric number token at pos. */
  protected scanNumber(): void {
    const t = this.text
    const start = this.pos
    let p = start
    let c = t.charCodeAt(p)
    let negative = false
    if (c === 45 || c === 43) {
      negative = c === 45
      const n = t.charCodeAt(p + 1)
      if (n === 73)
        return this.special(
          negative ? ['-Infinity', '-INF'] : ['+Infinity', '+INF'],
          negative ? -Infinity : Infinity,
        )
      if (c === 43) this.syntax("unexpected character '+'")
      c = t.charCodeAt(++p)
    } else if (c === 78) {
      return this.special(['NaN'], Number.NaN)
    } else if (c === 73) {
      return this.special(['Infinity'], Infinity)
    }
    if (c < 48 || c > 57 || p >= this.end) this.syntax('invalid number')
    let mantissa = 0
    let significant = 0
    if (c === 48) {
      c = t.charCodeAt(++p)
      if (c >= 48 && c <= 57 && p < this.end) this.syntax('leading zeros are not allowed')
    } else {
      while (c >= 48 && c <= 57 && p < this.end) {
        mantissa = mantissa * 10 + (c - 48)
        significant++
        c = t.charCodeAt(++p)
      }
    }
    let kind = NUM_INT
    let exponent = 0
    if (c === 46 && p < this.end) {
      kind = NUM_FLOAT
      c = t.charCodeAt(++p)
      if (c < 48 || c > 57 || p >= this.end) this.syntax('a digit must follow the decimal point')
      while (c >= 48 && c <= 57 && p < this.end) {
        if (significant > 0 || c !== 48) significant++
        mantissa = mantissa * 10 + (c - 48)
        exponent--
        c = t.charCodeAt(++p)
      }
    }
    if ((c === 101 || c === 69) && p < this.end) {
      kind = NUM_FLOAT
      c = t.charCodeAt(++p)
      let expNegative = false
      if ((c === 43 || c === 45) && p < this.end) {
        expNegative = c === 45
        c = t.charCodeAt(++p)
      }
      if (c < 48 || c > 57 || p >= this.end) this.syntax('a digit must follow the exponent')
      let e = 0
      while (c >= 48 && c <= 57 && p < this.end) {
        if (e < 1e6) e = e * 10 + (c - 48)
        c = t.charCodeAt(++p)
      }
      exponent += expNegative ? -e : e
    }
    if (p - start > MAX_NUMBER_LENGTH) this.syntax('number longer than 1000 characters')
    this.pos = p
    this.numKind = kind
    this.numStart = start
    this.numEnd = p
    this.numMantissa = negative ? -mantissa : mantissa
    this.numSignificant = significant
    this.numExponent = exponent
  }

  private special(spellings: readonly string[], value: number): void {
    const t = this.text
    for (const s of spellings) {
      if (t.startsWith(s, this.pos) && this.pos + s.length <= this.end) {
        this.numKind = NUM_SPECIAL
        this.numStart = this.pos
        this.pos += s.length
        this.numEnd = this.pos
        this.numSpecial = value
        return
      }
    }
    this.syntax('unrecognized token')
  }

  /** The double value of the last scanned number (Java's Double.parseDouble of its text). */
  protected numberValue(): number {
    if (this.numKind === NUM_SPECIAL) return this.numSpecial
    const e = this.numExponent
    // Clinger's fast path: an exact mantissa and an exact power of ten round once, correctly.
    if (this.numSignificant <= 15 && e >= -22 && e <= 22) {
      const m = this.numMantissa
      const v = e < 0 ? m / POW10[-e]! : m * POW10[e]!
      return this.numKind === NUM_INT ? v + 0 : v
    }
    const v = Number(this.text.slice(this.numStart, this.numEnd))
    return this.numKind === NUM_INT ? v + 0 : v
  }

  /** The integer value of the last scanned integer token if it has at most 15 digits, else NaN. */
  protected smallInt(): number {
    return this.numSignificant <= 15 ? this.numMantissa + 0 : Number.NaN
  }

  /** Scans `true`, `false` or `null` at pos; returns which (1 true, 0 false, -1 null). */
  protected scanLiteral(): number {
    const t = this.text
    const c = t.charCodeAt(this.pos)
    const word = c === 116 ? 'true' : c === 102 ? 'false' : 'null'
    if (!t.startsWith(word, this.pos) || this.pos + word.length > this.end)
      this.syntax('unrecognized token')
    this.pos += word.length
    return c === 116 ? 1 : c === 102 ? 0 : -1
  }

  /** Skips one complete value at pos, validating its syntax. */
  protected skipValue(): void {
    const c = this.text.charCodeAt(this.pos)
    if (this.pos >= this.end) this.syntax('a value is missing')
    if (c === 34 || c === 39) return this.scanString()
    if (c === 116 || c === 102 || c === 110) {
      this.scanLiteral()
      return
    }
    if (c === 123) return this.skipContainer(125, true)
    if (c === 91) return this.skipContainer(93, false)
    this.scanNumber()
  }

  private skipContainer(close: number, object: boolean): void {
    this.enter()
    this.pos++
    let c = this.ws()
    if (c === close) {
      this.pos++
      this.depth--
      return
    }
    for (;;) {
      if (object) {
        if (c !== 34 && c !== 39) this.syntax('a field name in quotes was expected')
        this.scanString()
        if (this.ws() !== 58) this.syntax("':' was expected")
        this.pos++
        this.ws()
      }
      this.skipValue()
      c = this.ws()
      this.pos++
      if (c === close) break
      if (c !== 44) {
        this.pos--
        this.syntax(`'${String.fromCharCode(close)}' or ',' was expected`)
      }
      c = this.ws()
    }
    this.depth--
  }
}
