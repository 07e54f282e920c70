/**
 * The `metaData` action of a new table (PROTOCOL.md §Change Metadata, §Schema Serialization
 * Format; delta-notes §3.2, §4). Every field kernel-based readers treat as non-nullable is written,
 * even when empty. Column names are validated as Spark does without column mapping.
 */
import { randomUUID } from 'node:crypto'
import { EngineError } from '../errors/index.js'
import { schemaToJson, type DataType, type StructType } from '../types/index.js'
import type { MetadataAction } from './actions.js'

/** Options of {@link newTableMetadata}. */
export interface NewTableMetadataOptions {
  partitionColumns?: readonly string[]
  configuration?: Readonly<Record<string, string>>
  name?: string
  description?: string
  /** Used in error messages only. */
  tablePath?: string
}

const INVALID_NAME_CHARS = /[ ,;{}()\n\t=]/

/** Builds the metaData action for a new table with this schema. */
export function newTableMetadata(
  schema: StructType,
  options: NewTableMetadataOptions = {},
): MetadataAction {
  const path = options.tablePath ?? '(new table)'
  validateNames(schema, path, '')
  const partitionColumns = [...(options.partitionColumns ?? [])]
  for (const c of partitionColumns) {
    const f = schema.fields.find((x) => x.name === c)
    if (!f)
      throw invalid(
        path,
        `partition column ${c} is not in the schema`,
        'Partition by top-level columns of the schema.',
      )
    if (isNested(f.dataType))
      throw invalid(
        path,
        `partition column ${c} has nested type ${f.dataType.type}`,
        'Partition by a column of an atomic type.',
      )
  }
  if (partitionColumns.length > 0 && partitionColumns.length === schema.fields.length) {
    throw invalid(path, 'every column is a partition column', 'Keep at least one data column.')
  }
  const metadata: MetadataAction = {
    id: randomUUID(),
    format: { provider: 'parquet', options: {} },
    schemaString: schemaToJson(schema),
    partitionColumns,
    configuration: { ...(options.configuration ?? {}) },
    createdTime: Date.now(),
  }
  if (options.name !== undefined) metadata.name = options.name
  if (options.description !== undefined) metadata.description = options.description
  return metadata
}

function validateNames(schema: StructType, path: string, prefix: string): void {
  const seen = new Set<string>()
  for (const f of schema.fields) {
    const column = prefix + f.name
    if (f.name === '' || INVALID_NAME_CHARS.test(f.name)) {
      throw invalid(
        path,
        `column name ${JSON.stringify(column)} contains one of ' ,;{}()\\n\\t=' or is empty`,
        'Rename the column (Spark rejects these names without column mapping).',
      )
    }
    const lower = f.name.toLowerCase()
    if (seen.has(lower))
      throw invalid(
        path,
        `column ${column} appears twice (names are case-insensitive)`,
        'Rename one of the columns.',
      )
    seen.add(lower)
    if (f.dataType.type === 'struct') validateNames(f.dataType, path, `${column}.`)
  }
}

function isNested(t: DataType): boolean {
  return t.type === 'struct' || t.type === 'array' || t.type === 'map'
}

function invalid(path: string, problem: string, hint: string): EngineError {
  return new EngineError('SL_DELTA_INVALID_SCHEMA', { path, problem, hint }, { path })
}
