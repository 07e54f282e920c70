/**
 * Strict parsing with a user-supplied java.time pattern (the JSON reader's `timestampFormat` /
 * `dateFormat` options). Spark then parses with that pattern only, without the CAST-style
 * fallback: the whole text must match. Supported letters: `y`/`u` (year), `M`/`L` (month,
 * numeric or English names), `d`, `H`, `h` + `a`, `m`, `s`, `S…` (a fraction of 1 to n digits,
 * as Spark's variable-length second fraction), `X`, `x`, `Z` (offsets) and `VV` (zone ID), plus
 * 'quoted' literals and [optional] sections. Missing fields default to 1970-01-01 00:00:00.
 */
import { SourceError } from '../../errors/index.js'
import { daysFromCivil, isValidCivil, MICROS_PER_DAY } from './civil-date.js'
import { lexDateTimePattern } from './datetime-pattern-lexer.js'
import { resolveZone } from './resolve-zone.js'
import type { ZoneRules } from './zone-rules.js'

type Token =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'field'; readonly letter: string; readonly count: number }
  | { readonly kind: 'optional'; readonly body: readonly Token[] }

interface Fields {
  year: number
  month: number
  day: number
  hour: number
  hour12: number
  pm: number
  minute: number
  second: number
  micros: number
  zone: ZoneRules | null
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]
const SUPPORTED = new Set([
  'y',
  'u',
  'M',
  'L',
  'd',
  'H',
  'h',
  'a',
  'm',
  's',
  'S',
  'X',
  'x',
  'Z',
  'V',
])

/**
 * Compiles `pattern` into a parser returning micros (when `zone` is given: a timestamp whose
 * zone-less values are read in `zone`) or days (when `zone` is null: a date); null = no match.
 */
export function compileDateTimeParser(
  pattern: string,
  option: string,
  zone: ZoneRules | null,
): (text: string) => number | null {
  const tokens = tokenize(pattern, option)
  return (text) => {
    const f: Fields = {
      year: 1970,
      month: 1,
      day: 1,
      hour: 0,
      hour12: -1,
      pm: -1,
      minute: 0,
      second: 0,
      micros: 0,
      zone: null,
    }
    const end = match(tokens, text, 0, f)
    if (end !== text.length) return null
    let hour = f.hour
    if (f.hour12 >= 0) {
      if (f.hour12 < 1 || f.hour12 > 12) return null
      hour = (f.hour12 % 12) + (f.pm === 1 ? 12 : 0)
    }
    if (!isValidCivil(f.year, f.month, f.day) || hour > 23 || f.minute > 59 || f.second > 59)
      return null
    const days = daysFromCivil(f.year, f.month, f.day)
    if (zone === null) return days
    const local =
      days * MICROS_PER_DAY + ((hour * 60 + f.minute) * 60 + f.second) * 1_000_000 + f.micros
    return (f.zone ?? zone).toUtc(local)
  }
}

function tokenize(pattern: string, option: string): Token[] {
  const stack: Token[][] = [[]]
  const fail = (problem: string): never => {
    throw new SourceError(
      'SL_SOURCE_INVALID_OPTION',
      {
        option,
        format: 'json',
        value: pattern,
        problem,
        hint: "Use a pattern such as yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX].",
      },
      { option },
    )
  }
  for (const lexeme of lexDateTimePattern(pattern, () => fail('has an unterminated quote'))) {
    const top = stack[stack.length - 1]!
    switch (lexeme.kind) {
      case 'quoted':
      case 'char':
        top.push({ kind: 'literal', text: lexeme.text })
        break
      case 'optional-start':
        stack.push([])
        break
      case 'optional-end': {
        if (stack.length === 1) fail("has ']' without '['")
        const body = stack.pop()!
        stack[stack.length - 1]!.push({ kind: 'optional', body })
        break
      }
      case 'field':
        if (!SUPPORTED.has(lexeme.letter)) {
          fail(`uses pattern letter '${lexeme.letter}', which streamlake does not support`)
        }
        top.push(lexeme)
    }
  }
  if (stack.length !== 1) fail("has '[' without ']'")
  return stack[0]!
}

/** Matches tokens at `pos`; returns the end position or -1. */
function match(tokens: readonly Token[], text: string, pos: number, f: Fields): number {
  let p = pos
  for (let k = 0; k < tokens.length && p >= 0; k++) {
    const t = tokens[k]!
    if (t.kind === 'literal') {
      p = text.startsWith(t.text, p) ? p + t.text.length : -1
    } else if (t.kind === 'optional') {
      const saved = { ...f }
      const q = match(t.body, text, p, f)
      if (q >= 0) p = q
      else Object.assign(f, saved)
    } else {
      const next = tokens[k + 1]
      p = field(t.letter, t.count, text, p, f, next !== undefined && next.kind === 'field')
    }
  }
  return p
}

function field(
  letter: string,
  count: number,
  text: string,
  p: number,
  f: Fields,
  adjacent: boolean,
): number {
  switch (letter) {
    case 'y':
    case 'u': {
      if (count === 2) return digits(text, p, 2, 2, (v) => (f.year = 2000 + v))
      return digits(
        text,
        p,
        Math.max(count, 1),
        adjacent ? Math.max(count, 1) : 9,
        (v) => (f.year = v),
      )
    }
    case 'M':
    case 'L': {
      if (count >= 3) {
        const names = count === 3 ? MONTHS : MONTH_NAMES
        const lower = text.slice(p).toLowerCase()
        const i = names.findIndex((n) => lower.startsWith(n))
        if (i < 0) return -1
        f.month = i + 1
        return p + names[i]!.length
      }
      return num(text, p, count, adjacent, (v) => (f.month = v))
    }
    case 'd':
      return num(text, p, count, adjacent, (v) => (f.day = v))
    case 'H':
      return num(text, p, count, adjacent, (v) => (f.hour = v))
    case 'h':
      return num(text, p, count, adjacent, (v) => (f.hour12 = v))
    case 'm':
      return num(text, p, count, adjacent, (v) => (f.minute = v))
    case 's':
      return num(text, p, count, adjacent, (v) => (f.second = v))
    case 'S': {
      let q = p
      while (q < text.length && q - p < count && isDigit(text.charCodeAt(q))) q++
      if (q === p) return -1
      f.micros = Math.floor(Number(text.slice(p, q).padEnd(9, '0')) / 1000)
      return q
    }
    case 'a': {
      const s = text.slice(p, p + 2).toUpperCase()
      if (s !== 'AM' && s !== 'PM') return -1
      f.pm = s === 'PM' ? 1 : 0
      return p + 2
    }
    case 'V': {
      let q = p
      while (q < text.length && /[A-Za-z0-9~/._+-]/.test(text[q]!)) q++
      const zone = resolveZone(text.slice(p, q))
      if (q === p || zone === null) return -1
      f.zone = zone
      return q
    }
    default:
      return offset(letter, count, text, p, f)
  }
}

function offset(letter: string, count: number, text: string, p: number, f: Fields): number {
  const zAllowed = letter === 'X' || (letter === 'Z' && count === 5)
  if (zAllowed && text[p] === 'Z') {
    f.zone = resolveZone('Z')
    return p + 1
  }
  const colon = (letter !== 'Z' && count >= 3) || (letter === 'Z' && count === 5)
  const m = (colon ? /^[+-]\d\d(:\d\d)?/ : /^[+-]\d\d(\d\d)?/).exec(text.slice(p))
  if (m === null) return -1
  const minutesRequired = count >= 2 || letter === 'Z'
  if (minutesRequired && m[1] === undefined) return -1
  const zone = resolveZone(m[0].length === 3 ? `${m[0]}:00` : m[0])
  if (zone === null) return -1
  f.zone = zone
  return p + m[0].length
}

function num(
  text: string,
  p: number,
  count: number,
  adjacent: boolean,
  set: (v: number) => void,
): number {
  return count >= 2 || adjacent ? digits(text, p, count, count, set) : digits(text, p, 1, 2, set)
}

function digits(
  text: string,
  p: number,
  min: number,
  max: number,
  set: (v: number) => void,
): number {
  let q = p
  let v = 0
  while (q < text.length && q - p < max && isDigit(text.charCodeAt(q)))
    v = v * 10 + text.charCodeAt(q++) - 48
  if (q - p < min) return -1
  set(v)
  return q
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}
