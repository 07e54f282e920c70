/**
 * Entry point of a JSON parse worker thread (see `json-worker-pool.ts`): reads one file, parses
 * it with the same {@link JsonRecordParser} the main thread uses, and posts the rows back
 * packed by column. Any failure — unreadable file, FAILFAST record, a bug — is reported as `failed`
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
import type { ParseReply, ParseRequest } from './json-worker-messages.js'

const parsers = new Map<number, { parser: JsonRecordParser; width: number }>()

function parserFor(request: ParseRequest): { parser: JsonRecordParser; width: number } {
  let entry = parsers.get(request.configId)
  if (entry === undefined) {
    const config = request.config!
    const schema: StructType = config.schema
    entry = {
      parser: new JsonRecordParser(schema, parseOptions(config.options, config.sessionTimeZone)),
      width: schema.fields.length,
    }
    parsers.set(request.configId, entry)
  }
  return entry
}

parentPort!.on('message', (request: ParseRequest) => {
  let reply: ParseReply
  let transfer: ArrayBuffer[] = []
  try {
    const { parser, width } = parserFor(request)
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
