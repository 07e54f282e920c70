/**
 * `select(from_json(CAST(value AS STRING), schema).alias(s)).select('s.*')` — the shape of every
 * JSON-over-Kafka pipeline — run on record chunks: each chunk's binary values are gathered into
 * one buffer and parsed on the JSON parse workers, which post the structs' fields back packed by
 * column. The main thread then builds no string, struct or row per record (per-record garbage was
 * a third of a Kafka → Delta query's time, most of it in the garbage collector).
 *
 * Same parser and same per-value rule (parse-json-value.ts) as the `from_json` expression; a piece
 * a worker could not parse (a FAILFAST record) is computed here on rows by the compiled
 * expressions, so its result or error is exactly the row path's.
 */
import type { LogicalPlan } from '../plan/nodes/index.js'
import type { Expression, FunctionCallNode } from '../plan/expr/index.js'
import { fromJsonSchema } from '../plan/function-catalogue.js'
import type { JsonWorkerPool } from '../sources/file/json-worker-pool.js'
import { newParserConfigId } from '../sources/file/json-worker-pool.js'
import type { ParserConfig } from '../sources/file/json-worker-messages.js'
import type { Row, StructType } from '../types/index.js'
import { reviveDecimals } from '../types/packed-columns.js'
import { chunkRows, type BinaryValues, type RecordChunk } from '../types/record-chunk.js'

/** What the fused step needs from the two projections. */
export interface FromJsonExpansion {
  /** The binary column (Kafka's `value`) in the source's rows. */
  readonly valueIndex: number
  readonly schema: StructType
  readonly options: Readonly<Record<string, string>>
}

/** Fewer values than this per worker piece are not worth a second message. */
const MIN_PIECE = 2_000

/**
 * `outer` when it is `select('s.*')` (every field of `s`, in order) over
 * `select(from_json(CAST(c AS STRING), schemaLiteral[, optionsLiteral]).alias(s))` with `c` a
 * binary column of `source`; otherwise undefined (the query runs on rows as before).
 */
export function matchFromJsonExpansion(
  outer: LogicalPlan,
  schemaOf: (p: LogicalPlan) => StructType,
): (FromJsonExpansion & { readonly source: LogicalPlan }) | undefined {
  if (outer.kind !== 'ProjectNode' || outer.child.kind !== 'ProjectNode') return undefined
  const inner = outer.child
  const alias = inner.projections[0]
  if (inner.projections.length !== 1 || alias?.kind !== 'AliasNode') return undefined
  const call = alias.child
  if (call.kind !== 'FunctionCallNode' || call.name !== 'from_json') return undefined
  const value = castBinaryColumn(call.args[0])
  if (value === undefined) return undefined
  const sourceSchema = schemaOf(inner.child)
  const valueIndex = sourceSchema.fields.findIndex((f) => f.name === value)
  if (sourceSchema.fields[valueIndex]?.dataType.type !== 'binary') return undefined
  const options = literalOptions(call)
  if (options === undefined) return undefined
  const schema = fromJsonSchema(call)
  const fields = schema.fields
  if (
    outer.projections.length !== fields.length ||
    !outer.projections.every(
      (p, i) => p.kind === 'ColumnRefNode' && p.name === `${alias.name}.${fields[i]!.name}`,
    )
  )
    return undefined
  return { valueIndex, schema, options, source: inner.child }
}

function castBinaryColumn(arg: Expression | undefined): string | undefined {
  if (arg?.kind !== 'CastNode' || arg.dataType.type !== 'string') return undefined
  const column = arg.child
  return column.kind === 'ColumnRefNode' && column.qualifier === undefined ? column.name : undefined
}

function literalOptions(call: FunctionCallNode): Record<string, string> | undefined {
  const arg = call.args[2]
  if (arg === undefined) return {}
  if (arg.kind !== 'LiteralNode' || typeof arg.value !== 'string') return undefined
  return JSON.parse(arg.value) as Record<string, string>
}

/**
 * The chunk step: the values of each chunk, in pieces (one per worker), parsed on the workers;
 * `onRows` computes a piece the workers could not.
 */
export function fromJsonChunks(
  expansion: FromJsonExpansion,
  pool: JsonWorkerPool,
  timeZone: () => string,
  onRows: (rows: readonly Row[]) => Row[],
): (chunks: readonly RecordChunk[]) => Promise<RecordChunk[]> {
  const configs = new Map<string, { id: number; config: ParserConfig }>()
  const configFor = (zone: string): { id: number; config: ParserConfig } => {
    let entry = configs.get(zone)
    if (!entry) {
      const config = {
        schema: expansion.schema,
        options: expansion.options,
        sessionTimeZone: zone,
        fromJson: true,
      }
      entry = { id: newParserConfigId(), config }
      configs.set(zone, entry)
    }
    return entry
  }
  return async (chunks) => {
    const { id, config } = configFor(timeZone())
    const pieces: Promise<RecordChunk>[] = []
    for (const chunk of chunks) {
      const records = 'records' in chunk ? chunk.records : undefined
      const rows = records ? undefined : chunkRows(chunk)
      const count = records ? records.count : rows!.length
      const size = Math.max(MIN_PIECE, Math.ceil(count / pool.size))
      for (let from = 0; from < count; from += size) {
        const to = Math.min(count, from + size)
        // A source's column form hands over its values without a row per record.
        const values =
          records?.binaryValues(expansion.valueIndex, from, to) ??
          gatherValues(rows ? rows.slice(from, to) : records!.rows(from, to), expansion.valueIndex)
        const pieceRows = (): readonly Row[] =>
          rows ? rows.slice(from, to) : records!.rows(from, to)
        pieces.push(
          pool
            .parseValues(id, config, values)
            .then((parsed) =>
              parsed ? { packed: reviveDecimals(parsed.packed) } : { rows: onRows(pieceRows()) },
            ),
        )
      }
    }
    return Promise.all(pieces)
  }
}

/** The binary values of `rows` in one buffer (the worker's request; transferred to it). */
function gatherValues(rows: readonly Row[], index: number): BinaryValues {
  let total = 0
  for (const row of rows) {
    const v = row[index] as Uint8Array | null
    if (v !== null && v !== undefined) total += v.length
  }
  const bytes = new Uint8Array(total)
  const starts = new Int32Array(rows.length)
  const lengths = new Int32Array(rows.length)
  let at = 0
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i]![index] as Uint8Array | null
    starts[i] = at
    if (v === null || v === undefined) {
      lengths[i] = -1
      continue
    }
    bytes.set(v, at)
    lengths[i] = v.length
    at += v.length
  }
  return { bytes, starts, lengths }
}
