/**
 * Which files OPTIMIZE rewrites together (Delta's `OptimizeExecutor.groupFilesIntoBins`): the
 * candidate files — live files smaller than `minFileSize` in the chosen partitions — are grouped
 * by partition and, in log order, packed into bins of at most `maxFileSize` bytes. A bin of one
 * file is dropped (rewriting it alone changes nothing), so compacting a compacted table is a
 * no-op, as in Delta. Pure: the plan can be tested without files.
 */
import type { AddAction } from './actions.js'

/** Sizes that drive the plan. */
export interface CompactionSizes {
  /** Files of at least this many bytes are left alone (Delta `optimize.minFileSize`). */
  readonly minFileSize: number
  /** A bin holds at most this many bytes (Delta `optimize.maxFileSize`, `delta.targetFileSize`). */
  readonly maxFileSize: number
}

/** One group of files of one partition to rewrite as one file. */
export interface CompactionBin {
  /** The partition's serialized values, as in the files' `partitionValues`. */
  readonly partitionValues: Readonly<Record<string, string | null>>
  readonly files: readonly AddAction[]
  readonly bytes: number
}

/** The plan of one OPTIMIZE. */
export interface CompactionPlan {
  readonly bins: readonly CompactionBin[]
  /** Live files the partition filter selected (Delta's `totalConsideredFiles`). */
  readonly consideredFiles: number
  /** Considered files no bin rewrites (Delta's `totalFilesSkipped`). */
  readonly skippedFiles: number
}

/**
 * Plans the compaction of `files` (the live files of a snapshot, in log order) restricted to the
 * partitions `inPartition` accepts.
 */
export function planCompaction(
  files: readonly AddAction[],
  sizes: CompactionSizes,
  inPartition: (values: Readonly<Record<string, string | null>>) => boolean = () => true,
): CompactionPlan {
  const considered = files.filter((f) => inPartition(f.partitionValues))
  const byPartition = new Map<string, AddAction[]>()
  for (const f of considered) {
    if (f.size >= sizes.minFileSize) continue
    const key = partitionKey(f.partitionValues)
    let group = byPartition.get(key)
    if (!group) byPartition.set(key, (group = []))
    group.push(f)
  }
  const bins: CompactionBin[] = []
  for (const group of byPartition.values()) {
    let current: AddAction[] = []
    let bytes = 0
    const close = (): void => {
      if (current.length > 1)
        bins.push({ partitionValues: current[0]!.partitionValues, files: current, bytes })
      current = []
      bytes = 0
    }
    for (const f of group) {
      if (current.length > 0 && bytes + f.size > sizes.maxFileSize) close()
      current.push(f)
      bytes += f.size
    }
    close()
  }
  const rewritten = bins.reduce((n, b) => n + b.files.length, 0)
  return { bins, consideredFiles: considered.length, skippedFiles: considered.length - rewritten }
}

/** A stable key of a partition's values (column order of the map as written). */
export function partitionKey(values: Readonly<Record<string, string | null>>): string {
  return JSON.stringify(
    Object.keys(values)
      .sort()
      .map((k) => [k, values[k]]),
  )
}
