/**
 * The event generator module: the seed project's data generator (JSON event batches with late
 * events and optional duplicates), reproducible with a seed and a simulated clock. It depends only
 * on `errors` and `internal`; the engine never imports it, and `cli/commands/generate.ts` is a
 * thin wrapper over {@link generateEvents}.
 */
export { batchFileName } from './batch-files.js'
export { formatEventLine, formatEventValue } from './format-event-line.js'
export { formatEventTimestamp } from './format-event-timestamp.js'
export { generateBatch } from './generate-batch.js'
export {
  DUPLICATE_LOOKBACK_BATCHES,
  generateEvents,
  type GeneratorResult,
} from './generate-events.js'
export { EVENT_TYPES, type EventType, type GeneratedEvent } from './generated-event.js'
export {
  DEFAULT_BATCH_OPTIONS,
  DEFAULT_INTERVAL_MS,
  resolveBatchOptions,
  resolveGeneratorOptions,
  validateGeneratorOptions,
  type BatchOptions,
  type GeneratedBatch,
  type GeneratorOptions,
  type OptionProblem,
  type ResolvedGeneratorOptions,
} from './generator-options.js'
export { parseEventLine } from './parse-event-line.js'
export { parseIsoDateTime } from './parse-iso-date-time.js'
export { SeededRandom, randomSeed } from './seeded-random.js'
export { seededUuid } from './seeded-uuid.js'
