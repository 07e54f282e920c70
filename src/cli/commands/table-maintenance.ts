/**
 * `streamlake table optimize|vacuum|restore PATH`: the maintenance of a Delta table that a stream
 * writes for months (docs/delta-maintenance.md) — compaction of small files, deletion of files no
 * version within the retention needs, and going back to an older version. Each prints a short
 * summary, or one JSON object with `--json`.
 */
import type { Command } from 'commander'
import {
  DeltaLog,
  optimizeTable,
  restoreTable,
  vacuumTable,
  type OptimizeMetrics,
} from '../../delta/index.js'
import { byteSize } from '../../delta/table-properties.js'
import { SparkSession } from '../../api/session.js'
import { DeltaTable } from '../../api/delta-table.js'
import { parseTimestamp } from '../../internal/time/timestamp-parser.js'
import { tableNotFoundError } from '../../sources/table-not-found-error.js'
import { requireDirectory } from '../inspect/require-directory.js'
import { formatBytes, printJson } from '../inspect/text-format.js'
import {
  addFlags,
  integerFlag,
  invalidFlag,
  numberFlag,
  parseFlags,
  type FlagTable,
} from '../options.js'

const TABLE_HINT = 'Pass the folder that holds _delta_log/, e.g. ./data/events.'

export interface TableOptimizeFlags {
  where: string | undefined
  targetSize: number | undefined
  json: boolean
}

export const TABLE_OPTIMIZE_FLAGS: FlagTable<TableOptimizeFlags> = {
  where: {
    description: 'only the partitions matching this SQL predicate on partition columns',
    argument: '<predicate>',
    example: `--where "day = '2026-01-01'"`,
  },
  targetSize: {
    description: 'target file size, e.g. 128mb (default delta.targetFileSize, else 1gb)',
    argument: '<size>',
    parse: (raw, flag) => {
      const n = byteSize(raw)
      if (n === undefined)
        throw invalidFlag(flag, raw, 'must be a byte size', '--target-size 128mb')
      return n
    },
  },
  json: { description: 'print the metrics as JSON' },
}

export interface TableVacuumFlags {
  retain: number | undefined
  dryRun: boolean
  disableRetentionCheck: boolean
  json: boolean
}

export const TABLE_VACUUM_FLAGS: FlagTable<TableVacuumFlags> = {
  retain: {
    description: 'retention in hours (default delta.deletedFileRetentionDuration, 168)',
    argument: '<hours>',
    parse: (raw, flag) => {
      const n = numberFlag('--retain 168')(raw, flag)
      if (n < 0) throw invalidFlag(flag, raw, 'must not be negative', '--retain 168')
      return n
    },
  },
  dryRun: { description: 'list the files that would be deleted, delete nothing' },
  disableRetentionCheck: {
    description: "allow a retention below the table's (Spark's retentionDurationCheck=false)",
  },
  json: { description: 'print the result as JSON' },
}

export interface TableRestoreFlags {
  version: number | undefined
  timestamp: string | undefined
  json: boolean
}

export const TABLE_RESTORE_FLAGS: FlagTable<TableRestoreFlags> = {
  version: {
    description: 'the version to restore',
    argument: '<v>',
    parse: (raw, flag) => {
      const n = integerFlag('--version 3')(raw, flag)
      if (n < 0) throw invalidFlag(flag, raw, 'must not be negative', '--version 3')
      return n
    },
  },
  timestamp: {
    description: 'restore the version that was latest at this UTC time',
    argument: '<time>',
    example: `--timestamp "2026-01-01 12:00:00"`,
  },
  json: { description: 'print the result as JSON' },
}

/** Adds optimize, vacuum and restore to the `table` command. */
export function registerTableMaintenance(table: Command): void {
  addFlags(
    table
      .command('optimize')
      .description('compact the small files of a Delta table (OPTIMIZE, bin-packing)')
      .argument('<path>', 'table directory'),
    TABLE_OPTIMIZE_FLAGS,
  ).action(async (path: string, raw: Record<string, unknown>) => {
    const flags = parseFlags(TABLE_OPTIMIZE_FLAGS, raw)
    const abs = await existingTable(path)
    let metrics: OptimizeMetrics
    let version: number | undefined
    if (flags.where !== undefined) {
      // The partition predicate needs the engine's expressions: the API's builder evaluates it.
      const spark = SparkSession.builder().getOrCreate()
      if (flags.targetSize !== undefined)
        spark.conf.set('spark.databricks.delta.optimize.maxFileSize', flags.targetSize)
      const before = (await DeltaLog.forTable(abs).snapshot()).version
      const df = await DeltaTable.forPath(spark, abs)
        .optimize()
        .where(flags.where)
        .executeCompaction()
      metrics = metricsOf((await df.collectRows()).rows[0]![1] as unknown[])
      const after = (await DeltaLog.forTable(abs).snapshot()).version
      version = after > before ? after : undefined
    } else {
      const result = await optimizeTable(DeltaLog.forTable(abs), {
        ...(flags.targetSize === undefined ? {} : { maxFileSize: flags.targetSize }),
      })
      metrics = result.metrics
      version = result.version
    }
    if (flags.json) return printJson({ version: version ?? null, ...metrics })
    process.stdout.write(
      version === undefined
        ? `Nothing to compact: ${metrics.totalConsideredFiles} file(s) considered, none small enough to combine.\n`
        : `Version ${version}: ${metrics.numFilesRemoved} file(s) (${formatBytes(metrics.filesRemoved.totalSize)}) compacted into ${metrics.numFilesAdded} (${formatBytes(metrics.filesAdded.totalSize)}) in ${metrics.partitionsOptimized} partition(s).\n`,
    )
  })
  addFlags(
    table
      .command('vacuum')
      .description('delete files a Delta table no longer needs (VACUUM)')
      .argument('<path>', 'table directory'),
    TABLE_VACUUM_FLAGS,
  ).action(async (path: string, raw: Record<string, unknown>) => {
    const flags = parseFlags(TABLE_VACUUM_FLAGS, raw)
    const abs = await existingTable(path)
    const result = await vacuumTable(DeltaLog.forTable(abs), {
      ...(flags.retain === undefined ? {} : { retentionHours: flags.retain }),
      dryRun: flags.dryRun,
      retentionCheck: !flags.disableRetentionCheck,
    })
    if (flags.json) return printJson(result)
    for (const f of result.files) process.stdout.write(`${f}\n`)
    const hours = result.retentionMs / 3_600_000
    process.stdout.write(
      result.dryRun
        ? `Dry run: ${result.files.length} file(s) (${formatBytes(result.bytes)}) older than ${hours} hours would be deleted.\n`
        : `Deleted ${result.files.length} file(s) (${formatBytes(result.bytes)}) in ${result.directories} folder(s); retention ${hours} hours.\n`,
    )
  })
  addFlags(
    table
      .command('restore')
      .description('make the latest version of a Delta table an older one again (RESTORE)')
      .argument('<path>', 'table directory'),
    TABLE_RESTORE_FLAGS,
  ).action(async (path: string, raw: Record<string, unknown>) => {
    const flags = parseFlags(TABLE_RESTORE_FLAGS, raw)
    if ((flags.version === undefined) === (flags.timestamp === undefined))
      throw invalidFlag(
        '--version',
        String(flags.version ?? ''),
        'or --timestamp must be given, not both',
        '--version 3',
      )
    const abs = await existingTable(path)
    let target: Parameters<typeof restoreTable>[1]
    if (flags.version !== undefined) target = { version: flags.version }
    else {
      const micros = parseTimestamp(flags.timestamp!, 'UTC')
      if (micros === null)
        throw invalidFlag(
          '--timestamp',
          flags.timestamp!,
          'is not a timestamp',
          '--timestamp "2026-01-01 12:00:00"',
        )
      target = { timestampMs: Math.floor(Number(micros) / 1000), timestamp: flags.timestamp! }
    }
    const result = await restoreTable(DeltaLog.forTable(abs), target)
    if (flags.json) return printJson({ ...result, version: result.version ?? null })
    process.stdout.write(
      result.version === undefined
        ? 'The table already holds the files of that version; nothing to restore.\n'
        : `Version ${result.version}: restored ${result.numRestoredFiles} file(s), removed ${result.numRemovedFiles}; ${result.numOfFilesAfterRestore} file(s) (${formatBytes(result.tableSizeAfterRestore)}) now.\n`,
    )
  })
}

async function existingTable(path: string): Promise<string> {
  const abs = await requireDirectory(path, 'Delta table directory', TABLE_HINT)
  if (!(await DeltaLog.forTable(abs).tableExists())) throw await tableNotFoundError(abs)
  return abs
}

// executeCompaction's metrics struct, back into OptimizeMetrics.
function metricsOf(m: unknown[]): OptimizeMetrics {
  const stats = (s: unknown): OptimizeMetrics['filesAdded'] => {
    const [min, max, avg, totalFiles, totalSize] = (s as unknown[]).map(Number)
    return { min: min!, max: max!, avg: avg!, totalFiles: totalFiles!, totalSize: totalSize! }
  }
  const n = (i: number): number => Number(m[i])
  return {
    numFilesAdded: n(0),
    numFilesRemoved: n(1),
    filesAdded: stats(m[2]),
    filesRemoved: stats(m[3]),
    partitionsOptimized: n(4),
    numBatches: n(5),
    totalConsideredFiles: n(6),
    totalFilesSkipped: n(7),
    startTimeMs: n(8),
    endTimeMs: n(9),
  }
}
