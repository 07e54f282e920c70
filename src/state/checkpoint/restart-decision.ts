/**
 * The restart decision (spark-semantics §11.3) as a pure function over what the two logs hold,
 * so it can be tested without I/O (STYLE.md rule 7).
 */

export type RestartDecision =
  | { readonly kind: 'fresh' }
  /** Last batch committed: continue with `nextBatchId`. */
  | { readonly kind: 'resume'; readonly lastBatchId: number; readonly nextBatchId: number }
  /** Last batch planned but not committed: re-run it with the logged offsets. */
  | { readonly kind: 'rerun'; readonly batchId: number }
  /** The logs contradict each other. */
  | { readonly kind: 'inconsistent'; readonly problem: string }

export function decideRestart(
  latestOffsetBatch: number | undefined,
  latestCommitBatch: number | undefined,
): RestartDecision {
  if (latestOffsetBatch === undefined) {
    return latestCommitBatch === undefined
      ? { kind: 'fresh' }
      : {
          kind: 'inconsistent',
          problem: `commits/${latestCommitBatch} exists but offsets/ is empty`,
        }
  }
  if (latestCommitBatch === latestOffsetBatch) {
    return { kind: 'resume', lastBatchId: latestOffsetBatch, nextBatchId: latestOffsetBatch + 1 }
  }
  if (
    latestCommitBatch === undefined
      ? latestOffsetBatch === 0
      : latestCommitBatch === latestOffsetBatch - 1
  ) {
    return { kind: 'rerun', batchId: latestOffsetBatch }
  }
  return {
    kind: 'inconsistent',
    problem:
      latestCommitBatch !== undefined && latestCommitBatch > latestOffsetBatch
        ? `commits/${latestCommitBatch} is newer than offsets/${latestOffsetBatch}`
        : `offsets/${latestOffsetBatch} is more than one batch ahead of commits/${latestCommitBatch ?? '(none)'}`,
  }
}

/**
 * The batch a restart runs first, and so the state version its stateful operators open: state
 * version v is the state after batch v-1 (spark-semantics §11.1), so batch N opens version N.
 * Undefined when no stored state is read (a fresh start opens the empty version 0) or the
 * restart fails before any batch.
 */
export function firstBatchAfterRestart(decision: RestartDecision): number | undefined {
  switch (decision.kind) {
    case 'resume':
      return decision.nextBatchId
    case 'rerun':
      return decision.batchId
    case 'fresh':
    case 'inconsistent':
      return undefined
  }
}
