/**
 * The Delta writer options of `df.write.format('delta')` (Delta's `DeltaOptions`): `mergeSchema`,
 * `overwriteSchema`, `replaceWhere`, `userMetadata`, `partitionOverwriteMode`
 * (read by partition-overwrite-mode.ts), and `txnAppId` + `txnVersion` (idempotent
 * writes: a write whose appId already committed a version >= txnVersion is skipped). Checked
 * before anything is read or written.
 */
import { EngineError } from '../../errors/index.js'

/** Parsed Delta write options. @internal */
export interface DeltaWriteOptions {
  readonly mergeSchema: boolean
  readonly overwriteSchema: boolean
  readonly replaceWhere: string | undefined
  readonly userMetadata: string | undefined
  readonly txn: { readonly appId: string; readonly version: number } | undefined
}

/** Every option name of the Delta batch writer. @internal */
export const DELTA_WRITE_OPTIONS = [
  'mergeSchema',
  'overwriteSchema',
  'replaceWhere',
  'userMetadata',
  'txnAppId',
  'txnVersion',
  'partitionOverwriteMode',
] as const

/** Reads and checks the options. @internal */
export function deltaWriteOptions(options: Readonly<Record<string, string>>): DeltaWriteOptions {
  const appId = options['txnAppId']
  const versionText = options['txnVersion']
  if ((appId === undefined) !== (versionText === undefined))
    throw invalid(
      appId === undefined ? 'txnAppId' : 'txnVersion',
      'is missing',
      'none',
      'Idempotent writes need both txnAppId (a stable id of the writing application) and txnVersion (a number that grows with each write).',
    )
  let txn: DeltaWriteOptions['txn']
  if (appId !== undefined && versionText !== undefined) {
    if (appId === '') throw invalid('txnAppId', 'must not be empty', '""', 'Use a stable id.')
    const version = Number(versionText)
    if (!/^\d+$/.test(versionText.trim()) || !Number.isSafeInteger(version))
      throw invalid(
        'txnVersion',
        'must be a non-negative integer',
        JSON.stringify(versionText),
        'In foreachBatch, pass the batch id.',
      )
    txn = { appId, version }
  }
  const replaceWhere = options['replaceWhere']
  if (replaceWhere !== undefined && replaceWhere.trim() === '')
    throw invalid('replaceWhere', 'must not be empty', '""', 'Example: "day = \'2026-01-01\'".')
  return {
    mergeSchema: flag(options, 'mergeSchema'),
    overwriteSchema: flag(options, 'overwriteSchema'),
    replaceWhere,
    userMetadata: options['userMetadata'],
    txn,
  }
}

/** A boolean option (`true`/`false`, any case), false when absent. @internal */
export function flag(options: Readonly<Record<string, string>>, name: string): boolean {
  const v = options[name]
  if (v === undefined) return false
  const lower = v.trim().toLowerCase()
  if (lower === 'true') return true
  if (lower === 'false') return false
  throw invalid(name, 'must be true or false', JSON.stringify(v), '')
}

function invalid(option: string, problem: string, value: string, hint: string): EngineError {
  return new EngineError('SL_API_INVALID_OPTION', { option, problem, value, hint }, { option })
}
