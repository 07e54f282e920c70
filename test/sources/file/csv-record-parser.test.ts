import { describe, expect, it } from 'vitest'
import { tokenizeCsvLine } from '../../../src/sources/file/csv-line-tokenizer.js'
import { parseCsvOptions } from '../../../src/sources/file/csv-parse-options.js'
import { CsvRecordParser } from '../../../src/sources/file/csv-record-parser.js'
import { parseDdlSchema } from '../../../src/types/index.js'

const parse = (ddl: string, text: string, options: Record<string, string> = {}) =>
  new CsvRecordParser(parseDdlSchema(ddl), parseCsvOptions(options, 'UTC')).parse(text, '/in/a.csv')

describe('CSV line tokenizer (univocity, Spark read settings)', () => {
  it('splits on the separator; quoted values keep separators, escaped quotes become quotes', () => {
    expect(tokenizeCsvLine('a,"b,c","d \\" e",', ',', '"', '\\')).toEqual([
      { text: 'a', quoted: false },
      { text: 'b,c', quoted: true },
      { text: 'd " e', quoted: true },
      { text: '', quoted: false },
    ])
  })

  it('reads a doubled quote as one when escape is the quote; quotes inside unquoted values are text', () => {
    expect(tokenizeCsvLine('"a""b",c"d', ',', '"', '"').map((t) => t.text)).toEqual(['a"b', 'c"d'])
  })

  it('keeps the raw text when a closing quote is not followed by the separator (Spark 4.2)', () => {
    expect(
      tokenizeCsvLine('"x"y,"a""b","back\\\\slash"', ',', '"', '\\').map((t) => t.text),
    ).toEqual(['"x"y', '"a""b"', 'back\\slash'])
  })

  it('tells an empty quoted value from a missing one', () => {
    expect(tokenizeCsvLine('"",', ',', '"', '\\')).toEqual([
      { text: '', quoted: true },
      { text: '', quoted: false },
    ])
  })
})

describe('CSV record parser (Spark UnivocityParser rules)', () => {
  it('converts values by type; empty and nullValue are NULL; blank lines are skipped', () => {
    const r = parse('id INT, s STRING, d DOUBLE, b BOOLEAN', '1,x,1.5,true\n\n  \n2,,NaN,FALSE\n')
    expect(r.rows).toEqual([
      [1, 'x', 1.5, true],
      [2, null, NaN, false],
    ])
    expect(r.malformedLines).toBe(0)
  })

  it('PERMISSIVE keeps bad records with partial values and the line in _corrupt_record', () => {
    const r = parse('id INT, s STRING, _corrupt_record STRING', 'x,a\n2,b,extra\n3')
    expect(r.rows).toEqual([
      [null, 'a', 'x,a'],
      [2, 'b', '2,b,extra'],
      [3, null, '3'],
    ])
    expect(r.malformedLines).toBe(3)
  })

  it('DROPMALFORMED drops them, FAILFAST names file and line', () => {
    expect(parse('id INT', '1\nx\n3', { mode: 'DROPMALFORMED' }).rows).toEqual([[1], [3]])
    expect(() => parse('id INT', '1\nx\n3', { mode: 'FAILFAST' })).toThrow(
      expect.objectContaining({ code: 'SL_SOURCE_MALFORMED_RECORD', path: '/in/a.csv', line: 2 }),
    )
  })

  it('skips the header line of the file with header=true; sep and nullValue options apply', () => {
    const r = parse('a STRING, b INT', 'a;b\nNULL;1\n"";NULL', {
      header: 'true',
      sep: ';',
      nullValue: 'NULL',
    })
    expect(r.rows).toEqual([
      [null, 1],
      ['', null],
    ])
  })

  it('reads timestamps in the time zone, with timestampFormat when given', () => {
    const r = parse('t TIMESTAMP', '2026-01-01 00:00:00\n01/02/2026', {
      timestampFormat: 'dd/MM/yyyy',
      timeZone: 'UTC',
    })
    expect(r.rows).toEqual([[null], [Date.UTC(2026, 1, 1) * 1000]])
  })

  it('refuses options that would change parsing and are not implemented, unless at their default', () => {
    expect(() => parseCsvOptions({ ignoreLeadingWhiteSpace: 'true' }, 'UTC')).toThrow(
      expect.objectContaining({
        code: 'SL_SOURCE_INVALID_OPTION',
        option: 'ignoreLeadingWhiteSpace',
      }),
    )
    expect(() => parseCsvOptions({ lineSep: ';' }, 'UTC')).toThrow(
      expect.objectContaining({ code: 'SL_SOURCE_INVALID_OPTION', option: 'lineSep' }),
    )
    expect(
      parseCsvOptions({ ignoreTrailingWhiteSpace: 'false', enforceSchema: 'true' }, 'UTC').sep,
    ).toBe(',')
  })

  it('refuses samplingRatio other than 1 and other encodings, naming the option', () => {
    expect(() => parseCsvOptions({ samplingRatio: '0.5' }, 'UTC')).toThrow(
      expect.objectContaining({ code: 'SL_SOURCE_INVALID_OPTION', option: 'samplingRatio' }),
    )
    expect(parseCsvOptions({ samplingRatio: '1.0', inferSchema: 'true' }, 'UTC').inferSchema).toBe(
      true,
    )
    expect(() => parseCsvOptions({ encoding: 'ISO-8859-1' }, 'UTC')).toThrow(
      expect.objectContaining({ code: 'SL_SOURCE_INVALID_OPTION', option: 'encoding' }),
    )
  })

  it('multiLine: a quoted value holds line breaks; the record keeps its first line number', () => {
    const text = 'id,s\n1,"a\nb"\n2,"x ""y""\r\nz",\n3,plain\n'
    const r = parse('id INT, s STRING, _corrupt_record STRING', text, {
      header: 'true',
      multiLine: 'true',
      escape: '"',
    })
    expect(r.rows).toEqual([
      [1, 'a\nb', null],
      // Three values for two columns: malformed, the values that fit are kept (Spark's partial row).
      [2, 'x "y"\r\nz', '2,"x ""y""\r\nz",'],
      [3, 'plain', null],
    ])
    const failing = (() => {
      try {
        parse('id INT, s STRING', text, { header: 'true', multiLine: 'true', mode: 'FAILFAST' })
      } catch (e) {
        return e
      }
      return undefined
    })()
    // Without escape='"' the doubled quotes end the value early, so the line break ends the
    // record and line 5 (z",) is a record of its own, malformed.
    expect(failing).toMatchObject({ code: 'SL_SOURCE_MALFORMED_RECORD', line: 5 })
    // Line by line (the default) the quote stays open at the line end: 1,"a is a record, b" a
    // malformed one.
    expect(parse('id INT, s STRING', '1,"a\nb"\n').rows).toEqual([
      [1, 'a'],
      [null, null],
    ])
    expect(parse('id INT, s STRING', '1,"a\nb"\n').malformedLines).toBe(1)
  })

  it('enforceSchema=false: each header must name the schema columns in order, case-insensitively', () => {
    const ddl = 'id INT, name STRING, _corrupt_record STRING'
    expect(parse(ddl, 'ID,Name\n1,a\n', { header: 'true', enforceSchema: 'false' }).rows).toEqual([
      [1, 'a', null],
    ])
    for (const [text, problem] of [
      ['name,id\n1,a\n', 'expected id but found name (column 1)'],
      ['id\n1\n', 'the header has 1 columns, the schema 2'],
    ] as const) {
      const error = (() => {
        try {
          parse(ddl, text, { header: 'true', enforceSchema: 'false' })
        } catch (e) {
          return e
        }
        return undefined
      })()
      expect(error).toMatchObject({ code: 'SL_SOURCE_CSV_HEADER_MISMATCH', path: '/in/a.csv' })
      expect((error as Error).message).toContain(problem)
    }
    // The default (true) applies the schema by position whatever the header says.
    expect(parse(ddl, 'name,id\n1,a\n', { header: 'true' }).rows).toEqual([[1, 'a', null]])
  })
})
