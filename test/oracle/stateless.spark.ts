/**
 * The differential scenarios our engine supports today (stateless), each run on Spark and on our
 * engine and compared per micro-batch, per progress and as a final Delta table.
 */
import { describe } from 'vitest'
import { scenarioTests } from './support/harness.js'
import { STATELESS_SCENARIOS } from './scenarios/index.js'

describe('same rows as Spark', () => {
  scenarioTests(STATELESS_SCENARIOS)
})
