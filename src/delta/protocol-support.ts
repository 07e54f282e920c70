/**
 * What streamlake implements of the protocol (PROTOCOL.md §Protocol Evolution, §Table Features;
 * delta-notes §1.3). Pure checks that throw SL_DELTA_UNSUPPORTED_FEATURE naming the feature, run
 * before any data file is read and before any commit is written.
 */
import { EngineError } from '../errors/index.js'
import type { StructType, DataType } from '../types/index.js'
import type { MetadataAction, ProtocolAction } from './actions.js'

/**
 * Reader features whose semantics we implement, in the order docs/delta.md lists them:
 * deletion vectors are applied, column mapping (name and id) resolves physical names and field
 * ids, V2 checkpoints and their sidecars are read, timestamp_ntz columns are read as local
 * date-times, values of columns widened after their file was written are read widened
 * (type-widening.ts; `typeWidening-preview` is the same feature under its Delta 3.x name);
 * vacuumProtocolCheck asks nothing of readers.
 */
export const SUPPORTED_READER_FEATURES: readonly string[] = [
  'columnMapping',
  'deletionVectors',
  'timestampNtz',
  'typeWidening',
  'typeWidening-preview',
  'v2Checkpoint',
  'vacuumProtocolCheck',
]
const READER_FEATURES: ReadonlySet<string> = new Set(SUPPORTED_READER_FEATURES)

/**
 * Reader features streamlake reads but refuses to write (its writer would not honour them). Type
 * widening: statistics of files written before a change hold narrow values that our data skipping
 * (upserts, replaceWhere) would compare as the wide type.
 */
const READ_ONLY_FEATURES: ReadonlySet<string> = new Set([
  'columnMapping',
  'deletionVectors',
  'typeWidening',
  'typeWidening-preview',
  'v2Checkpoint',
])

/**
 * Writer features we honour. Some are accepted only while the table does not actually use them
 * (checked in {@link assertWritable}): invariants, checkConstraints, generatedColumns,
 * identityColumns. domainMetadata is carried through checkpoints unchanged.
 */
const WRITER_FEATURES: ReadonlySet<string> = new Set([
  'appendOnly',
  'invariants',
  'checkConstraints',
  'generatedColumns',
  'identityColumns',
  'changeDataFeed',
  'timestampNtz',
  'domainMetadata',
  'vacuumProtocolCheck',
])

/** Throws unless we can read tables with this protocol and metadata. */
export function assertReadable(
  tablePath: string,
  protocol: ProtocolAction,
  metadata: MetadataAction,
): void {
  const reader = protocol.minReaderVersion
  const mappingMode = metadata.configuration['delta.columnMapping.mode'] ?? 'none'
  if (!['none', 'name', 'id'].includes(mappingMode))
    throw unsupported(
      tablePath,
      `column mapping mode ${mappingMode}`,
      'read',
      'delta.columnMapping.mode must be none, name or id',
    )
  // Reader version 2 is column mapping (legacy protocol), which we read.
  if (reader === 2) return
  if (reader === 3) {
    for (const f of protocol.readerFeatures ?? []) {
      if (READER_FEATURES.has(f)) continue
      throw unsupported(
        tablePath,
        `table feature ${f}`,
        'read',
        `readerFeatures ${JSON.stringify(protocol.readerFeatures)}; streamlake reads ${SUPPORTED_READER_FEATURES.join(', ')}`,
      )
    }
    return
  }
  if (reader !== 1) {
    throw unsupported(
      tablePath,
      `reader protocol version ${reader}`,
      'read',
      'streamlake reads versions 1 to 3',
    )
  }
}

/** Throws unless we can write to a table with this protocol and metadata. */
export function assertWritable(
  tablePath: string,
  protocol: ProtocolAction,
  metadata: MetadataAction,
  schema: StructType,
): void {
  assertReadable(tablePath, protocol, metadata)
  const writer = protocol.minWriterVersion
  if (writer > 7 || writer < 1) {
    throw unsupported(
      tablePath,
      `writer protocol version ${writer}`,
      'write',
      'streamlake writes versions 1 to 7',
    )
  }
  if (writer === 7) {
    for (const f of protocol.writerFeatures ?? []) {
      if (READ_ONLY_FEATURES.has(f))
        throw unsupported(
          tablePath,
          `table feature ${f}`,
          'write',
          `streamlake reads tables with ${f} but does not write them; write with Spark or delta-rs`,
        )
      if (!WRITER_FEATURES.has(f)) {
        throw unsupported(
          tablePath,
          `table feature ${f}`,
          'write',
          `writerFeatures ${JSON.stringify(protocol.writerFeatures)}`,
        )
      }
    }
  }
  // Legacy versions 3..6 (and their table features) oblige us only when the table uses them.
  const config = metadata.configuration
  const constraint = Object.keys(config).find((k) => k.startsWith('delta.constraints.'))
  if (constraint)
    throw unsupported(tablePath, 'CHECK constraints', 'write', `table property ${constraint}`)
  const mode = config['delta.columnMapping.mode'] ?? 'none'
  if (mode !== 'none')
    throw unsupported(
      tablePath,
      'column mapping',
      'write',
      `delta.columnMapping.mode=${mode}: streamlake reads such tables but does not write physical names; write with Spark or delta-rs`,
    )
  const used = findColumnMetadata(schema, [
    'delta.invariants',
    'delta.generationExpression',
    'delta.identity.start',
  ])
  if (used)
    throw unsupported(tablePath, `column metadata ${used.key}`, 'write', `column ${used.column}`)
}

/** The protocol a new table with this schema needs: (1,2), or (3,7)+timestampNtz. */
export function protocolForSchema(schema: StructType): ProtocolAction {
  if (containsType(schema, 'timestamp_ntz')) {
    return {
      minReaderVersion: 3,
      minWriterVersion: 7,
      readerFeatures: ['timestampNtz'],
      writerFeatures: ['timestampNtz'],
    }
  }
  return { minReaderVersion: 1, minWriterVersion: 2 }
}

function containsType(t: DataType, name: string): boolean {
  switch (t.type) {
    case 'struct':
      return t.fields.some((f) => containsType(f.dataType, name))
    case 'array':
      return containsType(t.elementType, name)
    case 'map':
      return containsType(t.keyType, name) || containsType(t.valueType, name)
    default:
      return t.type === name
  }
}

function findColumnMetadata(
  schema: StructType,
  keys: string[],
  prefix = '',
): { key: string; column: string } | undefined {
  for (const f of schema.fields) {
    const column = prefix + f.name
    const key = keys.find((k) => k in f.metadata)
    if (key) return { key, column }
    if (f.dataType.type === 'struct') {
      const nested = findColumnMetadata(f.dataType, keys, `${column}.`)
      if (nested) return nested
    }
  }
  return undefined
}

function unsupported(
  path: string,
  feature: string,
  operation: string,
  detail: string,
): EngineError {
  return new EngineError(
    'SL_DELTA_UNSUPPORTED_FEATURE',
    { path, feature, operation, detail },
    { path },
  )
}
