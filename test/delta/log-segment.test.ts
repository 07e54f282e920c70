import { describe, expect, test } from 'vitest'
import { parseLogFileName, type LogFileName } from '../../src/delta/log-file-names.js'
import { buildLogSegment } from '../../src/delta/log-segment.js'

const pad = (v: number) => String(v).padStart(20, '0')
const listing = (...names: string[]): LogFileName[] =>
  names.map(parseLogFileName).filter((x): x is LogFileName => !!x)
const commits = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${pad(from + i)}.json`)

describe('parseLogFileName', () => {
  test('recognises commits and checkpoints, ignores everything else', () => {
    expect(parseLogFileName(`${pad(7)}.json`)).toMatchObject({ kind: 'commit', version: 7 })
    expect(parseLogFileName(`${pad(10)}.checkpoint.parquet`)).toMatchObject({
      kind: 'checkpoint',
      version: 10,
      parts: 1,
    })
    expect(parseLogFileName(`${pad(10)}.checkpoint.0000000002.0000000003.parquet`)).toMatchObject({
      part: 2,
      parts: 3,
    })
    expect(
      parseLogFileName(`${pad(10)}.checkpoint.3a0d65cd-4056-49b8-937b-95f9e3ee90e5.json`),
    ).toMatchObject({ kind: 'v2-checkpoint' })
    for (const ignored of [
      `${pad(7)}.crc`,
      `.${pad(7)}.json.crc`,
      `.${pad(7)}.json.3a0d65cd.tmp`,
      `${pad(7)}.json#1`,
      `${pad(1)}.${pad(5)}.compacted.json`,
      '_last_checkpoint',
      '7.json',
    ]) {
      expect(parseLogFileName(ignored)).toBeUndefined()
    }
  })
})

describe('buildLogSegment', () => {
  test('no files: the table does not exist', () => {
    expect(buildLogSegment('/t', [])).toBeUndefined()
  })

  test('replays every commit when there is no checkpoint', () => {
    expect(buildLogSegment('/t', listing(...commits(0, 3)))).toEqual({
      version: 3,
      checkpointFiles: [],
      checkpointVersion: -1,
      commits: [0, 1, 2, 3],
    })
  })

  test('starts from the newest checkpoint at or below the target', () => {
    const files = listing(
      ...commits(0, 25),
      `${pad(10)}.checkpoint.parquet`,
      `${pad(20)}.checkpoint.parquet`,
    )
    expect(buildLogSegment('/t', files)).toMatchObject({
      version: 25,
      checkpointVersion: 20,
      commits: [21, 22, 23, 24, 25],
    })
    expect(buildLogSegment('/t', files, 15)).toMatchObject({
      version: 15,
      checkpointVersion: 10,
      commits: [11, 12, 13, 14, 15],
    })
    expect(buildLogSegment('/t', files, 20)).toMatchObject({ checkpointVersion: 20, commits: [] })
  })

  test('ignores an incomplete multi-part checkpoint', () => {
    const files = listing(
      ...commits(0, 12),
      `${pad(5)}.checkpoint.parquet`,
      `${pad(10)}.checkpoint.0000000001.0000000002.parquet`,
    )
    expect(buildLogSegment('/t', files)).toMatchObject({ checkpointVersion: 5 })
    const complete = [...files, ...listing(`${pad(10)}.checkpoint.0000000002.0000000002.parquet`)]
    expect(buildLogSegment('/t', complete)).toMatchObject({
      checkpointVersion: 10,
      checkpointFiles: [
        `${pad(10)}.checkpoint.0000000001.0000000002.parquet`,
        `${pad(10)}.checkpoint.0000000002.0000000002.parquet`,
      ],
    })
  })

  test('works after log cleanup when a checkpoint covers the removed commits', () => {
    const files = listing(...commits(18, 22), `${pad(20)}.checkpoint.parquet`)
    expect(buildLogSegment('/t', files)).toMatchObject({
      version: 22,
      checkpointVersion: 20,
      commits: [21, 22],
    })
    expect(() => buildLogSegment('/t', files, 19)).toThrow(/SL_DELTA|not available/)
  })

  test('a gap in the commits is an error', () => {
    const files = listing(`${pad(0)}.json`, `${pad(2)}.json`)
    expect(() => buildLogSegment('/t', files)).toThrow(
      expect.objectContaining({ code: 'SL_DELTA_VERSIONS_NOT_CONTIGUOUS' }),
    )
  })

  test('a version beyond the latest is not found', () => {
    expect(() => buildLogSegment('/t', listing(...commits(0, 2)), 3)).toThrow(
      expect.objectContaining({ code: 'SL_DELTA_VERSION_NOT_FOUND' }),
    )
  })

  test('a UUID-named V2 checkpoint is a complete checkpoint by itself', () => {
    const v2 = `${pad(2)}.checkpoint.3a0d65cd-4056-49b8-937b-95f9e3ee90e5.parquet`
    const segment = buildLogSegment('/t', listing(...commits(0, 3), v2))
    expect(segment).toMatchObject({ checkpointVersion: 2, checkpointFiles: [v2], commits: [3] })
    // A classic checkpoint of the same version is as good; the newest version wins either way.
    const json = `${pad(3)}.checkpoint.00000000-0000-0000-0000-000000000001.json`
    expect(buildLogSegment('/t', listing(...commits(0, 4), v2, json))).toMatchObject({
      checkpointVersion: 3,
      checkpointFiles: [json],
      commits: [4],
    })
  })
})
