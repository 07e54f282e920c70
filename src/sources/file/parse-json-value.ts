/**
 * `from_json` of one string: Spark reads the whole string as one document, so line breaks are
 * whitespace there — they are turned into spaces before the line parser sees them. A blank value
 * is no record at all: null, as Spark. Shared by the expression (main thread) and the parse
 * workers (Kafka values parsed off the main thread), so both give the same struct.
 */
import type { Row } from '../../types/index.js'
import type { JsonRecordParser } from './json-record-parser.js'

const LINE_BREAK = /[\r\n]/g

/** The struct of `text` under the parser's schema, or null (blank text). */
export function parseJsonValue(parser: JsonRecordParser, text: string): Row | null {
  // Most values are one line: skip the regular expression's scan and copy for them.
  const json =
    text.indexOf('\n') < 0 && text.indexOf('\r') < 0 ? text : text.replace(LINE_BREAK, ' ')
  return parser.parse(json, 'from_json').rows[0] ?? null
}
