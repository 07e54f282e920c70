/**
 * Splits the text of a CSV file into records. Line by line (Spark's default) a record is one line
 * (`\n`, `\r\n` or `\r`). With `multiLine` a quoted value may hold line breaks, as univocity reads
 * a whole file: a line break ends the record only outside a quoted value. A value is quoted when
 * it starts with the quote character (csv-line-tokenizer.ts has the same rule); inside it,
 * escape + quote and escape + escape are skipped, and so is a doubled quote when escape = quote.
 * A quote left open runs to the end of the file.
 */

/** One record's text (line breaks inside quoted values kept) and its first line's number (1-based). */
export interface CsvRecordText {
  readonly text: string
  readonly line: number
}

/** The records of `text`, blank ones included (the parser skips them). */
export function csvRecords(
  text: string,
  multiLine: boolean,
  sep: string,
  quote: string,
  escape: string,
): CsvRecordText[] {
  if (!multiLine || quote === '' || !text.includes(quote))
    return text.split(/\r\n|\n|\r/).map((t, i) => ({ text: t, line: i + 1 }))
  const out: CsvRecordText[] = []
  const n = text.length
  let start = 0
  let line = 1
  let startLine = 1
  let atValueStart = true
  let i = 0
  const endRecord = (end: number, next: number): void => {
    out.push({ text: text.slice(start, end), line: startLine })
    start = next
    startLine = line
    atValueStart = true
  }
  while (i < n) {
    const c = text[i]!
    if (atValueStart && c === quote) {
      // A quoted value: to its closing quote, line breaks included.
      i++
      for (; i < n; i++) {
        const d = text[i]!
        if (d === '\n' || (d === '\r' && text[i + 1] !== '\n')) line++
        if (d === escape && escape !== quote && (text[i + 1] === quote || text[i + 1] === escape))
          i++
        else if (d === quote) {
          if (escape === quote && text[i + 1] === quote) i++
          else break
        }
      }
      i++
      atValueStart = false
      continue
    }
    if (c === '\n' || c === '\r') {
      const next = c === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1
      line++
      endRecord(i, next)
      i = next
      continue
    }
    atValueStart = c === sep
    i++
  }
  out.push({ text: text.slice(start), line: startLine })
  return out
}
