import { mkdir, readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, test } from 'vitest'
import { LogStore } from '../../src/delta/log-store.js'
import { tempTablePath } from './support/temp-table.js'

test('putIfAbsent publishes once, never overwrites, leaves no temp files', async () => {
  const store = new LogStore(await tempTablePath())
  expect(await store.putIfAbsent('00000000000000000000.json', 'first\n')).toBe(true)
  expect(await store.putIfAbsent('00000000000000000000.json', 'second\n')).toBe(false)
  expect(await store.readText('00000000000000000000.json')).toBe('first\n')
  expect(await readdir(store.logDir)).toEqual(['00000000000000000000.json'])
})

test('concurrent putIfAbsent of one name: exactly one winner', async () => {
  const store = new LogStore(await tempTablePath())
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) => store.putIfAbsent('00000000000000000001.json', `w${i}`)),
  )
  expect(results.filter(Boolean)).toHaveLength(1)
  const winner = results.indexOf(true)
  expect(await readFile(path.join(store.logDir, '00000000000000000001.json'), 'utf8')).toBe(
    `w${winner}`,
  )
})

test('replace overwrites; list skips subdirectories and is empty without _delta_log', async () => {
  const store = new LogStore(await tempTablePath())
  expect(await store.list()).toEqual([])
  await store.replace('_last_checkpoint', '{"version":1}')
  await store.replace('_last_checkpoint', '{"version":2}')
  await mkdir(path.join(store.logDir, '_commits'))
  expect(await store.list()).toEqual(['_last_checkpoint'])
  expect(await store.readText('_last_checkpoint')).toBe('{"version":2}')
})
