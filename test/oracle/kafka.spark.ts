/**
 * Spark's Kafka source vs ours on the same topics (issue 16): scenarios in scenarios/kafka.ts,
 * run on the broker the suite's global set-up starts.
 */
import { describe } from 'vitest'
import { kafkaScenarioTests } from './support/kafka-scenario.js'
import { kafkaScenarios } from './scenarios/kafka.js'

describe('the Kafka source reads the same rows, batches and offsets as Spark', () => {
  kafkaScenarioTests(kafkaScenarios)
})
