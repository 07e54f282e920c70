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
  SL_SOURCE_DELTA_COMMIT_MISSING: {
    domain: 'user',
    retryable: false,
    template:
      'The stream from the Delta table <path> must read version <version> next, but that commit is no longer in its _delta_log (the earliest commit there is <earliest>): log clean-up removed it before the query read it. ' +
      'Keep the log longer than the query may stop (table property delta.logRetentionDuration). To go on and lose the rows in between, delete both the checkpoint and the output table and start the query again with option startingVersion set to <earliest> or later; a new checkpoint alone would write every row to that table a second time.',
  },
  SL_SOURCE_DELTA_DATA_CHANGED: {
    domain: 'user',
    retryable: false,
    template:
      'Detected a data update (for example <file>) in the source table at version <version>: a streaming read of <path> cannot take rewritten files (UPDATE, MERGE, DELETE of some rows, an overwrite). ' +
      "If it is going to happen regularly and you are okay to skip such changes, set the option skipChangeCommits to 'true' (the whole commit is skipped; ignoreChanges=true reads its new files again instead, with duplicates). " +
      'If the update must be reflected, start the query again with a fresh checkpoint and an empty output table.',
  },
  SL_SOURCE_DELTA_DATA_DELETED: {
    domain: 'user',
    retryable: false,
    template:
      'Detected deleted data (for example <file>) in the source table at version <version>: a streaming read of <path> cannot take deletes. ' +
      "If you'd like to ignore deletes, set the option ignoreDeletes to 'true' (or skipChangeCommits to 'true', which skips every commit that removes files).",
  },
  SL_SOURCE_DELTA_OFFSET_INVALID: {
    domain: 'user',
    retryable: false,
    template:
      'The checkpoint holds an offset for the Delta source of <path> that is not a Delta source offset: <offset>. It was edited, or it is the checkpoint of a query with other sources: restore it from a backup. To start over instead, delete both the checkpoint and the output table (a new checkpoint alone would write every row to that table a second time).',
  },
  SL_SOURCE_DELTA_SCHEMA_CHANGED: {
    domain: 'user',
    retryable: true,
    template:
      'The schema of the Delta table <path> changed at version <version> after the query started: the query reads with <readSchema> (the table at version <readVersion>), the data from version <version> on has <dataSchema>. ' +
      'Restart the query: it then reads with the newest schema of the table and goes on from where it stopped, every row once (Delta: DELTA_SCHEMA_CHANGED_WITH_VERSION). A downstream query or table must accept the new schema.',
  },
  SL_SOURCE_DELTA_SCHEMA_INCOMPATIBLE: {
    domain: 'user',
    retryable: false,
    template:
      'Version <version> of the Delta table <path> has data the stream cannot read with its schema: the stream reads with <readSchema> (the table at version <readVersion>), version <version> has <dataSchema> (a column dropped, a type changed other than a widening, a nullable column read as NOT NULL, or other partition columns). ' +
      'A restart reads with the same schema and fails again (Delta: DELTA_SCHEMA_CHANGED_WITH_VERSION / _WITH_STARTING_OPTIONS). Start a new query — a new checkpoint and an empty output table — with option startingVersion after <version>, or without startingVersion to read the table as it is now.',
  },
  SL_SOURCE_DELTA_SCHEMA_NOT_ADDITIVE: {
    domain: 'user',
    retryable: false,
    template:
      "The Delta table <path> renamed or dropped a column (column mapping) or changed its partition columns between version <version> and the stream's schema: the stream reads with <readSchema> (the table at version <readVersion>), version <version> has <dataSchema>. " +
      'A Delta stream cannot read across such a change without a schema tracking log (option schemaTrackingLocation), which streamlake does not support, so a restart fails again (Delta: DELTA_STREAMING_INCOMPATIBLE_SCHEMA_CHANGE_USE_SCHEMA_LOG). Start a new query — a new checkpoint and an empty output table — without startingVersion (the table as it is now), or with a startingVersion at or after the change.',
  },
  SL_SOURCE_DELTA_TABLE_CHANGED: {
    domain: 'user',
    retryable: false,
    template:
      'The Delta source of this query read table <oldTableId>, but the table at <path> is now table <newTableId> (it was deleted and created again). ' +
      "The checkpoint cannot continue on another table: to read the new table from its start, delete both the checkpoint and the output table and run the query again (a new checkpoint alone would write rows of the new table next to the old table's rows).",
  },
  SL_SOURCE_DELTA_TIMESTAMP_AFTER_LATEST: {
    domain: 'user',
    retryable: false,
    template:
      'Option startingTimestamp <timestamp> of the Delta source is after the newest commit of <path> (made at <latest>). ' +
      "Use a time at or before it, or startingVersion 'latest' to read only commits made from now on.",
  },
  SL_SOURCE_DELTA_VERSION_NOT_FOUND: {
    domain: 'user',
    retryable: false,
    template:
      'Option startingVersion <version> of the Delta source is after the newest version of <path> (<latest>). ' +
      "Choose an existing version (`streamlake table history <path>` lists them) or use startingVersion 'latest' to read only commits made from now on.",
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
