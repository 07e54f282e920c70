/**
 * Names of the files in `_delta_log/` (PROTOCOL.md §Delta Log Entries, §Checkpoints, §Checkpoint
 * Naming Scheme). Names are matched with exact full patterns so that everything else a table may
 * hold — `.crc` checksums, Hadoop `.x.crc` files, Spark `.x.tmp` and delta-rs `x#1` staging files,
 * `x.y.compacted.json` compactions — is ignored rather than misread.
 *
 * ```
 * 00000000000000000007.json                                  commit of version 7
 * 00000000000000000010.checkpoint.parquet                    classic checkpoint
 * 00000000000000000010.checkpoint.0000000001.0000000002.parquet  multi-part checkpoint, part 1 of 2
 * 00000000000000000010.checkpoint.<uuid>.json|parquet        V2 checkpoint
 * _sidecars/<version>.checkpoint.<i>.<n>.<uuid>.parquet        file actions of a V2 checkpoint
 * _last_checkpoint                                           hint: newest checkpoint
 * ```
 */

/** A `_delta_log` entry streamlake understands. */
export type LogFileName =
  | { kind: 'commit'; version: number; name: string }
  | { kind: 'checkpoint'; version: number; name: string; part: number; parts: number }
  | { kind: 'v2-checkpoint'; version: number; name: string }

const COMMIT = /^(\d{20})\.json$/
const CLASSIC_CHECKPOINT = /^(\d{20})\.checkpoint\.parquet$/
const MULTI_PART_CHECKPOINT = /^(\d{20})\.checkpoint\.(\d{10})\.(\d{10})\.parquet$/
const V2_CHECKPOINT = /^(\d{20})\.checkpoint\.[0-9a-fA-F-]{36}\.(json|parquet)$/

/** The name of the `_last_checkpoint` hint file. */
export const LAST_CHECKPOINT_FILE = '_last_checkpoint'

/** Zero-pads a version to the 20 digits every log file name uses. */
export function paddedVersion(version: number): string {
  return String(version).padStart(20, '0')
}

/** `%020d.json`. */
export function commitFileName(version: number): string {
  return `${paddedVersion(version)}.json`
}

/** `%020d.checkpoint.parquet` (classic single-file V1 checkpoint). */
export function checkpointFileName(version: number): string {
  return `${paddedVersion(version)}.checkpoint.parquet`
}

/** Classifies a `_delta_log` file name, or returns undefined for files a reader must ignore. */
export function parseLogFileName(name: string): LogFileName | undefined {
  let m = COMMIT.exec(name)
  if (m) return { kind: 'commit', version: Number(m[1]), name }
  m = CLASSIC_CHECKPOINT.exec(name)
  if (m) return { kind: 'checkpoint', version: Number(m[1]), name, part: 1, parts: 1 }
  m = MULTI_PART_CHECKPOINT.exec(name)
  if (m)
    return {
      kind: 'checkpoint',
      version: Number(m[1]),
      name,
      part: Number(m[2]),
      parts: Number(m[3]),
    }
  m = V2_CHECKPOINT.exec(name)
  if (m) return { kind: 'v2-checkpoint', version: Number(m[1]), name }
  return undefined
}
