/**
 * Entry point of a JSON parse worker thread (see `json-worker-pool.ts`): reads one file (or takes
 * a batch of `from_json` values), parses it with the same {@link JsonRecordParser} the main
 * thread uses, and posts the rows back packed by column. Any failure — unreadable file, FAILFAST record, a bug — is reported as `failed`
 * only: the main thread then reads the file itself, so the error it throws (code, file, line) is
 * exactly the one a main-thread read gives.
 */
import { readFileSync } from 'node:fs'
import { parentPort } from 'node:worker_threads'
import type { StructType } from '../../types/index.js'
import { decodeJsonText } from './decode-json-text.js'
import { JsonRecordParser, parseOptions } from './json-record-parser.js'
import { parseInChunks } from './parse-in-chunks.js'
import { packColumns, transferables } from '../../types/packed-columns.js'
import type { ParseReply, ParseRequest, ValuesParseRequest } from './json-worker-messages.js'
import { parseJsonValue } from './parse-json-value.js'
import type { Row } from '../../types/index.js'

const parsers = new Map<number, { parser: JsonRecordParser; width: number }>()

function parserFor(request: ParseRequest | ValuesParseRequest): {
  parser: JsonRecordParser
  width: number
} {
  let entry = parsers.get(request.configId)
  if (entry === undefined) {
    const config = request.config!
    const schema: StructType = config.schema
    entry = {
      parser: new JsonRecordParser(schema, parseOptions(config.options, config.sessionTimeZone), {
        arraysAsRecords: !config.fromJson,
      }),
      width: schema.fields.length,
    }
    parsers.set(request.configId, entry)
  }
  return entry
}

const UTF8 = new TextDecoder()

/** from_json of each value (CAST(binary AS STRING) first: UTF-8, invalid bytes as U+FFFD). */
function parseValues(request: ValuesParseRequest, parser: JsonRecordParser, width: number): Row[] {
  const { bytes, starts, lengths } = request.values
  const nulls: Row = new Array<unknown>(width).fill(null)
  const rows = new Array<Row>(starts.length)
  for (let i = 0; i < starts.length; i++) {
    const length = lengths[i]!
    const text = length < 0 ? null : UTF8.decode(bytes.subarray(starts[i], starts[i]! + length))
    rows[i] = (text === null ? null : parseJsonValue(parser, text)) ?? nulls
  }
  return rows
}

parentPort!.on('message', (request: ParseRequest | ValuesParseRequest) => {
  let reply: ParseReply
  let transfer: ArrayBuffer[] = []
  try {
    const { parser, width } = parserFor(request)
    if ('values' in request) {
      const packed = packColumns(parseValues(request, parser, width), width)
      reply = { id: request.id, parsed: { packed, malformedLines: 0, badRecords: [] } }
      transfer = transferables(packed)
      parentPort!.postMessage(reply, transfer)
      return
    }
    const decoded = decodeJsonText(readFileSync(request.path))
    const { rows, malformedLines, badRecords } = parseInChunks(parser, decoded, request.path)
    const packed = packColumns(rows, width)
    reply = { id: request.id, parsed: { packed, malformedLines, badRecords } }
    transfer = transferables(packed)
  } catch {
    reply = { id: request.id, parsed: null }
  }
  parentPort!.postMessage(reply, transfer)
})
