/**
 * When to write a checkpoint. Spark checkpoints after committing version v when v is a positive
 * multiple of `delta.checkpointInterval` (`DeltaTransaction.setNeedsCheckpoint`); we do the same
 * so that our checkpoints land where Spark users expect them (10, 20, …).
 */

/** True when the commit of `version` should be followed by a checkpoint. */
export function shouldCheckpoint(version: number, checkpointInterval: number): boolean {
  return version > 0 && checkpointInterval > 0 && version % checkpointInterval === 0
}
