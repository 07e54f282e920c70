/**
 * Triggers (spark-semantics §9). Plain data: the API builds them, the executor interprets them.
 */
export type Trigger =
  /** As soon as possible; polls every 10 ms when idle (Spark's default ProcessingTime(0)). */
  | { readonly kind: 'default' }
  /** Batches at multiples of `intervalMs` since the epoch. */
  | { readonly kind: 'processingTime'; readonly intervalMs: number }
  /** One batch, all available data, rate limits ignored, then stop. */
  | { readonly kind: 'once' }
  /** Everything available at start, in rate-limited batches, then stop. */
  | { readonly kind: 'availableNow' }

/** Next aligned trigger instant after a batch that started at `startMs` (TriggerExecutor). */
export function nextTriggerTime(startMs: number, intervalMs: number): number {
  if (intervalMs <= 0) return startMs
  return Math.floor(startMs / intervalMs) * intervalMs + intervalMs
}
