/**
 * The Parquet file source (`readStream.format('parquet')`) against Spark's, over files Spark
 * wrote (snappy, INT96 timestamps, decimals, arrays, structs, NULLs, NaN/Infinity): same rows
 * and schema, and a user schema naming a column the files lack (read as NULL).
 */
import { join } from 'node:path'
import { oracleCall } from '../support/oracle-client.js'
import { defineScenarios } from '../support/scenario.js'

const SCHEMA =
  'id INT, big BIGINT, s STRING, d DOUBLE, ok BOOLEAN, ts TIMESTAMP, day DATE, ' +
  'amount DECIMAL(10,2), tags ARRAY<STRING>, pt STRUCT<x: INT, y: STRING>'

const sparkWritesInput = async (root: string) => {
  await oracleCall('parquet_source', 'write_input', { path: join(root, 'input') })
  return { ours: {}, spark: {} }
}

export const parquetSourceScenarios = defineScenarios(
  {
    name: 'Parquet source over files Spark wrote (all types, nulls, NaN)',
    format: 'parquet',
    input: { files: [] },
    setup: sparkWritesInput,
    schema: SCHEMA,
    readOptions: { maxFilesPerTrigger: null },
  },
  {
    name: 'Parquet source: a schema column missing from the files reads as NULL, order by schema',
    format: 'parquet',
    input: { files: [] },
    setup: sparkWritesInput,
    schema: 'extra STRING, s STRING, id INT',
    readOptions: { maxFilesPerTrigger: null },
  },
  {
    name: 'Parquet source: a STRING column read as INT fails on both engines',
    format: 'parquet',
    input: { files: [] },
    setup: sparkWritesInput,
    schema: 'id INT, s INT',
    readOptions: { maxFilesPerTrigger: null },
    expectFailure: true,
  },
  {
    name: 'Parquet source: INT read as BIGINT, DECIMAL(10,2) as DECIMAL(12,3) (widening)',
    format: 'parquet',
    input: { files: [] },
    setup: sparkWritesInput,
    schema: 'id BIGINT, d DOUBLE, amount DECIMAL(12,3)',
    readOptions: { maxFilesPerTrigger: null },
  },
)
