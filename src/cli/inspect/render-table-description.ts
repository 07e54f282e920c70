/** The text of `streamlake table describe`, laid out for an 80-column terminal. */
import { treeString } from '../../api/dataframe.js'
import type { TableDescription } from './table-description.js'
import { formatBytes, labelled, textTable, wrap } from './text-format.js'

export function renderTableDescription(d: TableDescription): string {
  const p = d.protocol
  const features = [...(p.readerFeatures ?? []), ...(p.writerFeatures ?? [])]
  let out = wrap(`delta table ${d.path}`, '', '  ')
  out += labelled([
    ['version', String(d.version)],
    ['table id', d.id],
    ...(d.name !== null ? [['name', d.name] as const] : []),
    ...(d.description !== null ? [['description', d.description] as const] : []),
    ['created', d.createdTime ?? 'unknown'],
    [
      'last commit',
      d.lastCommit
        ? `${d.lastCommit.operation} at ${d.lastCommit.timestamp}${d.lastCommit.engineInfo ? ` by ${d.lastCommit.engineInfo}` : ''}`
        : 'unknown (commit file cleaned up)',
    ],
    [
      'protocol',
      `reader ${p.minReaderVersion}, writer ${p.minWriterVersion}${features.length > 0 ? `, features: ${[...new Set(features)].join(', ')}` : ''}`,
    ],
    ['format', d.format],
    [
      'files',
      `${d.numFiles} live, ${formatBytes(d.sizeInBytes)}${d.numRecords !== null ? `, ${d.numRecords} rows` : ''}`,
    ],
    ['partitioned by', d.partitionColumns.length > 0 ? d.partitionColumns.join(', ') : 'nothing'],
  ])
  out += '\nschema\n'
  out += treeString(d.schema)
  const props = Object.entries(d.properties)
  out += `\nproperties\n${props.length === 0 ? '  none\n' : labelled(props.map(([k, v]) => [k, v]))}`
  out += '\nstreaming writers (last txn per appId: query id → last batch id written)\n'
  out +=
    d.txns.length === 0
      ? '  none (no streaming query has written this table)\n'
      : textTable(
          ['APP ID', 'VERSION'],
          d.txns.map((t) => [t.appId, String(t.version)]),
          new Set([1]),
        )
  return out
}
