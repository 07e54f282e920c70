import { defineMessages } from './catalogue-entry.js'

/**
 * Errors of the state store providers (`src/state/*-state-store.ts`). Corrupt files and newer
 * format versions use the checkpoint-wide SL_STATE_CHECKPOINT_CORRUPT / _VERSION codes.
 */
export const STATE_STORE_MESSAGES = defineMessages({
  SL_STATE_STORE_ALREADY_COMMITTED: {
    domain: 'internal',
    retryable: false,
    template:
      'The state store of <operator> at <path> opened at version <version> was used after it committed version <next>. Open version <next> for the next batch. This is a bug in streamlake; please report it.',
  },
  SL_STATE_STORE_CLOSED: {
    domain: 'internal',
    retryable: false,
    template:
      'The state store provider of <operator> at <path> was used after close(). Create a new provider for the directory. This is a bug in streamlake; please report it.',
  },
  SL_STATE_STORE_FILE_MISSING: {
    domain: 'user',
    retryable: false,
    template:
      'State version <version> of <operator> cannot be reconstructed: the state file <path> is missing (the newest state version on disk is <latest>). State files were deleted or the checkpoint was copied incompletely. Restore the missing state files from a backup of the checkpoint that holds them (a state file never changes once its batch is committed, so any copy is the right one) and start the query again. To start over instead, stop the query, delete both its checkpoint and its output table, and run it again: it reads all its input again (see Start over in docs/checkpoints.md). A new checkpointLocation alone would write every row to the old table a second time.',
  },
  SL_STATE_STORE_INVALID_VERSION: {
    domain: 'internal',
    retryable: false,
    template:
      'State version <version> requested for <operator> at <path> is not a non-negative integer. State versions count batches from 0. This is a bug in streamlake; please report it.',
  },
  SL_STATE_STORE_IO_FAILED: {
    domain: 'external',
    retryable: true,
    template:
      'Could not <operation> the state file <path>: <message>. Check that the checkpoint location exists, is writable and has free space, then restart the query.',
  },
  SL_STATE_STORE_STALE: {
    domain: 'internal',
    retryable: false,
    template:
      'The state store of <operator> at <path> opened at version <version> is stale: <reason>. Open the version again. This is a bug in streamlake; please report it.',
  },
  SL_STATE_STORE_VALUE_NOT_SERIALIZABLE: {
    domain: 'internal',
    retryable: false,
    template:
      'The state row of key <key> in <operator> at <path> cannot be written: <message>. State values must survive a JSON round trip (no bigint, no cycles). This is a bug in streamlake; please report it.',
  },
})
