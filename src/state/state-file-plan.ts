/**
 * Pure decisions of the file state store provider over a listing of its directory: which files
 * rebuild a version, which files a cleanup may delete, which files a re-commit makes stale, and
 * which versions get a snapshot. The provider does the I/O; these functions only look at names.
 *
 * Versions: version 0 is the empty state and has no files; `<v>.delta` turns v-1 into v; a
 * `<v>.snapshot` holds all of v. Names that are not `<digits>.delta|snapshot` are ignored, except
 * the hidden `.<name>.<uuid>.tmp` files an interrupted atomic write leaves behind.
 */
import type { StateFileKind } from './state-file-codec.js'

/** One state file, by version and kind. */
export interface StateFileRef {
  readonly version: number
  readonly kind: StateFileKind
}

/** The state files present in a directory. */
export interface StateFileIndex {
  readonly deltas: ReadonlySet<number>
  readonly snapshots: ReadonlySet<number>
  /** Leftover temp files of interrupted writes. */
  readonly temps: readonly string[]
}

/** How to rebuild a version, or the first file that is missing for it. */
export type StateLoadPlan =
  | { readonly kind: 'load'; readonly snapshot: number | undefined; readonly deltas: number[] }
  | { readonly kind: 'missing'; readonly file: StateFileRef }

const NAME = /^(\d+)\.(delta|snapshot)$/
const TEMP = /^\..+\.tmp$/

/** `<version>.<kind>`. */
export function stateFileName(ref: StateFileRef): string {
  return `${ref.version}.${ref.kind}`
}

/** Indexes a directory listing. */
export function indexStateFiles(names: readonly string[]): StateFileIndex {
  const deltas = new Set<number>()
  const snapshots = new Set<number>()
  const temps: string[] = []
  for (const name of names) {
    const m = NAME.exec(name)
    if (m) (m[2] === 'delta' ? deltas : snapshots).add(Number(m[1]))
    else if (TEMP.test(name)) temps.push(name)
  }
  return { deltas, snapshots, temps }
}

/** The newest version any file describes (0 when there is none). */
export function latestStateVersion(index: StateFileIndex): number {
  let latest = 0
  for (const v of index.deltas) if (v > latest) latest = v
  for (const v of index.snapshots) if (v > latest) latest = v
  return latest
}

/**
 * Rebuilds `version` from the newest snapshot ≤ version whose following deltas are all present
 * (the implicit empty version 0 counts as a snapshot). When none is complete, names the first
 * delta missing after the newest candidate.
 */
export function planStateLoad(index: StateFileIndex, version: number): StateLoadPlan {
  const bases = [...index.snapshots].filter((s) => s <= version).sort((a, b) => b - a)
  bases.push(0)
  let firstMissing: number | undefined
  for (const base of bases) {
    const missing = firstMissingDelta(index, base, version)
    if (missing === undefined) {
      const deltas: number[] = []
      for (let v = base + 1; v <= version; v++) deltas.push(v)
      return { kind: 'load', snapshot: base === 0 ? undefined : base, deltas }
    }
    firstMissing ??= missing
  }
  return { kind: 'missing', file: { version: firstMissing ?? version, kind: 'delta' } }
}

/**
 * The files no version in `[latest - retain, latest]` needs (Spark's cleanup with
 * minBatchesToRetain): everything older than the newest snapshot at or before `latest - retain`.
 * Without such a snapshot every delta is still needed and nothing is deleted.
 */
export function planStateCleanup(
  index: StateFileIndex,
  latest: number,
  retain: number,
): StateFileRef[] {
  const earliest = latest - retain
  let base = 0
  for (const s of index.snapshots) if (s <= earliest && s > base) base = s
  if (base === 0 || firstMissingDelta(index, base, latest) !== undefined) return []
  const doomed: StateFileRef[] = []
  for (const v of index.snapshots) if (v < base) doomed.push({ version: v, kind: 'snapshot' })
  for (const v of index.deltas) if (v < base) doomed.push({ version: v, kind: 'delta' })
  return doomed.sort((a, b) => a.version - b.version || (a.kind === 'delta' ? -1 : 1))
}

/**
 * The files a commit of `version` must delete before writing its delta: every file of a newer
 * version (they were built on the content being replaced) and the snapshot of `version` itself.
 * Newest first, so an interrupted deletion leaves a consistent older history.
 */
export function planStaleFiles(index: StateFileIndex, version: number): StateFileRef[] {
  const stale: StateFileRef[] = []
  for (const v of index.snapshots) if (v >= version) stale.push({ version: v, kind: 'snapshot' })
  for (const v of index.deltas) if (v > version) stale.push({ version: v, kind: 'delta' })
  return stale.sort((a, b) => b.version - a.version || (a.kind === 'snapshot' ? -1 : 1))
}

/** Whether a commit of `version` is followed by a snapshot. */
export function isSnapshotVersion(version: number, snapshotInterval: number): boolean {
  return version > 0 && version % snapshotInterval === 0
}

function firstMissingDelta(
  index: StateFileIndex,
  base: number,
  version: number,
): number | undefined {
  for (let v = base + 1; v <= version; v++) if (!index.deltas.has(v)) return v
  return undefined
}
