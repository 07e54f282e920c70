import { describe, expect, it } from 'vitest'
import {
  progressFromJson,
  rootCause,
  sparkQueryMessage,
} from '../../src/connect/remote-streaming-query.js'

describe('progressFromJson', () => {
  it('fills the top-level input count and rates from the sources, as PySpark does', () => {
    const p = progressFromJson(
      JSON.stringify({
        id: 'q',
        batchId: 2,
        batchDuration: 10,
        durationMs: {},
        sources: [
          { numInputRows: 3, inputRowsPerSecond: 1.5, processedRowsPerSecond: 6 },
          { numInputRows: 4, inputRowsPerSecond: 0.5, processedRowsPerSecond: 2 },
        ],
      }),
    )
    expect(p).toMatchObject({ numInputRows: 7, inputRowsPerSecond: 2, processedRowsPerSecond: 8 })
    expect(Object.keys(p).slice(0, 6)).toEqual([
      'id',
      'batchId',
      'batchDuration',
      'numInputRows',
      'inputRowsPerSecond',
      'processedRowsPerSecond',
    ])
  })
})

describe("Spark's query exception text", () => {
  const message =
    'org.apache.spark.sql.streaming.StreamingQueryException: [TASK_WRITE_FAILED] Task failed while writing rows to file:/t/out. SQLSTATE: 58030\n=== Streaming Query ===\nIdentifier: q [id = 1, runId = 2]\n'
  it('drops the Java class name and the plan, as PySpark shows it', () => {
    expect(sparkQueryMessage(message)).toBe(
      '[TASK_WRITE_FAILED] Task failed while writing rows to file:/t/out. SQLSTATE: 58030',
    )
  })
  it('finds the innermost cause of a stack trace', () => {
    const trace = `${message}\tat a.b(C.scala:1)\nCaused by: org.apache.spark.SparkException: [TASK_WRITE_FAILED] Task failed.\n\tat x\nCaused by: org.apache.spark.SparkNumberFormatException: [CAST_INVALID_INPUT] The value 'x' cannot be cast.\n\tat y\n`
    expect(rootCause(trace)).toBe("[CAST_INVALID_INPUT] The value 'x' cannot be cast")
    expect(rootCause('no cause')).toBeUndefined()
  })
})
