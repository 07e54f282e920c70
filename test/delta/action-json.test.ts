import { expect, test } from 'vitest'
import { parseCommitText, serializeActions } from '../../src/delta/action-json.js'
import type { Action } from '../../src/delta/actions.js'

test('round trip; undefined fields are omitted; one line per action', () => {
  const actions: Action[] = [
    { commitInfo: { timestamp: 1, operation: 'WRITE', operationParameters: {} } },
    {
      add: {
        path: 'a',
        partitionValues: {},
        size: 1,
        modificationTime: 2,
        dataChange: true,
        stats: undefined,
      },
    },
  ]
  const text = serializeActions(actions)
  expect(text).toBe(
    '{"commitInfo":{"timestamp":1,"operation":"WRITE","operationParameters":{}}}\n' +
      '{"add":{"path":"a","partitionValues":{},"size":1,"modificationTime":2,"dataChange":true}}\n',
  )
  expect(parseCommitText(text, '/t', 'x.json')).toEqual([
    actions[0],
    { add: { path: 'a', partitionValues: {}, size: 1, modificationTime: 2, dataChange: true } },
  ])
})

test('unknown actions and blank lines are ignored', () => {
  const text =
    '{"checkpointMetadata":{"version":1}}\n\n{"txn":{"appId":"q","version":3}}\n{"sidecar":{"path":"x"}}'
  expect(parseCommitText(text, '/t', 'x.json')).toEqual([{ txn: { appId: 'q', version: 3 } }])
})

test('a line that is not JSON is a corrupt log naming the file and line', () => {
  expect(() =>
    parseCommitText('{"txn":{}}\n{"add":', '/t', '_delta_log/00000000000000000003.json'),
  ).toThrow(
    expect.objectContaining({
      code: 'SL_DELTA_CORRUPT_LOG',
      message: expect.stringContaining('line 2 of _delta_log/00000000000000000003.json') as unknown,
    }),
  )
})
