/**
 * Reads the rows of a snapshot (PROTOCOL.md §Data Files; delta-notes §7 step 6): every live file,
 * with partition columns filled from `partitionValues` (both timestamp spellings, null for null or
 * empty; a `__HIVE_DEFAULT_PARTITION__` string is that string, as in Spark) and schema columns
 * missing from a file read as null.
 * `add.path` is a URI relative to the table root (or absolute) and is decoded once.
 */
import { EngineError } from '../errors/index.js'
import type { Row, StructField } from '../types/index.js'
import { readFileRows } from './file-reader.js'
import type { Snapshot } from './snapshot.js'

/** Options of {@link readSnapshotRows}. */
export interface ReadSnapshotOptions {
  /** Columns to return, in this order (default: every schema column in schema order). */
  columns?: readonly string[]
}

/** All rows of the snapshot, positional per the schema (or per `options.columns`). */
export async function readSnapshotRows(
  snapshot: Snapshot,
  options: ReadSnapshotOptions = {},
): Promise<Row[]> {
  const schema = snapshot.schema
  const fields: StructField[] = (options.columns ?? schema.fields.map((f) => f.name)).map(
    (name) => {
      const f = schema.fields.find((x) => x.name === name)
      if (!f) {
        throw new EngineError('SL_DELTA_INVALID_SCHEMA', {
          path: snapshot.tablePath,
          problem: `column ${name} does not exist`,
          hint: `Choose among ${schema.fields.map((x) => x.name).join(', ')}.`,
        })
      }
      return f
    },
  )
  // All live files, a bounded number at a time (memory stays proportional to the result).
  return (await readFileRows(snapshot, snapshot.files, 8, fields)).flat()
}

export { resolveDataPath } from './file-reader.js'
