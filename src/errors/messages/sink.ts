import { defineMessages } from './catalogue-entry.js'

export const SINK_MESSAGES = defineMessages({
  SL_SINK_FILE_LOG_CONFLICT: {
    domain: 'user',
    retryable: false,
    template:
      'Batch <batchId> of the file sink log <path> was written by another query while this one wrote it: two queries write to the same output directory. Stop one of them and give each query its own output directory.',
  },
  SL_SINK_FILE_LOG_INVALID: {
    domain: 'user',
    retryable: false,
    template:
      "The file sink log <path> cannot be read: <problem>. The files under _spark_metadata are written by the streaming file sink only; restore the file from a backup, or, if the output can be rebuilt, delete the output directory with its _spark_metadata and the query's checkpoint and run the query again.",
  },
  SL_SINK_FOREACH_BATCH_FAILED: {
    domain: 'user',
    retryable: true,
    template:
      'The foreachBatch function failed on batch <batch>: <message>. The batch was not committed; fix the cause and restart the query, and it will be delivered again with the same batch id.',
  },
  SL_SINK_PARTITION_COLUMNS_MISMATCH: {
    domain: 'user',
    retryable: false,
    template:
      "Partition columns do not match the partition columns of the Delta table <path>: the write gives <given>, the table has <table>. Leave out partitionBy (the table's partitioning is used), or replace the table's partitioning with mode('overwrite') and .option('overwriteSchema', 'true').",
  },
  SL_SINK_PATH_EXISTS: {
    domain: 'user',
    retryable: false,
    template:
      "Cannot write <format> to <path>: the path already exists and the save mode is errorifexists (the default of df.write). Use .mode('append') to add to it, .mode('overwrite') to replace it, .mode('ignore') to leave it as it is, or write to a new path.",
  },
  SL_SINK_REPLACE_WHERE_MISMATCH: {
    domain: 'user',
    retryable: false,
    template:
      "Written data does not conform to the partial table overwrite condition replaceWhere '<predicate>' of the Delta table <path>: <count> row(s) do not match it, e.g. row <row>. Nothing was written. Filter the DataFrame with the same condition before writing, or widen the replaceWhere predicate.",
  },
  SL_SINK_SCHEMA_MISMATCH: {
    domain: 'user',
    retryable: false,
    template:
      "The query's schema does not match the Delta table <path>: the table has <table>, the query produces <query>. Write to a new table path, change the query to produce the table's columns, or set .option('mergeSchema', 'true') to add the query's new columns to the table.",
  },
  SL_SINK_SCHEMA_NEW_COLUMNS: {
    domain: 'user',
    retryable: false,
    template:
      "A schema mismatch detected when writing to the Delta table <path>: the data has column(s) <columns> that the table does not have (table schema: <table>; data schema: <data>). To add them to the table, set .option('mergeSchema', 'true'); to replace the table's schema in an overwrite, set .option('overwriteSchema', 'true'); otherwise drop the columns before writing.",
  },
  SL_SINK_SCHEMA_TYPE_MISMATCH: {
    domain: 'user',
    retryable: false,
    template:
      "Failed to merge column <column> into the Delta table <path>: the table has type <tableType>, the data has <dataType> (mergeSchema does not change a column's type). Cast the column to <tableType> before writing, or replace the table's schema with mode('overwrite') and .option('overwriteSchema', 'true').",
  },
  SL_SINK_UNSUPPORTED_OUTPUT_MODE: {
    domain: 'user',
    retryable: false,
    template: '<mode> output mode is not supported by <sink>. <hint>',
  },
  SL_SINK_UNSUPPORTED_TYPE: {
    domain: 'user',
    retryable: false,
    template: 'The <format> writer cannot write column <column> of type <type>. <hint>',
  },
  SL_SINK_UPSERT_KEY_NOT_FOUND: {
    domain: 'user',
    retryable: false,
    template:
      'Update mode into the Delta table <path> upserts by the grouping keys, but the key <column> is not a column of the query output (<columns>). Keep every grouping column in the output (do not drop or rename it after the aggregation), or write with append or complete mode.',
  },
  SL_SINK_UPSERT_PARTITIONED_TABLE: {
    domain: 'user',
    retryable: false,
    template:
      'Update mode cannot upsert into the Delta table <path>: it is partitioned by <columns>, and the upsert writes unpartitioned files. Write to a new table path (without partitionBy the sink creates an unpartitioned table), or use append or complete mode.',
  },
})
