import { defineMessages } from './catalogue-entry.js'

/** Source codes of the connectors and their factory (the parsers' codes are in source.ts). */
export const SOURCE_CONNECTOR_MESSAGES = defineMessages({
  SL_SOURCE_BAD_RECORDS_UNWRITABLE: {
    domain: 'user',
    retryable: true,
    template:
      'Cannot write the bad records of <what> to <path> (option badRecordsPath): <problem>. ' +
      'Make badRecordsPath a writable directory with free space, then run again: a streaming batch runs again from its start and writes its bad records once.',
  },
  SL_SOURCE_FILE_MISSING: {
    domain: 'user',
    retryable: false,
    template:
      'The input file <path> was admitted into batch <batchId> but no longer exists (<count> missing file(s) in this batch). ' +
      'A batch reads the same files after every restart, so they must stay until the batch is committed. ' +
      'Restore the file and restart the query, or set the source option ignoreMissingFiles=true to skip missing files (as Spark does) — the rows of a skipped file are then lost to this query.',
  },
  SL_SOURCE_FILE_UNREADABLE: {
    domain: 'external',
    retryable: true,
    template:
      'Cannot read the input file <path>: <problem>. Check that it exists and is readable; it was admitted into a batch and must stay until the batch is committed.',
  },
  SL_SOURCE_LOG_ENTRY_MISSING: {
    domain: 'user',
    retryable: false,
    template:
      'The source log entry <entry> is missing from <path>. The checkpoint is incomplete, so the batch that reads this entry cannot get its files again. Restore the entry from a backup of the checkpoint that holds it (entries never change once written, so any copy is the right one) and start the query again. To start over instead, stop the query, delete both its checkpoint and its output table, and run it again: it reads all its input again (see Start over in docs/checkpoints.md). A new checkpointLocation alone would write every row to the old table a second time.',
  },
  SL_SOURCE_PATH_NOT_FOUND: {
    domain: 'user',
    retryable: false,
    template:
      'The input path <path> does not exist or is not a directory. Create it (streamlake generate --out <path> writes events there) or fix the path given to load().',
  },
  SL_SOURCE_PATH_REQUIRED: {
    domain: 'user',
    retryable: false,
    template: 'The <format> source needs a path. Pass it to load("<dir>").',
  },
  SL_SOURCE_SCHEMA_REQUIRED: {
    domain: 'user',
    retryable: false,
    template:
      'A streaming <format> source needs a schema (reading <path>), as in Spark. Call .schema("event_id STRING, timestamp TIMESTAMP, ...") on readStream before load().',
  },
  SL_SOURCE_TABLE_NOT_FOUND: {
    domain: 'user',
    retryable: false,
    template:
      'There is no Delta table at <path> (<reason>). Check the path; a streaming query creates its table when its first batch commits.',
  },
  SL_SOURCE_UNKNOWN_FORMAT: {
    domain: 'user',
    retryable: false,
    template: 'Unknown source format <format>. Supported formats: <known>.',
  },
})
