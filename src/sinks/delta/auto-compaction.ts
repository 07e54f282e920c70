/**
 * Auto compaction of the streaming Delta sink (Delta's `AutoCompact` post-commit hook): after a
 * batch commit, when the partitions the batch wrote hold at least `minNumFiles` small files
 * (smaller than `minFileSize`), they are compacted by OPTIMIZE (delta/optimize.ts) in a commit of
 * their own, with `dataChange=false` and `operationParameters.auto = true`.
 *
 * Settings, Delta's names and defaults (`spark.databricks.delta.autoCompact.*`):
 *
 * | sink option | table property / default | meaning |
 * | --- | --- | --- |
 * | `autoCompact` | `delta.autoOptimize.autoCompact`, else off | `true`/`auto` or `false` (the option wins) |
 * | `autoCompact.minNumFiles` | 50 | small files in the written partitions that trigger it |
 * | `autoCompact.maxFileSize` | 128 MiB | target size of a compacted file (`128mb`, bytes…) |
 * | `autoCompact.minFileSize` | maxFileSize / 2 | files at least this big are not small |
 *
 * Exactly once across crashes: the batch commit (with its txn) comes first and is complete on its
 * own; compaction only rearranges rows of committed files in a separate commit. A crash before
 * the compaction commit leaves unreferenced files named for the query (its orphan cleanup deletes
 * them) and a correct table; after a restart the decision is made again from the table as it is,
 * so files are compacted once — a compacted file is not small and a bin of one file is never
 * rewritten. A conflicting concurrent commit (another writer removed a file first) only skips
 * this compaction (SL_DELTA_CONFLICT, reported as a warning); the next batch tries again.
 */
import {
  optimizeTable,
  type AddAction,
  type DeltaLog,
  type OptimizeResult,
  type Snapshot,
} from '../../delta/index.js'
import { EngineError } from '../../errors/index.js'
import { partitionKey } from '../../delta/compaction-plan.js'
import { byteSize } from '../../delta/table-properties.js'

/** Auto compaction settings; undefined when off. @internal */
export interface AutoCompactSettings {
  readonly minNumFiles: number
  readonly maxFileSize: number
  readonly minFileSize: number
}

/** Delta's `autoCompact.minNumFiles` default. */
export const DEFAULT_AUTO_COMPACT_MIN_NUM_FILES = 50
/** Delta's `autoCompact.maxFileSize` default: 128 MiB. */
export const DEFAULT_AUTO_COMPACT_MAX_FILE_SIZE = 128 * 1024 * 1024

/** The settings for a table (its properties) and the sink's options. @internal */
export function autoCompactSettings(
  options: Readonly<Record<string, string>>,
  snapshot: Snapshot,
): AutoCompactSettings | undefined {
  const option = options['autoCompact']?.trim().toLowerCase()
  if (option !== undefined && !['true', 'auto', 'false'].includes(option))
    throw invalid('autoCompact', options['autoCompact']!, 'must be true, auto or false')
  const enabled =
    option !== undefined ? option !== 'false' : (snapshot.tableProperties.autoCompact ?? false)
  const minNumFiles = positiveInteger(options, 'autoCompact.minNumFiles')
  const maxFileSize = size(options, 'autoCompact.maxFileSize')
  const minFileSize = size(options, 'autoCompact.minFileSize')
  if (!enabled) return undefined
  const max = maxFileSize ?? DEFAULT_AUTO_COMPACT_MAX_FILE_SIZE
  return {
    minNumFiles: minNumFiles ?? DEFAULT_AUTO_COMPACT_MIN_NUM_FILES,
    maxFileSize: max,
    minFileSize: minFileSize ?? Math.floor(max / 2),
  }
}

/**
 * Compacts the partitions `written` (the batch's adds) when they hold enough small files;
 * returns the OPTIMIZE result, or undefined when nothing was due. @internal
 */
export async function autoCompact(
  log: DeltaLog,
  settings: AutoCompactSettings,
  written: readonly AddAction[],
  owner: string,
): Promise<OptimizeResult | undefined> {
  if (written.length === 0) return undefined
  const touched = new Set(written.map((a) => partitionKey(a.partitionValues)))
  const snapshot = await log.snapshot()
  const inTouched = (values: Readonly<Record<string, string | null>>): boolean =>
    touched.has(partitionKey(values))
  const small = snapshot.files.filter(
    (f) => f.size < settings.minFileSize && inTouched(f.partitionValues),
  ).length
  if (small < settings.minNumFiles) return undefined
  return optimizeTable(log, {
    snapshot,
    partitionFilter: inTouched,
    maxFileSize: settings.maxFileSize,
    minFileSize: settings.minFileSize,
    auto: true,
    owner,
  })
}

function positiveInteger(
  options: Readonly<Record<string, string>>,
  name: string,
): number | undefined {
  const text = options[name]
  if (text === undefined) return undefined
  const n = Number(text)
  if (!Number.isSafeInteger(n) || n < 1) throw invalid(name, text, 'must be a positive integer')
  return n
}

function size(options: Readonly<Record<string, string>>, name: string): number | undefined {
  const text = options[name]
  if (text === undefined) return undefined
  const n = byteSize(text)
  if (n === undefined) throw invalid(name, text, 'must be a positive byte size')
  return n
}

function invalid(option: string, value: string, problem: string): EngineError {
  return new EngineError(
    'SL_API_INVALID_OPTION',
    {
      option,
      problem,
      value: JSON.stringify(value),
      hint: "Use for example .option('autoCompact', 'true').option('autoCompact.minNumFiles', '50').option('autoCompact.maxFileSize', '128mb').",
    },
    { option },
  )
}
