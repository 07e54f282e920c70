/**
 * The worker-thread path of the JSON file reader (compiled code only: a worker cannot load the
 * `.ts` sources, so this test drives `dist/`, built by `npm test`). Rows from a worker must equal
 * the main-thread parser's for every kind of value, bad records included; a FAILFAST error from a
 * file parsed on a worker still names the file and the line; a query over many large files sees
 * their rows in file order.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../support/temp-dir.js'
import type * as RowConversion from '../../../src/api/row-conversion.js'
import type * as Errors from '../../../src/errors/index.js'
import type * as Streamlake from '../../../src/index.js'
import type * as DecodeJsonText from '../../../src/sources/file/decode-json-text.js'
import type * as JsonFileReaderModule from '../../../src/sources/file/json-file-reader.js'
import type * as JsonRecordParserModule from '../../../src/sources/file/json-record-parser.js'
import type * as JsonWorkerPool from '../../../src/sources/file/json-worker-pool.js'
import type * as ParseInChunks from '../../../src/sources/file/parse-in-chunks.js'
import type * as Types from '../../../src/types/index.js'
import type * as RecordChunk from '../../../src/types/record-chunk.js'

/**
 * A module of the build (dist/), typed as its source: the test runs compiled code while lint and
 * the type-check, which run before `npm test` builds, need nothing built.
 */
async function built<T>(path: string): Promise<T> {
  return (await import(new URL(`../../../dist/${path}`, import.meta.url).href)) as T
}

const { SourceError } = await built<typeof Errors>('errors/index.js')
const { SparkSession } = await built<typeof Streamlake>('index.js')
const { JsonFileReader } = await built<typeof JsonFileReaderModule>(
  'sources/file/json-file-reader.js',
)
const { JsonRecordParser, parseOptions } = await built<typeof JsonRecordParserModule>(
  'sources/file/json-record-parser.js',
)
const { jsonWorkerPool } = await built<typeof JsonWorkerPool>('sources/file/json-worker-pool.js')
const { toRowObject } = await built<typeof RowConversion>('api/row-conversion.js')
const { parseDdlSchema } = await built<typeof Types>('types/index.js')
const { chunkRows } = await built<typeof RecordChunk>('types/record-chunk.js')

const DDL =
  'id INT, name STRING, ts TIMESTAMP, d DOUBLE, big LONG, ok BOOLEAN, bin BINARY, ' +
  'tags ARRAY<STRING>, attrs MAP<STRING, INT>, pos STRUCT<x: DOUBLE, y: STRING>, ' +
  'amount DECIMAL(10,2), _corrupt_record STRING'

/** Lines that exercise every value kind and the bad-record paths, repeated past the threshold. */
function mixedLines(n: number): string[] {
  const lines: string[] = []
  for (let i = 0; i < n; i++) {
    switch (i % 10) {
      case 0:
        lines.push(
          `{"id":${i},"name":"plain ${i}","ts":"2026-11-24T10:15:30.123456","d":${i / 7},"big":9007199254740991,"ok":true}`,
        )
        break
      case 1:
        lines.push(
          `{"id":${i},"name":"esc \\"q\\" \\u00e9 \\ud83d\\ude00 tab\\t","d":"NaN","ok":false}`,
        )
        break
      case 2:
        lines.push(`{"id":${i},"name":"ünïcødé ✓ 😀","d":-0.0,"bin":"aGVsbG8=","amount":"1,234.5"}`)
        break
      case 3:
        lines.push(
          `{"id":${i},"tags":["a","b",null],"attrs":{"k":1,"j":null},"pos":{"x":1.5,"y":"z"}}`,
        )
        break
      case 4:
        lines.push('this is not json')
        break
      case 5:
        lines.push(`{"id":"not an int","name":"partial ${i}","d":"Infinity"}`)
        break
      case 6:
        lines.push(`[{"id":${i}},{"id":${i + 1},"name":null}]`)
        break
      case 7:
        lines.push('')
        break
      case 8:
        lines.push(`{"id":${i},"ts":1764000000,"name":12.50,"amount":3.14159}`)
        break
      default:
        lines.push(`{'id':${i},'name':'single quoted','pos':{"x":"bad"}}\r`)
    }
  }
  return lines
}

describe('JSON file reader on worker threads', () => {
  const schema = parseDdlSchema(DDL)
  it('runs compiled, with a worker pool', () => {
    expect(jsonWorkerPool()).not.toBeNull()
  })

  it('gives the main-thread parser rows for every kind of value and bad record', async () => {
    const dir = await tempDir()
    const file = join(dir, 'mixed.json')
    const text = mixedLines(6000).join('\n') + '\n'
    expect(text.length).toBeGreaterThan(300_000)
    await fs.writeFile(file, text)
    const before = jsonWorkerPool()!.filesParsed
    const read = await new JsonFileReader(schema, {}, 'UTC').read(file)
    expect(jsonWorkerPool()!.filesParsed).toBe(before + 1)
    if (read.missing) throw new Error('the file was not found')
    const chunk = read.chunk
    // A worker's records arrive packed by column; the rows built from them are the parser's.
    expect('packed' in chunk).toBe(true)
    const rows = chunkRows(chunk)
    const parsed = new JsonRecordParser(schema, parseOptions({}, 'UTC')).parse(text, file)
    const expected = parsed.rows
    expect(read.malformedLines).toBe(parsed.malformedLines)
    expect(read.malformedLines).toBe(1800)
    expect(rows).toHaveLength(expected.length)
    expect(rows).toEqual(expected)
    // Spot checks against the spec, independent of the parser: line 1, the corrupt line 5.
    expect(rows[0]!.slice(0, 6)).toEqual([
      0,
      'plain 0',
      Date.UTC(2026, 10, 24, 10, 15, 30) * 1000 + 123_456,
      0,
      9007199254740991,
      true,
    ])
    expect(rows[2]![4]).toBeNull()
    expect(Object.is(rows[2]![3], -0)).toBe(true)
    expect(rows[4]![11]).toBe('this is not json')
    expect(rows[4]!.slice(0, 11).every((v) => v === null)).toBe(true)
  })

  it('gives the main thread bad records of a worker-parsed file with a BOM and invalid UTF-8 (badRecordsPath)', async () => {
    const dir = await tempDir()
    const file = join(dir, 'bom.json')
    const lines = mixedLines(6000)
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(lines.slice(0, 3000).join('\n') + '\n{"id":1,"name":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}\n' + lines.slice(3000).join('\n') + '\n'),
    ])
    expect(bytes.length).toBeGreaterThan(300_000)
    await fs.writeFile(file, bytes)
    const options = { badRecordsPath: join(dir, 'bad') }
    const before = jsonWorkerPool()!.filesParsed
    const read = await new JsonFileReader(schema, options, 'UTC').read(file)
    expect(jsonWorkerPool()!.filesParsed).toBe(before + 1)
    if (read.missing) throw new Error('the file was not found')
    const { decodeJsonText } = await built<typeof DecodeJsonText>(
      'sources/file/decode-json-text.js',
    )
    const { parseInChunks } = await built<typeof ParseInChunks>('sources/file/parse-in-chunks.js')
    const expected = parseInChunks(
      new JsonRecordParser(schema, parseOptions(options, 'UTC')),
      decodeJsonText(bytes),
      file,
    )
    expect(chunkRows(read.chunk)).toEqual(expected.rows)
    expect(read.badRecords).toEqual(expected.badRecords)
    // The BOM does not spoil line 1; 3 lines of each ten are bad (cases 4, 5 and 9), and so is
    // the invalid UTF-8 line 3001.
    expect(chunkRows(read.chunk)[0]![0]).toBe(0)
    expect(read.malformedLines).toBe(1801)
    expect(read.badRecords.find((r) => r.line === 3001)).toEqual({
      path: file,
      line: 3001,
      record: '{"id":1,"name":"\uFFFD("}',
      reason: 'the line is not valid UTF-8 (an invalid byte sequence at column 17)',
    })
  })

  it('reports a FAILFAST record parsed on a worker with the file and its line', async () => {
    const dir = await tempDir()
    const file = join(dir, 'bad.json')
    const lines = Array.from({ length: 8000 }, (_, i) => `{"id":${i},"name":"row number ${i}"}`)
    lines[6543] = '{"id": 1, "name": oops}'
    await fs.writeFile(file, lines.join('\n'))
    const reader = new JsonFileReader(schema, { mode: 'FAILFAST' }, 'UTC')
    const error = await reader.read(file).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(SourceError)
    expect(error).toMatchObject({ code: 'SL_SOURCE_MALFORMED_RECORD', path: file, line: 6544 })
  })

  it('delivers the rows of many large files in file order, batch by batch', async () => {
    const root = await tempDir()
    const input = join(root, 'in')
    await fs.mkdir(input)
    const files = 9
    const perFile = 12_000
    for (let f = 0; f < files; f++) {
      const lines = Array.from(
        { length: perFile },
        (_, i) => `{"id":${f * perFile + i},"name":"file ${f} line ${i}"}`,
      )
      const path = join(input, `part-${f}.json`)
      await fs.writeFile(path, lines.join('\n') + '\n')
      await fs.utimes(path, 1_764_000_000 + f, 1_764_000_000 + f)
    }
    const spark = SparkSession.builder().getOrCreate().newSession()
    spark.conf.set('spark.sql.session.timeZone', 'UTC')
    const before = jsonWorkerPool()!.filesParsed
    const batches: number[][] = []
    const q = await spark.readStream
      .format('json')
      .schema('id INT, name STRING')
      .option('maxFilesPerTrigger', 2)
      .load(input)
      .writeStream.foreachBatch(async (df) => {
        batches.push((await df.collect()).map((r) => r['id'] as number))
      })
      .option('checkpointLocation', join(root, 'cp'))
      .trigger({ availableNow: true })
      .start()
    await q.awaitTermination()
    expect(jsonWorkerPool()!.filesParsed - before).toBe(files)
    expect(batches.map((b) => b.length)).toEqual([2, 2, 2, 2, 1].map((k) => k * perFile))
    const ids = batches.flat()
    expect(ids).toEqual(Array.from({ length: files * perFile }, (_, i) => i))
  })

  it('a pass-through query to Delta writes worker-packed records as they are: the table holds the parsed rows', async () => {
    const root = await tempDir()
    const input = join(root, 'in')
    await fs.mkdir(input)
    const texts: string[] = []
    for (let f = 0; f < 3; f++) {
      const text = mixedLines(6000 + f).join('\n') + '\n'
      texts.push(text)
      const path = join(input, `part-${f}.json`)
      await fs.writeFile(path, text)
      await fs.utimes(path, 1_764_000_000 + f, 1_764_000_000 + f)
    }
    const spark = SparkSession.builder().getOrCreate().newSession()
    spark.conf.set('spark.sql.session.timeZone', 'UTC')
    const before = jsonWorkerPool()!.filesParsed
    const table = join(root, 'table')
    const q = await spark.readStream
      .format('json')
      .schema(DDL)
      .option('maxFilesPerTrigger', 2)
      .load(input)
      .writeStream.format('delta')
      .option('checkpointLocation', join(root, 'cp'))
      .trigger({ availableNow: true })
      .start(table)
    await q.awaitTermination()
    expect(jsonWorkerPool()!.filesParsed - before).toBe(3)
    const parser = new JsonRecordParser(schema, parseOptions({}, 'UTC'))
    const expected = texts.flatMap((t, f) => parser.parse(t, `part-${f}.json`).rows)
    const read = await spark.read.format('delta').load(table).collect()
    expect(read).toHaveLength(expected.length)
    // Compared in the public form collect() gives (Dates, struct objects); row order in the
    // table is file order, line order.
    expect(read).toEqual(expected.map((row) => toRowObject(schema, row)))
  })

  it('deduplication on worker-packed records keeps the rows the row path keeps, late rows included', async () => {
    const root = await tempDir()
    const input = join(root, 'in')
    await fs.mkdir(input)
    // Four files of 8,000 lines: ids repeat within and across files, times advance by file,
    // and file 3 carries rows far behind the watermark (late) among new ones.
    const base = Date.UTC(2026, 11, 3, 8, 0, 0)
    for (let f = 0; f < 4; f++) {
      const lines = Array.from({ length: 8000 }, (_, i) => {
        const id = (f * 5000 + i) % 9000
        const late = f === 3 && i % 4 === 0
        const sec = late ? 0 : f * 60 + (id % 50)
        const ts = new Date(base + sec * 1000).toISOString()
        return `{"id":${id},"name":"n${id} ü","ts":"${ts}"}`
      })
      const path = join(input, `part-${f}.json`)
      await fs.writeFile(path, lines.join('\n') + '\n')
      await fs.utimes(path, 1_764_000_000 + f, 1_764_000_000 + f)
    }
    const spark = SparkSession.builder().getOrCreate().newSession()
    spark.conf.set('spark.sql.session.timeZone', 'UTC')
    const query = () =>
      spark.readStream
        .format('json')
        .schema('id INT, name STRING, ts TIMESTAMP')
        .option('maxFilesPerTrigger', 1)
        .load(input)
        .withWatermark('ts', '10 seconds')
        .dropDuplicates(['id', 'ts'])
    const before = jsonWorkerPool()!.filesParsed
    const table = join(root, 'table')
    const q = await query()
      .writeStream.format('delta')
      .option('checkpointLocation', join(root, 'cp1'))
      .option('lateDataPath', join(root, 'late'))
      .trigger({ availableNow: true })
      .start(table)
    await q.awaitTermination()
    expect(jsonWorkerPool()!.filesParsed - before).toBe(4)
    // The row path: foreachBatch takes rows, so this query never sees a chunk.
    const expected: unknown[] = []
    const r = await query()
      .writeStream.foreachBatch(async (df) => {
        expected.push(...(await df.collect()))
      })
      .option('checkpointLocation', join(root, 'cp2'))
      .trigger({ availableNow: true })
      .start()
    await r.awaitTermination()
    const got = await spark.read.format('delta').load(table).collect()
    expect(got.length).toBeGreaterThan(9000)
    expect(got).toEqual(expected)
    const dropped = (x: typeof q): number[] =>
      x.recentProgress.map((p) => p.stateOperators[0]?.numRowsDroppedByWatermark ?? 0)
    expect(dropped(q)).toEqual(dropped(r))
    const late = dropped(q).reduce((a, b) => a + b, 0)
    expect(late).toBe(2000)
    expect(await spark.read.format('delta').load(join(root, 'late')).count()).toBe(late)
  })
})
