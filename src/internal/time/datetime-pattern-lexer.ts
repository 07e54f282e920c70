/**
 * The lexical layer of java.time's pattern syntax, shared by the strict parser
 * (datetime-pattern.ts) and the formatter (datetime-formatter.ts): a run of one letter is a
 * field, 'text' is a quoted literal ('' is a single quote, inside or outside a literal), `[` and
 * `]` open and close an optional section, and any other character stands for itself. Which
 * letters and lengths are allowed, which characters are reserved and whether sections must
 * balance is each caller's decision. Lexemes come lazily in pattern order, so a caller's own
 * checks fail at the same place of the pattern as a single pass would.
 */

export type DateTimePatternLexeme =
  | { readonly kind: 'quoted'; readonly text: string }
  | { readonly kind: 'char'; readonly text: string }
  | { readonly kind: 'field'; readonly letter: string; readonly count: number }
  | { readonly kind: 'optional-start' }
  | { readonly kind: 'optional-end' }

/** Lexes `pattern`; calls `unterminatedQuote` (which throws the caller's error) at a lone `'`. */
export function* lexDateTimePattern(
  pattern: string,
  unterminatedQuote: () => never,
): Generator<DateTimePatternLexeme, void, undefined> {
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i]!
    if (c === "'") {
      let j = i + 1
      let text = ''
      for (;;) {
        if (j >= pattern.length) unterminatedQuote()
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'"
            j += 2
            continue
          }
          break
        }
        text += pattern[j++]
      }
      yield { kind: 'quoted', text: j === i + 1 ? "'" : text }
      i = j + 1
    } else if (c === '[') {
      yield { kind: 'optional-start' }
      i++
    } else if (c === ']') {
      yield { kind: 'optional-end' }
      i++
    } else if (/[A-Za-z]/.test(c)) {
      let j = i
      while (pattern[j] === c) j++
      yield { kind: 'field', letter: c, count: j - i }
      i = j
    } else {
      yield { kind: 'char', text: c }
      i++
    }
  }
}
