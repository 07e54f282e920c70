/**
 * Splits one CSV line into values as univocity's parser does with Spark's read settings
 * (multiLine off, no whitespace trimming): a value starting with the quote character runs to
 * the next unescaped quote (escape + quote or escape + escape stand for that character and, when
 * escape = quote, a doubled quote for a quote); a closing quote followed by anything but the
 * separator makes the value the raw text up to the separator, quotes included (Spark's
 * STOP_AT_DELIMITER, checked with Spark 4.2); other values run to the next separator, quotes
 * inside them are plain text. Each value says whether it was quoted, which is
 * how an empty value `""` (emptyValue) differs from a missing one (nullValue).
 */

export interface CsvToken {
  readonly text: string
  readonly quoted: boolean
}

export function tokenizeCsvLine(
  line: string,
  sep: string,
  quote: string,
  escape: string,
): CsvToken[] {
  const tokens: CsvToken[] = []
  const n = line.length
  let pos = 0
  for (;;) {
    if (quote !== '' && line[pos] === quote) {
      let buf = ''
      let i = pos + 1
      for (; i < n; i++) {
        const c = line[i]!
        if (c === escape && escape !== quote && (line[i + 1] === quote || line[i + 1] === escape)) {
          buf += line[i + 1]
          i++
        } else if (c === quote) {
          if (escape === quote && line[i + 1] === quote) {
            buf += quote
            i++
          } else {
            i++
            break
          }
        } else {
          buf += c
        }
      }
      let end = i
      if (i < n && line[i] !== sep) {
        // Text after the closing quote (STOP_AT_DELIMITER): the value is the raw text up to the
        // separator, quotes included, as if it had not been quoted.
        end = line.indexOf(sep, i)
        if (end < 0) end = n
        tokens.push({ text: line.slice(pos, end), quoted: false })
      } else {
        tokens.push({ text: buf, quoted: true })
      }
      if (end >= n) return tokens
      pos = end + 1
    } else {
      let end = line.indexOf(sep, pos)
      if (end < 0) end = n
      tokens.push({ text: line.slice(pos, end), quoted: false })
      if (end >= n) return tokens
      pos = end + 1
    }
  }
}
