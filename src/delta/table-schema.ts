/**
 * The table schema from a metaData action's `schemaString` (PROTOCOL.md §Change Metadata: a
 * required field, the schema as Spark schema JSON). Parsed only when a reader needs the schema,
 * as Delta does: log-only work (listing files, history) still runs on a table whose metaData a
 * faulty writer left without one. Errors name the table, the log file and version that wrote the
 * metaData, and the field.
 */
import { EngineError } from '../errors/index.js'
import { schemaFromJson, type StructType } from '../types/index.js'
import type { MetadataAction } from './actions.js'

/** Where a metaData action was read: the log file (relative to the table) and its version. */
export interface ActionSource {
  readonly file: string
  readonly version: number
}

/**
 * Parses `metadata.schemaString`. A missing or non-string field is SL_DELTA_CORRUPT_LOG; a string
 * that is not a schema streamlake can read is SL_DELTA_INVALID_SCHEMA (with the parse error as
 * cause).
 */
export function tableSchema(
  tablePath: string,
  metadata: MetadataAction,
  source: ActionSource | undefined,
): StructType {
  const where = source
    ? `the metaData action in ${source.file} (version ${source.version})`
    : 'the metaData action'
  const value: unknown = (metadata as { schemaString?: unknown }).schemaString
  if (typeof value !== 'string') {
    const problem =
      value === undefined
        ? `${where} has no schemaString field (the table schema, required by the Delta protocol)`
        : `${where} has schemaString ${JSON.stringify(value)} where the schema JSON string belongs`
    throw new EngineError('SL_DELTA_CORRUPT_LOG', { path: tablePath, problem }, { path: tablePath })
  }
  try {
    return schemaFromJson(value)
  } catch (cause) {
    throw new EngineError(
      'SL_DELTA_INVALID_SCHEMA',
      {
        path: tablePath,
        problem: `the schemaString of ${where} cannot be read (${(cause as Error).message})`,
        hint: 'Read the table with Spark or delta-rs, or have its writer commit a metaData action with a valid schema.',
      },
      { path: tablePath, cause },
    )
  }
}
