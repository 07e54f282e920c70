/**
 * What identifies a query across restarts, as recorded in `<checkpoint>/query-info.json`, and
 * the pure decision whether a restart reads and writes the same places (STYLE.md rule 7: no I/O
 * here; query-checkpoint.ts reads and writes the file).
 *
 * ```
 * {"formatVersion":1,"engine":"streamlake",
 *  "checkpoint":"/abs/tree/checkpoints/q",                       absent in files before #14
 *  "sources":[{"format":"json","path":"/abs/tree/input","relativePath":"../../input"}],
 *  "sink":{"format":"delta","path":"/abs/tree/data/t","relativePath":"../../data/t"},
 *  "stateOperators":[{"id":0,"name":"stateStoreSave"}]}             absent before #14
 * ```
 *
 * For file-system formats `path` is absolute (resolved against the working directory of the
 * first start) and `relativePath` is the same place relative to the checkpoint directory; other
 * formats (memory, console, foreachBatch) keep their name as given. Files written before #14
 * hold a source path as it was typed (possibly relative: it is read relative to the current
 * working directory) and no `checkpoint`.
 *
 * Two spellings of one directory (`in`, `./in`, `$PWD/in`) are the same place. A Delta table
 * moved or copied together with its checkpoint (same path relative to the checkpoint) is the
 * same sink: a Delta log names its files relative to the table. A file source's input is not
 * relocatable: its seen-file log names the files it admitted by absolute path (as Spark's
 * does), so under a new path every file would look new and be read again. An input that moved
 * with the checkpoint is therefore refused with its own code (SL_STATE_INPUT_MOVED).
 */
import { isAbsolute, relative, resolve, sep } from 'node:path'

/** One source or sink as the executor describes it: its format and its path or name. */
export interface IdentityEntry {
  readonly format: string
  readonly path: string | null
}

/** What identifies a query across restarts; a change here makes the checkpoint unusable. */
export interface QueryIdentity {
  readonly sources: readonly IdentityEntry[]
  readonly sink: IdentityEntry
}

/** An entry as stored in query-info.json. */
export interface StoredEntry extends IdentityEntry {
  readonly relativePath?: string
}

/** The content of query-info.json. */
export interface QueryInfo {
  readonly formatVersion: number
  readonly engine: string
  readonly checkpoint?: string
  readonly sources: readonly StoredEntry[]
  readonly sink: StoredEntry | null
  /** Each stateful operator (its state is `state/<id>/`); informational, not compared. */
  readonly stateOperators?: readonly { readonly id: number; readonly name: string }[]
}

/** The query-info.json format this engine writes; readers refuse a higher one. */
export const QUERY_INFO_FORMAT = 1

/** Formats whose path is a directory on the local file system. */
const FILE_SYSTEM_FORMATS = new Set(['json', 'csv', 'text', 'parquet', 'orc', 'avro', 'delta'])
/** File-system formats whose data can move with the checkpoint (a Delta log is relative). */
const RELOCATABLE_FORMATS = new Set(['delta'])

/** The query-info.json content for `identity`, paths resolved against `cwd`. */
export function recordIdentity(
  identity: QueryIdentity,
  checkpoint: string,
  cwd: string,
): QueryInfo {
  const root = resolve(cwd, checkpoint)
  return {
    formatVersion: QUERY_INFO_FORMAT,
    engine: 'streamlake',
    checkpoint: root,
    sources: identity.sources.map((s) => recordEntry(s, root, cwd)),
    sink: recordEntry(identity.sink, root, cwd),
  }
}

function recordEntry(entry: IdentityEntry, root: string, cwd: string): StoredEntry {
  if (entry.path === null || !FILE_SYSTEM_FORMATS.has(entry.format)) return entry
  const path = resolve(cwd, entry.path)
  return { format: entry.format, path, relativePath: relative(root, path) }
}

/** How a restart's sources and sink compare with the recorded ones. */
export type IdentityMismatch =
  | {
      readonly code: 'SL_STATE_QUERY_CHANGED'
      /** `source 0`, `sources`, `sink`. */
      readonly what: string
      readonly before: string
      readonly now: string
    }
  | {
      readonly code: 'SL_STATE_INPUT_MOVED'
      readonly index: number
      readonly before: string
      readonly now: string
    }

/**
 * The first difference between the recorded identity and this start's (`current`, made by
 * {@link recordIdentity}), or undefined when they are the same query. `cwd` resolves the relative
 * source paths of query-info files written before #14.
 */
export function compareIdentity(
  stored: QueryInfo,
  current: QueryInfo,
  cwd: string,
): IdentityMismatch | undefined {
  const move = treeMove(stored, current)
  const before = stored.sources ?? []
  if (before.length !== current.sources.length) {
    return {
      code: 'SL_STATE_QUERY_CHANGED',
      what: 'sources',
      before: before.map((e) => describeEntry(e)).join(' + ') || 'none',
      now: current.sources.map((e) => describeEntry(e)).join(' + ') || 'none',
    }
  }
  for (let i = 0; i < before.length; i++) {
    const was = before[i]!
    const now = current.sources[i]!
    const place = comparePlace(was, now, cwd, move)
    if (place.kind === 'same' || (place.kind === 'moved' && RELOCATABLE_FORMATS.has(now.format)))
      continue
    if (place.kind === 'moved')
      return {
        code: 'SL_STATE_INPUT_MOVED',
        index: i,
        before: place.was ?? was.path ?? '',
        now: now.path ?? '',
      }
    return {
      code: 'SL_STATE_QUERY_CHANGED',
      what: before.length === 1 ? 'source' : `source ${i}`,
      before: describeEntry(was, place.was),
      now: describeEntry(now),
    }
  }
  // Spark checkpoints adopted before the sink was recorded have none: nothing to compare.
  if (stored.sink && current.sink) {
    const place = comparePlace(stored.sink, current.sink, cwd, move)
    if (
      place.kind === 'different' ||
      (place.kind === 'moved' && !RELOCATABLE_FORMATS.has(current.sink.format))
    ) {
      return {
        code: 'SL_STATE_QUERY_CHANGED',
        what: 'sink',
        before: describeEntry(stored.sink, place.was),
        now: describeEntry(current.sink),
      }
    }
  }
  return undefined
}

/** A move of the directory tree holding the checkpoint: paths under `from` are now under `to`. */
interface TreeMove {
  readonly from: string
  readonly to: string
}

/**
 * How the checkpoint's tree moved since query-info.json was written, if it did: from the
 * recorded checkpoint path, or (files before #14) from a Delta sink found at the same place
 * relative to the checkpoint but at another absolute path. The moved part is what remains of
 * both paths after their common trailing names (`/a/tree/cp/q` → `/b/cp/q`: `/a/tree` → `/b`).
 */
function treeMove(stored: QueryInfo, current: QueryInfo): TreeMove | undefined {
  let was: string | undefined
  let now: string | undefined
  if (stored.checkpoint !== undefined) {
    was = stored.checkpoint
    now = current.checkpoint
  } else {
    const s = stored.sink
    const c = current.sink
    if (
      s?.path != null &&
      c?.path != null &&
      s.format === c.format &&
      isAbsolute(s.path) &&
      s.relativePath !== undefined &&
      s.relativePath === c.relativePath
    ) {
      was = s.path
      now = c.path
    }
  }
  if (was === undefined || now === undefined || resolve(was) === resolve(now)) return undefined
  const a = resolve(was).split(sep)
  const b = resolve(now).split(sep)
  while (a.length > 1 && b.length > 1 && a.at(-1) === b.at(-1)) {
    a.pop()
    b.pop()
  }
  return { from: a.join(sep) || sep, to: b.join(sep) || sep }
}

/** `path` under `from` re-rooted under `to`; undefined when it is not under `from`. */
function rebase(path: string, from: string, to: string): string | undefined {
  const rest = relative(from, path)
  if (rest.startsWith('..') || isAbsolute(rest)) return undefined
  return resolve(to, rest)
}

/**
 * `same`: one place however it is spelled. `moved`: the recorded place moved (or was copied)
 * together with the checkpoint. `different`: anything else. `was` is the recorded place as an
 * absolute path when it is one.
 */
function comparePlace(
  was: StoredEntry,
  now: StoredEntry,
  cwd: string,
  move: TreeMove | undefined,
): { readonly kind: 'same' | 'moved' | 'different'; readonly was: string | undefined } {
  if (was.format !== now.format) return { kind: 'different', was: undefined }
  if (!FILE_SYSTEM_FORMATS.has(now.format) || was.path === null || now.path === null) {
    const same = (was.path ?? '') === (now.path ?? '')
    return { kind: same ? 'same' : 'different', was: undefined }
  }
  // A path typed relative (files before #14) was relative to the working directory of the first
  // start; if the tree moved and we run from inside it, that directory moved along.
  const startCwd = (move && rebase(cwd, move.to, move.from)) ?? cwd
  const path = resolve(startCwd, was.path)
  if (path === now.path) return { kind: 'same', was: path }
  const moved =
    (move !== undefined && rebase(path, move.from, move.to) === now.path) ||
    (was.relativePath !== undefined && was.relativePath === now.relativePath)
  return { kind: moved ? 'moved' : 'different', was: path }
}

function describeEntry(e: IdentityEntry, resolved?: string): string {
  const path = e.path ?? ''
  return `${e.format}:${path}${resolved !== undefined && resolved !== path ? ` (${resolved})` : ''}`
}
