import { defineMessages } from './catalogue-entry.js'

export const STATE_MESSAGES = defineMessages({
  SL_STATE_CHECKPOINT_CORRUPT: {
    domain: 'user',
    retryable: false,
    template:
      'The checkpoint file <path> is corrupt: <problem>. Restore the checkpoint from a backup, or start the query with a new checkpointLocation (it will then reprocess its input from the start).',
  },
  SL_STATE_CHECKPOINT_FOREIGN: {
    domain: 'user',
    retryable: false,
    template:
      'The directory <path> is not a streamlake/Spark checkpoint (found: <found>). Point checkpointLocation at an empty or dedicated directory.',
  },
  SL_STATE_CHECKPOINT_INCONSISTENT: {
    domain: 'user',
    retryable: false,
    template:
      'The checkpoint <path> is inconsistent: <problem>. Restore it from a backup or use a new checkpointLocation.',
  },
  SL_STATE_CHECKPOINT_IN_USE: {
    domain: 'user',
    retryable: false,
    template:
      'The checkpoint <path> is in use by <owner>. Two queries must never share a checkpoint: stop the other query first, or give this one its own checkpointLocation.',
  },
  SL_STATE_CHECKPOINT_VERSION: {
    domain: 'user',
    retryable: false,
    template:
      'The checkpoint file <path> has format version <version>, newer than the supported <supported>. It was written by a newer streamlake; upgrade, or use a new checkpointLocation.',
  },
  SL_STATE_CONCURRENT_UPDATE: {
    domain: 'user',
    retryable: false,
    template:
      'Concurrent update to the <what> log: entry <batch> already exists at <path>. Another query is writing to the same checkpoint; stop it, or give each query its own checkpointLocation.',
  },
  SL_STATE_QUERY_CHANGED: {
    domain: 'user',
    retryable: false,
    template:
      'The query changed incompatibly since the checkpoint <path> was written: its <what> was <before> and is now <now>. Restore the original query, or start this one with a new checkpointLocation.',
  },
})
