/**
 * Scenarios over two streaming file sources (spark-semantics §3.2, §8; S18, S20, S21), fed step
 * by step (support/multi-source.ts). Times are seconds after 2026-01-01T00:00:00 UTC.
 */
import type { DataFrame } from '../../../src/index.js'
import type { MultiSourceScenario, MultiSourceStep } from '../support/multi-source.js'

const ts = (s: number): string => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString()
const rows = (...xs: Record<string, unknown>[]): string[] => xs.map((x) => JSON.stringify(x))
const times = (...s: number[]): string[] => rows(...s.map((t) => ({ ts: ts(t) })))

const union = (d2: string) => (s1: DataFrame, s2: DataFrame) =>
  s1.withWatermark('ts', '10 seconds').union(s2.withWatermark('ts', d2))

/** S18: each data step is followed by a probe row into s1 whose batch shows the watermark. */
const probed = (...steps: MultiSourceStep[]): MultiSourceStep[] =>
  steps.flatMap((s) => [s, [times(1)]])

export const multiSourceScenarios: readonly MultiSourceScenario[] = [
  {
    name: 'S18: union of two watermarked streams, policy min',
    schemas: ['ts TIMESTAMP', 'ts TIMESTAMP'],
    steps: probed([times(20), times(30)], [times(120), times(130)], [undefined, times(150)]),
    query: union('15 seconds'),
    pyQuery: { file: 'multi_source', function: 'union_10_15' },
  },
  {
    name: 'S18: union of two watermarked streams, policy max',
    schemas: ['ts TIMESTAMP', 'ts TIMESTAMP'],
    steps: probed([times(20), times(30)], [times(120), times(130)], [times(150)]),
    query: union('15 seconds'),
    pyQuery: { file: 'multi_source', function: 'union_10_15' },
    conf: { 'spark.sql.streaming.multipleWatermarkPolicy': 'max' },
  },
  {
    name: 'S18: union, policy min waits for both sides and never decreases',
    schemas: ['ts TIMESTAMP', 'ts TIMESTAMP'],
    steps: [
      [times(11)],
      [undefined, times(6)],
      [undefined, times(8)],
      [times(21)],
      [undefined, times(17, 28, 39)],
      [times(51)],
      [times(7)],
    ],
    query: union('5 seconds'),
    pyQuery: { file: 'multi_source', function: 'union_10_5' },
  },
]
