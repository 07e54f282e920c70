import { defineMessages } from './catalogue-entry.js'

export const DELTA_MESSAGES = defineMessages({
  SL_DELTA_APPEND_ONLY: {
    domain: 'user',
    retryable: false,
    template:
      'Cannot remove data from Delta table <path>: it is append-only (delta.appendOnly=true) and the commit removes <count> file(s). Use Append output mode, or unset delta.appendOnly on the table if deleting data is intended.',
  },
  SL_DELTA_COMMIT_FAILED: {
    domain: 'external',
    retryable: true,
    template:
      'Could not commit version <version> of Delta table <path> after <attempts> attempts: other writers kept winning each version. Reduce the number of concurrent writers or retry later.',
  },
  SL_DELTA_CONCURRENT_TRANSACTION: {
    domain: 'user',
    retryable: false,
    template:
      'Delta table <path>: version <version> was committed concurrently by another writer that also wrote transaction appId <appId>. Two instances of the same streaming query are writing to this table; stop one of them (each query needs its own checkpoint location).',
  },
  SL_DELTA_CONFLICT: {
    domain: 'external',
    retryable: true,
    template:
      'Delta table <path>: concurrent commit <version> conflicts with this transaction (<reason>). Re-read the table and retry the operation.',
  },
  SL_DELTA_CORRUPT_LOG: {
    domain: 'external',
    retryable: false,
    template:
      'Delta log of table <path> is corrupt: <problem>. The table cannot be read safely; restore the named file from a backup or recreate the table.',
  },
  SL_DELTA_DATA_FILE_NOT_FOUND: {
    domain: 'external',
    retryable: false,
    template:
      'Data file <file> of Delta table <path> (version <version>) does not exist. It was probably removed by VACUUM or by hand; read a newer version of the table or restore the file.',
  },
  SL_DELTA_HARD_LINK_UNSUPPORTED: {
    domain: 'external',
    retryable: false,
    template:
      'Cannot commit to Delta table <path>: the filesystem does not support hard links (<errorCode>), which streamlake needs for atomic put-if-absent commits. Put the table on a local POSIX filesystem (ext4, xfs, apfs, NTFS).',
  },
  SL_DELTA_INVALID_ACTION: {
    domain: 'user',
    retryable: false,
    template: 'Invalid Delta action for table <path>: <problem>. <hint>',
  },
  SL_DELTA_INVALID_SCHEMA: {
    domain: 'user',
    retryable: false,
    template: 'Invalid schema for Delta table <path>: <problem>. <hint>',
  },
  SL_DELTA_MERGE_MULTIPLE_MATCHES: {
    domain: 'user',
    retryable: false,
    template:
      "MERGE into Delta table <path>: <count> target row(s) matched more than one source row under the condition <condition> (e.g. the target row <row>), so it is ambiguous which source row updates or deletes it (Delta's DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE). Nothing was written. Make the source rows unique per join key (e.g. dropDuplicates on the key, or keep the latest row per key with a window/aggregation) or make the condition match at most one source row per target row.",
  },
  SL_DELTA_MISSING_METADATA: {
    domain: 'external',
    retryable: false,
    template:
      'Delta table <path> has no <action> action at version <version>: the log cannot be reconstructed. Every table needs protocol and metaData in version 0 or in a checkpoint; restore the missing log files.',
  },
  SL_DELTA_NON_PARTITION_PREDICATE: {
    domain: 'user',
    retryable: false,
    template:
      'OPTIMIZE of Delta table <path>: the predicate <predicate> references <column>, which is not a partition column. Only the partition columns may be referenced (<partitionColumns>); OPTIMIZE compacts whole partitions.',
  },
  SL_DELTA_RESTORE_FILES_MISSING: {
    domain: 'user',
    retryable: false,
    template:
      'Cannot restore Delta table <path> to version <version>: <count> of its data files no longer exist (<files>), probably deleted by VACUUM. Restore a more recent version or timestamp.',
  },
  SL_DELTA_ROW_MISMATCH: {
    domain: 'user',
    retryable: false,
    template: 'Cannot write row <row> to Delta table <path>: <problem>. <hint>',
  },
  SL_DELTA_TABLE_NOT_FOUND: {
    domain: 'user',
    retryable: false,
    template:
      'Delta table <path> does not exist (no commits in <path>/_delta_log). Check the path, or write to it first to create the table.',
  },
  SL_DELTA_TIMESTAMP_NOT_FOUND: {
    domain: 'user',
    retryable: false,
    template:
      'Delta table <path> has no version at <timestamp>: its commits range from <earliest> to <latest>. Choose a timestamp in that range, or a version.',
  },
  SL_DELTA_UNSUPPORTED_FEATURE: {
    domain: 'user',
    retryable: false,
    template:
      'Delta table <path> uses <feature>, which streamlake cannot <operation> yet (<detail>). Read it with Spark or delta-rs, or recreate the table without that feature.',
  },
  SL_DELTA_VACUUM_RETENTION_TOO_SHORT: {
    domain: 'user',
    retryable: false,
    template:
      "VACUUM of Delta table <path> with a retention of <hours> hours is refused: it is shorter than the table's delta.deletedFileRetentionDuration (<configuredHours> hours), so files that readers of recent versions or uncommitted writes still need could be deleted. Use a longer retention, or — only when no other reader or writer uses the table — turn the check off (Spark's spark.databricks.delta.retentionDurationCheck.enabled=false: DeltaTable: that session setting; the CLI: --disable-retention-check).",
  },
  SL_DELTA_VERSIONS_NOT_CONTIGUOUS: {
    domain: 'external',
    retryable: false,
    template:
      'Delta log of table <path> is missing commit files: versions <versions> are not contiguous. The log is damaged; restore the missing _delta_log files from a backup.',
  },
  SL_DELTA_VERSION_NOT_FOUND: {
    domain: 'user',
    retryable: false,
    template:
      'Version <version> of Delta table <path> is not available (<reason>). Choose a version between <earliest> and <latest>.',
  },
  SL_DELTA_ZORDER_UNSUPPORTED: {
    domain: 'user',
    retryable: false,
    template:
      'OPTIMIZE of Delta table <path> with ZORDER BY (<columns>) is not supported by streamlake: Z-ordering rewrites every file in an interleaved sort order it does not implement. Run executeCompaction() (bin-packing) here, or Z-order the table with Spark.',
  },
})
