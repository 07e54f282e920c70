import { defineMessages } from './catalogue-entry.js'

export const STATE_MESSAGES = defineMessages({
  SL_STATE_CHECKPOINT_CORRUPT: {
    domain: 'user',
    retryable: false,
    template:
      'The checkpoint file <path> is corrupt: <problem>. Without it the query cannot continue exactly once. Restore this file from a backup of the checkpoint that holds it (log entries and state files never change once their batch is committed, so any copy of it is the right one) and start the query again. To start over instead, stop the query, delete both its checkpoint and its output table, and run it again: it reads all its input again (see Start over in docs/checkpoints.md). A new checkpointLocation alone would write every row to the old table a second time.',
  },
  SL_STATE_CHECKPOINT_FOREIGN: {
    domain: 'user',
    retryable: false,
    template:
      'The directory <path> is not a streamlake/Spark checkpoint (found: <found>). Point checkpointLocation at an empty or dedicated directory for a new query. If it is the checkpoint of a query that ran before and lost its metadata file, restore that file from a backup instead: under a new checkpoint the query would write every row to its table a second time.',
  },
  SL_STATE_CHECKPOINT_INCONSISTENT: {
    domain: 'user',
    retryable: false,
    template:
      'The checkpoint <path> is inconsistent: <problem>. Its log files were deleted, edited or copied incompletely, so the next batch cannot be planned exactly once. Restore the missing entries from a backup of the checkpoint that holds them (entries never change once written, so any copy is the right one) and start the query again; do not roll the whole checkpoint back to an older backup while keeping the table. To start over instead, stop the query, delete both its checkpoint and its output table, and run it again: it reads all its input again (see Start over in docs/checkpoints.md). A new checkpointLocation alone would write every row to the old table a second time.',
  },
  SL_STATE_CHECKPOINT_IN_USE: {
    domain: 'user',
    retryable: false,
    template:
      'The checkpoint <path> is in use by <owner>. A query runs once at a time: two runs sharing a checkpoint would corrupt it. Stop the other run first, or wait for it to end. If this is a different query, give it its own checkpointLocation and its own output table: one query started twice with two checkpoints writes every row twice.',
  },
  SL_STATE_CHECKPOINT_VERSION: {
    domain: 'user',
    retryable: false,
    template:
      'The checkpoint file <path> has format version <version>, newer than the supported <supported>. It was written by a newer streamlake. Upgrade streamlake to continue this query. A new checkpointLocation is only safe together with a new or deleted output table: alone it would write every row to the old table a second time.',
  },
  SL_STATE_CONCURRENT_UPDATE: {
    domain: 'user',
    retryable: false,
    template:
      'Concurrent update to the <what> log: entry <batch> already exists at <path>. Another run is writing to the same checkpoint. Stop it: a query runs once at a time. A different query needs its own checkpointLocation and its own output table.',
  },
  SL_STATE_INPUT_MOVED: {
    domain: 'user',
    retryable: false,
    template:
      "The input of source <index> moved together with the checkpoint <path>: it was <before> and is now <now>. The file source's log names the files it has read by absolute path (as Spark's does), so under the new path every file would be read and written again. Put the input back at <before> (a symbolic link there works) and start the query with that input path. To start over instead, stop the query, delete both its checkpoint and its output table, and run it again: it reads all its input again (see Start over in docs/checkpoints.md). A new checkpointLocation alone would write every row to the old table a second time.",
  },
  SL_STATE_QUERY_CHANGED: {
    domain: 'user',
    retryable: false,
    template:
      'The query changed incompatibly since the checkpoint <path> was written: its <what> was <before> and is now <now>. Run the original query again (the same paths, however spelled) to continue it. To run the changed query instead, give it a new checkpointLocation and a new output table, or delete both the checkpoint and the output table first: a new checkpoint that writes to the old table would write its rows a second time.',
  },
})
