/**
 * `spark.read.format('csv')`: every data file of a directory (or one file), in path order.
 * Without a schema every column is a nullable STRING named from the header line (`header`) or
 * `_c0`, `_c1`, … by the first line's values, as Spark does without inferSchema.
 */
import {
  DataTypes,
  asNullable,
  structField,
  structType,
  type Row,
  type StructType,
} from '../../types/index.js'
import type { BadRecord } from './bad-record.js'
import { readBadRecordsTarget, writeBadRecords } from './bad-records-writer.js'
import { parseCsvOptions, type CsvParseOptions } from './csv-parse-options.js'
import { readCsvText } from './csv-file-reader.js'
import { tokenizeCsvLine } from './csv-line-tokenizer.js'
import { CsvRecordParser } from './csv-record-parser.js'
import { batchInputFiles } from './list-data-files.js'

export async function readCsvBatch(
  path: string,
  userSchema: StructType | undefined,
  raw: Readonly<Record<string, string>>,
  timeZone: string,
): Promise<{ schema: StructType; rows: Row[] }> {
  const options = parseCsvOptions(raw, timeZone)
  const files = await batchInputFiles(path)
  const texts: [string, string][] = []
  for (const f of files) {
    const text = await readCsvText(f)
    if (text !== null) texts.push([f, text])
  }
  const schema = userSchema ? asNullable(userSchema) : stringSchema(texts, options)
  const parser = new CsvRecordParser(schema, options)
  const rows: Row[] = []
  const badRecords: BadRecord[] = []
  for (const [file, text] of texts) {
    const parsed = parser.parse(text, file)
    for (const r of parsed.rows) rows.push(r)
    for (const r of parsed.badRecords) badRecords.push(r)
  }
  if (options.badRecordsPath !== undefined && badRecords.length > 0) {
    await writeBadRecords(readBadRecordsTarget(options.badRecordsPath), badRecords, [])
  }
  return { schema, rows }
}

/** Spark's schema without inferSchema: the first line's values name STRING columns. */
function stringSchema(texts: readonly [string, string][], o: CsvParseOptions): StructType {
  const first = texts
    .flatMap(([, t]) => t.split(/\r\n|\n|\r/))
    .find((l) => l.trim().length > 0 && (o.comment === '' || !l.startsWith(o.comment)))
  const tokens = first === undefined ? [] : tokenizeCsvLine(first, o.sep, o.quote, o.escape)
  return structType(
    tokens.map((t, i) =>
      structField(o.header && t.text !== '' ? t.text : `_c${i}`, DataTypes.StringType, true),
    ),
  )
}
