/**
 * The on-disk encoding of one state version file of the file state store provider (the role of
 * Spark's HDFSBackedStateStoreProvider delta/snapshot files; spark-semantics.md §11.1):
 *
 * ```
 * <dir>/<version>.delta      the changes that turn version-1 into version (puts and removes)
 * <dir>/<version>.snapshot   the whole state at version (puts only)
 *
 * line 1   v2                                          format version (1 or 2; see below)
 * line 2   {"encoding":"json-blocks","kind":"delta","version":7,"puts":2,"removes":1,
 *           "bodyBytes":61,"crc32":"1c291ca3"}         one line of JSON (wrapped here)
 * line 3…  ["put","k1",[1,"a"],"k2",[2,null]]          a block: tag, then key, value, key, value …
 *          ["remove","k3"]                             a block: tag, then keys
 *          ["put~","k4",[{"$n":"NaN"},{"$n":"-0"}]]    v2: a put block with escaped values
 * ```
 *
 * A reader applies the entries in file order; a delta may change one key more than once (the
 * last change wins), so writers keep the order of their changes across blocks.
 *
 * The body is every byte after line 2; each block line ends with "\n"; `crc32` is zlib's CRC-32
 * (IEEE) of the body as 8 lowercase hex digits and `bodyBytes` its length, so a truncated or
 * modified file is detected before any of it is applied. A block holds up to
 * {@link BLOCK_ENTRIES} entries: one `JSON.stringify`/`JSON.parse` per block instead of per entry
 * is several times faster, and entries stay flat (no `[key, value]` pair arrays to allocate).
 * Keys are the operator's strings and values its JSON-serialisable rows (state-store.ts).
 *
 * Format versions: v1 (the first release) cannot hold NaN, ±Infinity or -0.0 (JSON has no such
 * numbers: they became null and 0). v2 adds `put~` blocks, written only for blocks whose values
 * contain one of them (or a plain object): each such number is `{"$n":"NaN"|"Infinity"|
 * "-Infinity"|"-0"}`, each long past 2^53 (a bigint, types/long-value.ts) `{"$l":"<digits>"}`, each
 * decimal (types/decimal-value.ts) `{"$d":"<plain text>"}`,
 * each Map `{"$m":[[k,v],…]}` and each other object `{"$o":{…}}`, so the escape is unambiguous.
 * Blocks without them stay plain `put` blocks, so ordinary state costs nothing extra. v1 files
 * stay readable; an engine that knows only v1 rejects v2 files with SL_STATE_CHECKPOINT_VERSION.
 *
 * Which format a directory holds is decided by its `_metadata/format.json`, not by the files: a
 * writer records a new format there before it writes any file of it (file-state-store.ts), and
 * a reader checks it first (a newer one is SL_STATE_CHECKPOINT_VERSION). So a file whose header
 * names a version or encoding this engine does not write, in a directory it accepted, has a
 * damaged header and is reported as corrupt, naming the file (#14: a flipped byte in `v2` read
 * as "written by a newer streamlake; upgrade").
 */
import { crc32 } from 'node:zlib'
import { CheckpointError, InternalError } from '../errors/index.js'
import { parseJsonLine } from './checkpoint/batch-log.js'
import { canonicalLong, isLongValue } from '../types/long-value.js'
import { Decimal } from '../types/decimal-value.js'
import type { StateValue } from './state-store.js'

/** The format version written in line 1; readers reject files with a higher one. */
export const STATE_FILE_FORMAT_VERSION = 2
/** The body encoding named in line 2. */
export const STATE_FILE_ENCODING = 'json-blocks'
/** Entries per block line. */
export const BLOCK_ENTRIES = 4096

/** Which of the two file kinds. */
export type StateFileKind = 'delta' | 'snapshot'

/** Line 2 of a state file. */
export interface StateFileHeader {
  readonly encoding: string
  readonly kind: StateFileKind
  readonly version: number
  readonly puts: number
  readonly removes: number
  readonly bodyBytes: number
  readonly crc32: string
}

/** Where errors point (the file) and whose state it is. */
export interface StateFileContext {
  readonly path: string
  readonly operator: string
}

/** Builds one state file block by block; `finish` returns the file's bytes as chunks. */
export class StateFileEncoder {
  private readonly chunks: Buffer[] = []
  private puts: unknown[] = ['put']
  private escapedPuts = false
  private removes: unknown[] = ['remove']
  private putCount = 0
  private removeCount = 0
  private bodyBytes = 0
  private crc = 0

  constructor(
    private readonly kind: StateFileKind,
    private readonly version: number,
    private readonly context: StateFileContext,
  ) {}

  put(key: string, value: StateValue): void {
    // Blocks keep the order of the changes: a delta may change a key more than once.
    if (this.removes.length > 1) this.flush('remove')
    if (!this.escapedPuts && needsEscape(value)) this.escapedPuts = true
    this.puts.push(key, value)
    this.putCount++
    if (this.puts.length > 2 * BLOCK_ENTRIES) this.flush('put')
  }

  remove(key: string): void {
    if (this.puts.length > 1) this.flush('put')
    this.removes.push(key)
    this.removeCount++
    if (this.removes.length > BLOCK_ENTRIES) this.flush('remove')
  }

  /** The complete file: header chunk first, then the body chunks. */
  finish(): Buffer[] {
    if (this.puts.length > 1) this.flush('put')
    if (this.removes.length > 1) this.flush('remove')
    const header: StateFileHeader = {
      encoding: STATE_FILE_ENCODING,
      kind: this.kind,
      version: this.version,
      puts: this.putCount,
      removes: this.removeCount,
      bodyBytes: this.bodyBytes,
      crc32: (this.crc >>> 0).toString(16).padStart(8, '0'),
    }
    const head = Buffer.from(`v${STATE_FILE_FORMAT_VERSION}\n${JSON.stringify(header)}\n`)
    return [head, ...this.chunks]
  }

  private flush(tag: 'put' | 'remove'): void {
    let block = tag === 'put' ? this.puts : this.removes
    if (tag === 'put' && this.escapedPuts) {
      block = block.map((v, i) => (i === 0 ? ESCAPED_PUT : i % 2 === 0 ? escapeValue(v) : v))
      this.escapedPuts = false
    }
    let text: string
    try {
      text = JSON.stringify(block)
    } catch (error) {
      throw this.unserializable(block, error)
    }
    const chunk = Buffer.from(text + '\n')
    this.crc = crc32(chunk, this.crc)
    this.bodyBytes += chunk.length
    this.chunks.push(chunk)
    if (tag === 'put') this.puts = ['put']
    else this.removes = ['remove']
  }

  private unserializable(block: unknown[], error: unknown): InternalError {
    let key = '?'
    for (let i = 1; i + 1 < block.length; i += 2) {
      try {
        JSON.stringify(block[i + 1])
      } catch {
        key = JSON.stringify(block[i])
        break
      }
    }
    return new InternalError(
      'SL_STATE_STORE_VALUE_NOT_SERIALIZABLE',
      { key, ...this.context, message: (error as Error).message },
      { path: this.context.path, operator: this.context.operator, cause: error },
    )
  }
}

/** Receives the entries of a decoded file in file order. */
export interface StateFileSink {
  put(key: string, value: StateValue): void
  remove(key: string): void
}

/**
 * Checks and decodes a whole state file, feeding its entries to `sink`. Throws a CheckpointError
 * naming the file when the header is not what `expected` says, the checksum or a count does not
 * match, or a block is malformed; nothing is fed before the checksum has been verified.
 */
export function decodeStateFile(
  bytes: Buffer,
  expected: { readonly kind: StateFileKind; readonly version: number },
  context: StateFileContext,
  sink: StateFileSink,
): StateFileHeader {
  const { path } = context
  const nl1 = bytes.indexOf(10)
  const nl2 = nl1 < 0 ? -1 : bytes.indexOf(10, nl1 + 1)
  if (nl2 < 0) throw corrupt(path, 'the file ends before its two header lines')
  const fileVersion = parseStateFileVersion(bytes.toString('utf8', 0, nl1), path)
  const header = checkStateFileHeader(
    parseJsonLine(bytes.toString('utf8', nl1 + 1, nl2), path, 'the header line', 2),
    expected,
    path,
  )
  const body = bytes.subarray(nl2 + 1)
  if (body.length !== header.bodyBytes) {
    throw corrupt(path, `the body has ${body.length} bytes, the header says ${header.bodyBytes}`)
  }
  const crc = (crc32(body) >>> 0).toString(16).padStart(8, '0')
  if (crc !== header.crc32) {
    throw corrupt(path, `its checksum is ${crc}, the header says ${header.crc32} (modified file)`)
  }
  let puts = 0
  let removes = 0
  let line = 3
  for (let start = 0; start < body.length; line++) {
    const end = body.indexOf(10, start)
    if (end < 0) throw corrupt(path, `line ${line} does not end with a newline`)
    const block = parseJsonLine(body.toString('utf8', start, end), path, `line ${line}`)
    start = end + 1
    if (!Array.isArray(block)) throw corrupt(path, `line ${line} is not a block array`)
    const tag: unknown = block[0]
    const escaped = tag === ESCAPED_PUT && fileVersion >= 2
    if ((tag === 'put' || escaped) && block.length % 2 === 1) {
      for (let i = 1; i < block.length; i += 2) {
        const key: unknown = block[i]
        const value: unknown = escaped ? unescapeValue(block[i + 1], path, line) : block[i + 1]
        if (typeof key !== 'string' || !Array.isArray(value)) {
          throw corrupt(path, `line ${line} has a put entry that is not a string key and an array`)
        }
        sink.put(key, value)
      }
      puts += (block.length - 1) / 2
    } else if (tag === 'remove' && header.kind === 'delta') {
      for (let i = 1; i < block.length; i++) {
        const key: unknown = block[i]
        if (typeof key !== 'string') throw corrupt(path, `line ${line} removes a non-string key`)
        sink.remove(key)
      }
      removes += block.length - 1
    } else {
      throw corrupt(path, `line ${line} is not a put or remove block of a ${header.kind} file`)
    }
  }
  if (puts !== header.puts || removes !== header.removes) {
    throw corrupt(
      path,
      `it holds ${puts} puts and ${removes} removes, the header says ${header.puts} and ${header.removes}`,
    )
  }
  return header
}

const ESCAPED_PUT = 'put~'

/** True when JSON cannot carry `v` as is (a non-finite number or -0.0), or it holds an object. */
function needsEscape(v: unknown): boolean {
  if (typeof v === 'number') return !Number.isFinite(v) || Object.is(v, -0)
  // A long past 2^53 (canonical form, types/long-value.ts); any other bigint stays an error.
  if (typeof v === 'bigint') return isLongValue(v) && canonicalLong(v) === v
  if (Array.isArray(v)) {
    for (const x of v) if (needsEscape(x)) return true
    return false
  }
  return v !== null && typeof v === 'object'
}

function escapeValue(v: unknown): unknown {
  // An exact decimal (types/decimal-value.ts): its plain text keeps the scale.
  if (v instanceof Decimal) return { $d: v.toString() }
  if (typeof v === 'bigint' && isLongValue(v) && canonicalLong(v) === v) return { $l: String(v) }
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return Object.is(v, -0) ? { $n: '-0' } : v
    return { $n: String(v) }
  }
  if (Array.isArray(v)) return v.map(escapeValue)
  if (v instanceof Map) return { $m: [...v].map(([k, x]) => [escapeValue(k), escapeValue(x)]) }
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) o[k] = escapeValue(x)
    return { $o: o }
  }
  return v
}

const SPECIAL_NUMBERS: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
  '-0': -0,
}

function unescapeValue(v: unknown, path: string, line: number): unknown {
  if (Array.isArray(v)) return v.map((x) => unescapeValue(x, path, line))
  if (v === null || typeof v !== 'object') return v
  const o = v as Record<string, unknown>
  if (typeof o['$n'] === 'string' && Object.hasOwn(SPECIAL_NUMBERS, o['$n'])) {
    return SPECIAL_NUMBERS[o['$n']]
  }
  if (typeof o['$l'] === 'string' && /^-?[0-9]+$/.test(o['$l']))
    return canonicalLong(BigInt(o['$l']))
  if (typeof o['$d'] === 'string') {
    const d = /^-?[0-9]+(\.[0-9]+)?$/.test(o['$d']) ? Decimal.parse(o['$d']) : undefined
    if (d !== undefined) return d
  }
  if (Array.isArray(o['$m'])) {
    return new Map(
      (o['$m'] as unknown[]).map((e) => {
        if (!Array.isArray(e) || e.length !== 2) throw badEscape(path, line)
        return [unescapeValue(e[0], path, line), unescapeValue(e[1], path, line)]
      }),
    )
  }
  if (typeof o['$o'] === 'object' && o['$o'] !== null && !Array.isArray(o['$o'])) {
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(o['$o'])) out[k] = unescapeValue(x, path, line)
    return out
  }
  throw badEscape(path, line)
}

function badEscape(path: string, line: number): CheckpointError {
  return corrupt(
    path,
    `line ${line} has an escaped value that is not {"$n":…}, {"$l":…}, {"$d":…}, {"$m":…} or {"$o":…}`,
  )
}

/**
 * Line 1 of a state file: `v1` or `v2`. Anything else is a damaged header (see the module
 * comment for why a higher version is not a newer format here).
 */
export function parseStateFileVersion(line: string | undefined, path: string): number {
  const m = /^v(\d+)$/.exec(line ?? '')
  const version = m ? Number(m[1]) : 0
  if (version < 1 || version > STATE_FILE_FORMAT_VERSION) {
    throw new CheckpointError(
      'SL_STATE_CHECKPOINT_CORRUPT',
      {
        path,
        problem: `line 1 is ${JSON.stringify((line ?? '').slice(0, 40))}, not a state format version v1 to v${STATE_FILE_FORMAT_VERSION}, and the directory's _metadata/format.json (written before any file of a newer format) records none newer: the header is damaged`,
      },
      { path, line: 1 },
    )
  }
  return version
}

/** Checks line 2 of a state file (parsed) against the file's name; throws naming the file. */
export function checkStateFileHeader(
  raw: unknown,
  expected: { readonly kind: StateFileKind; readonly version: number },
  path: string,
): StateFileHeader {
  const h = raw as Partial<StateFileHeader> | null
  if (typeof h !== 'object' || h === null) throw corrupt(path, 'the header line is not an object')
  if (h.encoding !== STATE_FILE_ENCODING) {
    throw corrupt(
      path,
      `the header's encoding is ${JSON.stringify(h.encoding)}, but every state format writes "${STATE_FILE_ENCODING}": the header is damaged`,
    )
  }
  if (h.kind !== expected.kind || h.version !== expected.version) {
    throw corrupt(
      path,
      `the header describes ${String(h.kind)} version ${String(h.version)}, the file name says ${expected.kind} version ${expected.version}`,
    )
  }
  for (const field of ['puts', 'removes', 'bodyBytes'] as const) {
    if (!Number.isSafeInteger(h[field]) || (h[field] as number) < 0) {
      throw corrupt(path, `the header field ${field} is ${JSON.stringify(h[field])}`)
    }
  }
  if (typeof h.crc32 !== 'string') throw corrupt(path, 'the header has no crc32')
  return h as StateFileHeader
}

function corrupt(path: string, problem: string): CheckpointError {
  return new CheckpointError('SL_STATE_CHECKPOINT_CORRUPT', { path, problem }, { path })
}
