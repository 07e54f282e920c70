import { describe, expect, it } from 'vitest'
import type { OffsetRange, RangeRead } from '../../../src/sources/kafka/kafka-client.js'
import { KafkaRecordBlock } from '../../../src/sources/kafka/kafka-record-block.js'
import { ReadAhead } from '../../../src/sources/kafka/read-ahead.js'

const range = (from: number, until: number): OffsetRange => ({
  topic: 't',
  partition: 0,
  from,
  until,
})
const result = (label: string): RangeRead[] => [
  { records: new KafkaRecordBlock(label, 0, false, 1), lost: 0, logStartOffset: -1 },
]

describe('ReadAhead', () => {
  it('hands the read started ahead to the batch asking for exactly those ranges, once', async () => {
    const ahead = new ReadAhead()
    const reads: string[] = []
    ahead.start([range(10, 20)], async () => {
      reads.push('ahead')
      return result('ahead')
    })
    const taken = await ahead.take([range(10, 20)], async () => result('own'))
    expect(taken[0]!.records.topic).toBe('ahead')
    // Taken once: the same ranges again are read for themselves.
    expect((await ahead.take([range(10, 20)], async () => result('own')))[0]!.records.topic).toBe(
      'own',
    )
    expect(reads).toEqual(['ahead'])
  })

  it('reads for itself when the ranges differ or the read ahead failed', async () => {
    const ahead = new ReadAhead()
    ahead.start([range(10, 20)], async () => result('ahead'))
    expect((await ahead.take([range(10, 21)], async () => result('own')))[0]!.records.topic).toBe(
      'own',
    )
    ahead.start([range(20, 30)], () => Promise.reject(new Error('broker gone')))
    expect((await ahead.take([range(20, 30)], async () => result('own')))[0]!.records.topic).toBe(
      'own',
    )
  })

  it('predicts nothing for no ranges, and drop() waits for a pending read', async () => {
    const ahead = new ReadAhead()
    let started = false
    ahead.start([], async () => {
      started = true
      return result('x')
    })
    expect(started).toBe(false)
    let settled = false
    ahead.start(
      [range(0, 5)],
      () =>
        new Promise((resolve) =>
          setTimeout(() => {
            settled = true
            resolve(result('late'))
          }, 50),
        ),
    )
    await ahead.drop()
    expect(settled).toBe(true)
  })
})
