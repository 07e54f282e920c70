/**
 * Rows given inline (`spark.createDataFrame(rows, schema)`) as a Connect `LocalRelation`: the
 * rows as one Arrow IPC stream and the schema as Spark's JSON, which is what PySpark sends
 * (pyspark/sql/connect/plan.py, LocalRelation). The columns are encoded by the same code as our
 * Delta data files (Arrow types Spark reads: int64 longs, µs UTC timestamps, day dates).
 */
import * as arrow from 'apache-arrow'
import type { MessageInitShape } from '@bufbuild/protobuf'
import { arrowFieldFor } from '../delta/arrow-type.js'
import { encodeColumn } from '../delta/column-encoder.js'
import type { LocalRelationNode } from '../plan/nodes/index.js'
import { schemaToJson } from '../types/index.js'
import type { LocalRelationSchema } from './gen/relations_pb.js'

/** @internal */
export function localRelation(
  node: LocalRelationNode,
): MessageInitShape<typeof LocalRelationSchema> {
  const fields = node.schema.fields
  const data = fields.map(
    (f, c) =>
      encodeColumn(
        f.dataType,
        node.rows.map((r) => r[c]),
        f.name,
        f.nullable,
      ).data,
  )
  const arrowFields = fields.map(arrowFieldFor)
  const batch = new arrow.RecordBatch(
    new arrow.Schema(arrowFields),
    arrow.makeData({
      type: new arrow.Struct(arrowFields),
      length: node.rows.length,
      nullCount: 0,
      children: data,
    }),
  )
  return {
    data: arrow.tableToIPC(new arrow.Table([batch]), 'stream'),
    schema: schemaToJson(node.schema),
  }
}
