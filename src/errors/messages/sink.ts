import { defineMessages } from './catalogue-entry.js'

export const SINK_MESSAGES = defineMessages({
  SL_SINK_FOREACH_BATCH_FAILED: {
    domain: 'user',
    retryable: true,
    template:
      'The foreachBatch function failed on batch <batch>: <message>. The batch was not committed; fix the cause and restart the query, and it will be delivered again with the same batch id.',
  },
  SL_SINK_SCHEMA_MISMATCH: {
    domain: 'user',
    retryable: false,
    template:
      "The query's schema does not match the Delta table <path>: the table has <table>, the query produces <query>. Write to a new table path, or change the query to produce the table's columns (schema evolution is not supported yet).",
  },
  SL_SINK_UNSUPPORTED_OUTPUT_MODE: {
    domain: 'user',
    retryable: false,
    template: '<mode> output mode is not supported by <sink>. <hint>',
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
      'Update mode cannot upsert into the Delta table <path>: it is partitioned by <columns>, and the upsert writes unpartitioned files. Write to a new table path (the sink creates unpartitioned tables), or use append or complete mode.',
  },
})
