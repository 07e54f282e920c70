/**
 * `partitionOverwriteMode` for `df.write.mode('overwrite')` (Spark's `PartitionOverwriteMode`):
 * `static` (the default) replaces the whole output, `dynamic` only the partitions present in the
 * written data. The writer option wins over the session setting
 * `spark.sql.sources.partitionOverwriteMode`; Delta needs to know which of the two set it
 * (a dynamic writer option together with replaceWhere is an error, a dynamic session setting
 * gives way to a replaceWhere option).
 */
import { EngineError } from '../errors/index.js'

/** The session setting's name. @internal */
export const PARTITION_OVERWRITE_MODE_CONF = 'spark.sql.sources.partitionOverwriteMode'

/** The writer option's name. @internal */
export const PARTITION_OVERWRITE_MODE_OPTION = 'partitionOverwriteMode'

/** The resolved mode and where it came from. @internal */
export interface PartitionOverwriteMode {
  readonly dynamic: boolean
  /** True when the writer option set it (not the session). */
  readonly fromOption: boolean
}

/**
 * Resolves the mode from the writer options and the session's value (case-insensitive, as Spark
 * upper-cases both). An option other than static/dynamic is refused, as Delta's
 * `DeltaOptions.isDynamicPartitionOverwriteMode` refuses it. @internal
 */
export function partitionOverwriteMode(
  options: Readonly<Record<string, string>>,
  session: string | undefined,
): PartitionOverwriteMode {
  const option = options[PARTITION_OVERWRITE_MODE_OPTION]
  const value = (option ?? session ?? 'static').trim().toLowerCase()
  if (value !== 'static' && value !== 'dynamic')
    throw new EngineError(
      'SL_API_INVALID_OPTION',
      {
        option:
          option === undefined ? PARTITION_OVERWRITE_MODE_CONF : PARTITION_OVERWRITE_MODE_OPTION,
        problem: "must be 'STATIC' or 'DYNAMIC'",
        value: JSON.stringify(option ?? session),
        hint: 'Use dynamic to replace only the partitions present in the written data.',
      },
      {
        option:
          option === undefined ? PARTITION_OVERWRITE_MODE_CONF : PARTITION_OVERWRITE_MODE_OPTION,
      },
    )
  return { dynamic: value === 'dynamic', fromOption: option !== undefined }
}
