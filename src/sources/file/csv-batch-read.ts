/**
 * `spark.read.format('csv')`: every data file of a directory (or one file), in path order.
 * Without a schema the columns are named from the header record (`header`) or `_c0`, `_c1`, … by
 * the first record's values; they are STRING, or with `inferSchema` the types Spark infers
 * (infer-csv-schema.ts). Columns of `col=value` directories follow (partition-discovery.ts).
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
import { csvRecords } from './csv-records.js'
import { csvColumnNames, inferCsvSchema } from './infer-csv-schema.js'
import { resolve } from 'node:path'
import { parseBadInputOptions } from './file-source-options.js'
import { batchInputFiles, missingInputFile } from './list-data-files.js'
import {
  discoverPartitions,
  partitionedLayout,
  withoutPartitionColumns,
} from './partition-discovery.js'

export async function readCsvBatch(
  path: string,
  userSchema: StructType | undefined,
  raw: Readonly<Record<string, string>>,
  timeZone: string,
): Promise<{ schema: StructType; rows: Row[] }> {
  const options = parseCsvOptions(raw, timeZone)
  const files = await batchInputFiles(path)
  const parts = discoverPartitions(resolve(path), files, userSchema)
  // Spark's CSV reader maps every column of a user schema to the file's by position, partition
  // columns included: they take a position in the record, then their directory's value (so the
  // columns after them shift; Spark 4.2 reads its own partitioned output so, and so do we).
  const dataUserSchema = userSchema
  const texts: [string, string][] = []
  const { ignoreMissingFiles } = parseBadInputOptions(raw)
  for (const f of files) {
    const text = await readCsvText(f)
    if (text !== null) texts.push([f, text])
    else if (!ignoreMissingFiles) throw missingInputFile(f)
  }
  const discovered = dataUserSchema ? undefined : discoverSchema(texts, options)
  const schema = dataUserSchema
    ? asNullable(dataUserSchema)
    : parts
      ? withoutPartitionColumns(discovered!, parts.schema)
      : discovered!
  const parser = new CsvRecordParser(schema, options)
  const rows: Row[] = []
  const badRecords: BadRecord[] = []
  for (const [file, text] of texts) {
    const parsed = parser.parse(text, file)
    for (const r of parts ? parts.appendTo(file, parsed.rows) : parsed.rows) rows.push(r)
    for (const r of parsed.badRecords) badRecords.push(r)
  }
  if (options.badRecordsPath !== undefined && badRecords.length > 0) {
    await writeBadRecords(readBadRecordsTarget(options.badRecordsPath), badRecords, [])
  }
  if (!parts) return { schema, rows }
  const layout = partitionedLayout(schema, parts.schema, userSchema)
  return { schema: layout.schema, rows: layout.arrange(rows) }
}

/**
 * The schema of files read without one: columns named by the first record (csvColumnNames),
 * STRING, or with inferSchema the types Spark infers from every data record.
 */
function discoverSchema(texts: readonly [string, string][], o: CsvParseOptions): StructType {
  const data = texts.map(([, t]) =>
    csvRecords(t, o.multiLine, o.sep, o.quote, o.escape)
      .map((r) => r.text)
      .filter((l) => l.trim().length > 0 && (o.comment === '' || !l.startsWith(o.comment))),
  )
  const first = data.find((records) => records.length > 0)?.[0]
  const names =
    first === undefined ? [] : csvColumnNames(tokenizeCsvLine(first, o.sep, o.quote, o.escape), o)
  if (!o.inferSchema)
    return structType(names.map((n) => structField(n, DataTypes.StringType, true)))
  const records = function* () {
    for (const file of data)
      for (let i = o.header ? 1 : 0; i < file.length; i++)
        yield tokenizeCsvLine(file[i]!, o.sep, o.quote, o.escape)
  }
  return inferCsvSchema(names, records(), o)
}
