import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  badRecordsFolder,
  batchBadRecordsTarget,
  writeBadRecords,
} from '../../../src/sources/file/bad-records-writer.js'
import { tempDir } from '../../support/temp-dir.js'

const BATCH = {
  queryId: '3f1c0a4e-0000-4000-8000-000000000001',
  batchId: 7,
  batchTimestampMs: Date.UTC(2026, 0, 24, 10, 11, 53, 250),
  sourceIndex: 1,
}
const RECORD = { path: '/in/a.json', line: 3, record: '{broken', reason: 'invalid JSON' }

describe('bad records writer', () => {
  it("names the folder after the batch timestamp (UTC, yyyyMMdd'T'HHmmss) and the part after batch, query and source", async () => {
    const root = await tempDir()
    expect(badRecordsFolder(BATCH.batchTimestampMs)).toBe('20260124T101153')
    await writeBadRecords(
      batchBadRecordsTarget(root, BATCH),
      [RECORD],
      [{ path: '/in/gone.json', reason: 'the file does not exist (deleted after listing)' }],
    )
    const part = `part-00007-${BATCH.queryId}-source1.json`
    expect(await fs.readFile(join(root, '20260124T101153', 'bad_records', part), 'utf8')).toBe(
      '{"path":"/in/a.json","line":3,"record":"{broken","reason":"invalid JSON"}\n',
    )
    expect(await fs.readFile(join(root, '20260124T101153', 'bad_files', part), 'utf8')).toBe(
      '{"path":"/in/gone.json","reason":"the file does not exist (deleted after listing)"}\n',
    )
  })

  it('replaces the file of a batch written again, and removes it when the new attempt found nothing', async () => {
    const root = await tempDir()
    const target = batchBadRecordsTarget(root, BATCH)
    const dir = join(root, '20260124T101153', 'bad_records')
    await writeBadRecords(target, [RECORD, { ...RECORD, line: 4 }], [])
    await writeBadRecords(target, [RECORD], [])
    expect(await fs.readdir(dir)).toEqual([`part-00007-${BATCH.queryId}-source1.json`])
    expect((await fs.readFile(join(dir, (await fs.readdir(dir))[0]!), 'utf8')).split('\n')).toEqual(
      [JSON.stringify(RECORD), ''],
    )
    await writeBadRecords(target, [], [])
    expect(await fs.readdir(dir)).toEqual([])
  })

  it('names the option, the batch and the path when badRecordsPath cannot be written', async () => {
    const root = await tempDir()
    const file = join(root, 'not-a-dir')
    await fs.writeFile(file, '')
    await expect(
      writeBadRecords(batchBadRecordsTarget(file, BATCH), [RECORD], []),
    ).rejects.toMatchObject({
      code: 'SL_SOURCE_BAD_RECORDS_UNWRITABLE',
      option: 'badRecordsPath',
      message: expect.stringMatching(
        /^Cannot write the bad records of batch 7 to .*not-a-dir\/20260124T101153\/bad_records\/part-00007-.*\.json \(option badRecordsPath\)/,
      ) as unknown,
    })
  })
})
