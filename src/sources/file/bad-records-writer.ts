/**
 * Writes the bad records and missing files a read found under `badRecordsPath`, in Databricks'
 * layout:
 * ```
 * <badRecordsPath>/<yyyyMMdd'T'HHmmss>/bad_records/<part>.json  {"path","line","record","reason"} per line
 * <badRecordsPath>/<yyyyMMdd'T'HHmmss>/bad_files/<part>.json    {"path","reason"} per line
 * ```
 * For a streaming batch the folder is the batch's timestamp (UTC) and the part is
 * `part-<batchId, 5 digits>-<queryId>-source<i>`: both come from facts the offsets log pins for
 * the batch, so a batch run again after a crash names the same file. Each file is replaced
 * atomically (temp + fsync + rename), and a run that finds nothing removes what an earlier attempt
 * left: every batch's bad records are written exactly once, whatever happened before its commit.
 * A batch (non-streaming) read uses the time of the read and a random part name.
 */
import { randomUUID } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { SourceError } from '../../errors/index.js'
import { writeFileAtomic } from '../../internal/atomic-file.js'
import type { BadRecord } from './bad-record.js'
import { makeDirectory } from '../../internal/make-directory.js'

/** A file that could not be read, as written under `bad_files`. */
export interface BadFile {
  readonly path: string
  readonly reason: string
}

/** Where one read's bad records go. */
export interface BadRecordsTarget {
  /** The absolute `badRecordsPath`. */
  readonly root: string
  /** Names the folder (`yyyyMMdd'T'HHmmss`, UTC). */
  readonly timestampMs: number
  /** The file name without `.json`. */
  readonly part: string
  /** For error messages: `batch 7`, `the batch read`. */
  readonly what: string
}

/** The target of a streaming batch's read of source `sourceIndex`. */
export function batchBadRecordsTarget(
  root: string,
  batch: {
    readonly queryId: string
    readonly batchId: number
    readonly batchTimestampMs: number
    readonly sourceIndex: number
  },
): BadRecordsTarget {
  return {
    root,
    timestampMs: batch.batchTimestampMs,
    part: `part-${String(batch.batchId).padStart(5, '0')}-${batch.queryId}-source${batch.sourceIndex}`,
    what: `batch ${batch.batchId}`,
  }
}

/** The target of a batch (non-streaming) read started now. */
export function readBadRecordsTarget(root: string): BadRecordsTarget {
  return { root, timestampMs: Date.now(), part: `part-${randomUUID()}`, what: 'the batch read' }
}

/** `20260124T101153`: the folder of a read started at `ms`. */
export function badRecordsFolder(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '')
}

/** Writes (or, when empty, removes) the target's `bad_records` and `bad_files` files. */
export async function writeBadRecords(
  target: BadRecordsTarget,
  records: readonly BadRecord[],
  files: readonly BadFile[],
): Promise<void> {
  const folder = join(target.root, badRecordsFolder(target.timestampMs))
  const lines = (items: readonly object[]): string =>
    items.map((item) => `${JSON.stringify(item)}\n`).join('')
  await publish(folder, 'bad_records', target, lines(records.map(recordFields)), records.length)
  await publish(folder, 'bad_files', target, lines(files), files.length)
}

/** The field order of a written record (Databricks' fields, then the line). */
function recordFields(r: BadRecord): BadRecord {
  return { path: r.path, line: r.line, record: r.record, reason: r.reason }
}

async function publish(
  folder: string,
  kind: 'bad_records' | 'bad_files',
  target: BadRecordsTarget,
  content: string,
  count: number,
): Promise<void> {
  const path = join(folder, kind, `${target.part}.json`)
  try {
    if (count === 0) {
      await fs.rm(path, { force: true })
      return
    }
    await makeDirectory(join(folder, kind))
    await writeFileAtomic(path, content, 'replace')
  } catch (cause) {
    throw new SourceError(
      'SL_SOURCE_BAD_RECORDS_UNWRITABLE',
      { what: target.what, path, problem: (cause as Error).message },
      { path, option: 'badRecordsPath', cause },
    )
  }
}
