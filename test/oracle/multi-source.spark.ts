/**
 * Unions and stream-stream joins over two streaming file sources, each run on Spark and on our
 * engine step by step and compared per micro-batch and per progress.
 */
import { describe } from 'vitest'
import { multiSourceTests } from './support/multi-source.js'
import { multiSourceScenarios } from './scenarios/multi-source.js'

describe('same rows as Spark, two sources', () => {
  multiSourceTests(multiSourceScenarios)
})
