/**
 * Seed query 1, pass-through, on generated events with late events and 10 % duplicates: every
 * micro-batch and the final Delta table (schema with nullability, rows) as Spark produces them.
 */
import { EVENT_SCHEMA_DDL } from '../../../src/apps/event-schema.js'
import { defineScenarios } from '../support/scenario.js'

export const passthroughScenarios = defineScenarios({
  name: 'pass-through of generated events (late, 10% duplicates) → per batch and Delta table',
  input: {
    generate: {
      batches: 8,
      eventsPerBatch: 40,
      seed: 42,
      startTime: '2026-11-24T10:00:00Z',
      duplicateFraction: 0.1,
      lateFraction: 0.2,
    },
  },
  schema: EVENT_SCHEMA_DDL,
  compareDelta: true,
})
