/**
 * `df.write.format('json'|'csv'|'parquet')`: Spark's file layout — one part file per partition
 * directory, named as Spark names them (`part-00000-<uuid>-c000.<ext>`, and
 * `part-00000-<uuid>.c000.<ext>` inside partition directories); Hive-style `col=value`
 * directories (the value as CAST(… AS STRING) with Hive's escaping, null or '' as
 * `__HIVE_DEFAULT_PARTITION__`, partition columns left out of the files); and an empty
 * `_SUCCESS` marker, which Spark's readers skip with every `_`/`.` name.
 *
 * Files are written durably under `<path>/_temporary/<uuid>/` first (readers ignore it), then
 * moved into place, as Spark's commit protocol does; overwrite deletes the old contents just
 * before the move (Spark deletes the path before its job), errorifexists fails on an existing
 * path and ignore leaves it alone. With `partitionOverwriteMode=dynamic` (partition-overwrite-mode.ts)
 * a partitioned overwrite replaces only the partition directories it writes.
 */
import { randomUUID } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { dirname, join } from 'node:path'
import { SinkError } from '../../errors/index.js'
import { syncDirectory, writeNewFileDurably } from '../../internal/atomic-file.js'
import { makeDirectory } from '../../internal/make-directory.js'
import type { Row, StructType } from '../../types/index.js'
import type { BatchWriteRequest } from '../batch-write.js'
import { partitionOverwriteMode } from '../partition-overwrite-mode.js'
import { partFileLayout, partFileName } from './part-file-layout.js'

/** Encodes the rows of one output file (partition columns already removed). @internal */
export type FileEncoder = (schema: StructType, rows: readonly Row[]) => Uint8Array

/** Writes `request` as files named `part-…<extension>` encoded by `encode`. @internal */
export async function writeFileOutput(
  request: BatchWriteRequest,
  format: string,
  extension: string,
  encode: FileEncoder,
): Promise<void> {
  const { path, mode, schema } = request
  const overwriteMode = partitionOverwriteMode(
    request.options,
    request.sessionPartitionOverwriteMode,
  )
  const exists = await pathExists(path)
  if (exists && mode === 'errorifexists')
    throw new SinkError('SL_SINK_PATH_EXISTS', { path, format }, { path })
  if (exists && mode === 'ignore') return
  const partitionColumns = request.partitionBy ?? []
  const layout = partFileLayout(path, schema, partitionColumns, request.rows, request.timeZone)
  const staging = join(path, '_temporary', randomUUID())
  const files: string[] = []
  const uuid = randomUUID()
  for (const group of layout.groups) {
    const relative = partFileName(group.dir, files.length, uuid, extension)
    const target = join(staging, ...relative.split('/'))
    await makeDirectory(dirname(target))
    await writeNewFileDurably(target, encode(layout.dataSchema, group.rows))
    files.push(relative)
  }
  // Dynamic: each written partition directory replaces the old one and other partitions stay
  // (Spark's HadoopMapReduceCommitProtocol with dynamicPartitionOverwrite); it only applies to a
  // partitioned write, an unpartitioned one replaces everything as static does.
  const dynamic = partitionColumns.length > 0 && overwriteMode.dynamic
  if (exists && mode === 'overwrite' && !dynamic) await clearDirectory(path)
  if (exists && mode === 'overwrite' && dynamic)
    for (const dir of new Set(files.map((f) => dirname(f))))
      await fs.rm(join(path, ...dir.split('/')), { recursive: true, force: true })
  for (const relative of files) {
    const target = join(path, ...relative.split('/'))
    await makeDirectory(dirname(target))
    await fs.rename(join(staging, ...relative.split('/')), target)
    await syncDirectory(dirname(target))
  }
  await fs.rm(staging, { recursive: true, force: true })
  await fs.rmdir(join(path, '_temporary')).catch(() => undefined) // another writer may use it
  await fs.rm(join(path, '_SUCCESS'), { force: true })
  await writeNewFileDurably(join(path, '_SUCCESS'), new Uint8Array(0))
  await syncDirectory(path)
}

async function pathExists(path: string): Promise<boolean> {
  try {
    await fs.stat(path)
    return true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw e
  }
}

/** Deletes everything in `path` except the staging directory of this write. */
async function clearDirectory(path: string): Promise<void> {
  for (const entry of await fs.readdir(path)) {
    if (entry === '_temporary') continue
    await fs.rm(join(path, entry), { recursive: true, force: true })
  }
}
