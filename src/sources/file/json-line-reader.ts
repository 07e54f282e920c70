/**
 * Reads one JSON Lines record (one line) into rows, the way Spark's `JacksonParser.parse` plus
 * `FailureSafeParser` see it: a blank line yields nothing; an object yields one row; a
 * top-level array yields one row per element (`[]` none). Only the first value on the line is
 * read — text after it is ignored, as Jackson never reads past the root value. A line that is
 * not valid JSON, a root that is neither object nor array, or a root array holding a
 * non-object (including null) is bad without partial results; conversion failures inside
 * objects make it bad with partial results.
 */
import type { ZoneRules } from '../../internal/time/zone-rules.js'
import { SYNTAX_ERROR } from './json-scanner.js'
import type { StructPlan } from './json-schema-plan.js'
import { JsonValueReader, type DateTimeParsers } from './json-value-reader.js'

/** Outcome of {@link JsonLineReader.readLine}. */
export const LINE_BLANK = 0
export const LINE_GOOD = 1
/** Bad record; `rows` holds the partial results. */
export const LINE_PARTIAL = 2
/** Bad record without partial results (Spark emits one all-NULL row in PERMISSIVE). */
export const LINE_BROKEN = 3

export class JsonLineReader extends JsonValueReader {
  /** The row of the last line when its root was an object (valid until the next call). */
  row: unknown[] | null = null
  /** The rows of the last line when its root was an array. */
  rows: unknown[][] | null = null

  constructor(
    private readonly root: StructPlan,
    zone: ZoneRules,
    formats: DateTimeParsers,
  ) {
    super(zone, formats)
  }

  /** Where reading the last line stopped: after its value, or where it failed. */
  get position(): number {
    return this.pos
  }

  /** Sets the text that subsequent {@link readLine} offsets refer to. */
  setText(text: string): void {
    this.resetText(text)
  }

  /** Reads the line `text[start, end)`; returns one of the LINE_* outcomes. */
  readLine(start: number, end: number): number {
    this.pos = start
    this.end = end
    this.lineStart = start
    this.depth = 0
    this.reason = null
    this.row = null
    this.rows = null
    try {
      const c = this.ws()
      if (c < 0) return LINE_BLANK
      if (c === 123) {
        this.partial = false
        this.row = this.struct(this.root)
        return this.partial ? LINE_PARTIAL : LINE_GOOD
      }
      if (c === 91) return this.rootArray()
      this.reason = 'the line is not a JSON object or array'
      return LINE_BROKEN
    } catch (e) {
      if (e !== SYNTAX_ERROR) throw e
      return LINE_BROKEN
    }
  }

  private rootArray(): number {
    const rows: unknown[][] = []
    this.rows = rows
    this.enter()
    this.pos++
    let c = this.ws()
    if (c === 93) return LINE_GOOD
    let bad = false
    for (;;) {
      if (c !== 123) {
        this.reason ??= 'an element of the top-level array is not a JSON object'
        return LINE_BROKEN
      }
      this.partial = false
      rows.push(this.struct(this.root))
      if (this.partial) bad = true
      if (!this.nextElement(93)) break
      c = this.ws()
    }
    return bad ? LINE_PARTIAL : LINE_GOOD
  }
}
