import { describe, expect, it } from 'vitest'
import {
  compareIdentity,
  recordIdentity,
  type QueryIdentity,
  type QueryInfo,
} from '../../../src/state/checkpoint/query-identity.js'

const json = (path: string): QueryIdentity['sink'] => ({ format: 'json', path })
const delta = (path: string): QueryIdentity['sink'] => ({ format: 'delta', path })
const identity = (input: string, table: string): QueryIdentity => ({
  sources: [json(input)],
  sink: delta(table),
})

/** What a start in `cwd` recorded, and how a later start in `cwd2` compares with it. */
function restart(
  first: { cwd: string; checkpoint: string; input: string; table: string },
  then: { cwd: string; checkpoint: string; input: string; table: string },
) {
  const stored = recordIdentity(identity(first.input, first.table), first.checkpoint, first.cwd)
  const current = recordIdentity(identity(then.input, then.table), then.checkpoint, then.cwd)
  return compareIdentity(stored, current, then.cwd)
}

describe('query identity', () => {
  it('records file-system paths absolute and relative to the checkpoint, other names as given', () => {
    const info = recordIdentity(
      { sources: [json('in'), { format: 'memory', path: 'memory:7' }], sink: delta('./data/t') },
      'cp/q',
      '/work',
    )
    expect(info).toEqual({
      formatVersion: 1,
      engine: 'streamlake',
      checkpoint: '/work/cp/q',
      sources: [
        { format: 'json', path: '/work/in', relativePath: '../../in' },
        { format: 'memory', path: 'memory:7' },
      ],
      sink: { format: 'delta', path: '/work/data/t', relativePath: '../../data/t' },
    })
  })

  it('treats in, ./in and $PWD/in as the same input', () => {
    const first = { cwd: '/w', checkpoint: 'cp', input: 'in', table: 't' }
    for (const input of ['./in', '/w/in', '/w/x/../in'])
      expect(restart(first, { ...first, input }), input).toBeUndefined()
  })

  it('reads a relative source path of an older query-info.json relative to the working directory', () => {
    const legacy: QueryInfo = {
      formatVersion: 1,
      engine: 'streamlake',
      sources: [{ format: 'json', path: 'in' }],
      sink: { format: 'delta', path: '/w/t', relativePath: '../t' },
    }
    const now = (input: string): QueryInfo => recordIdentity(identity(input, '/w/t'), '/w/cp', '/w')
    expect(compareIdentity(legacy, now('/w/in'), '/w')).toBeUndefined()
    expect(compareIdentity(legacy, now('./in'), '/w')).toBeUndefined()
    expect(compareIdentity(legacy, now('/w/other'), '/w')).toEqual({
      code: 'SL_STATE_QUERY_CHANGED',
      what: 'source',
      before: 'json:in (/w/in)',
      now: 'json:/w/other',
    })
  })

  it('accepts a checkpoint and table moved together, the input staying where it was', () => {
    const first = { cwd: '/a', checkpoint: 'tree/cp/q', input: '/in', table: 'tree/data/t' }
    expect(
      restart(first, { cwd: '/b', checkpoint: 'moved/cp/q', input: '/in', table: 'moved/data/t' }),
    ).toBeUndefined()
    // The input typed relative to the new working directory: still the same directory.
    expect(
      restart(first, { cwd: '/b/moved', checkpoint: 'cp/q', input: '../../in', table: 'data/t' }),
    ).toBeUndefined()
  })

  it('refuses an input moved together with the checkpoint: its files would be read again', () => {
    const first = { cwd: '/a', checkpoint: 'cp/q', input: 'input', table: 'data/t' }
    expect(restart(first, { ...first, cwd: '/b' })).toEqual({
      code: 'SL_STATE_INPUT_MOVED',
      index: 0,
      before: '/a/input',
      now: '/b/input',
    })
  })

  it('refuses a table moved without its checkpoint, and another table', () => {
    const first = { cwd: '/a', checkpoint: 'cp/q', input: '/in', table: 'data/t' }
    expect(restart(first, { ...first, table: '/elsewhere/t' })).toMatchObject({
      code: 'SL_STATE_QUERY_CHANGED',
      what: 'sink',
      before: 'delta:/a/data/t',
      now: 'delta:/elsewhere/t',
    })
    expect(restart(first, { ...first, table: 'data/t2' })).toMatchObject({ what: 'sink' })
  })

  it('finds a moved tree in an older query-info.json from its table, and a relative input moved with it', () => {
    // As written before #14: the source as typed, the sink absolute with its relative path.
    const legacy: QueryInfo = {
      formatVersion: 1,
      engine: 'streamlake',
      sources: [{ format: 'json', path: './input' }],
      sink: { format: 'delta', path: '/a/tree/data/t', relativePath: '../../data/t' },
    }
    const now = (cwd: string, input: string): QueryInfo =>
      recordIdentity(identity(input, 'data/t'), 'cp/q', cwd)
    expect(compareIdentity(legacy, now('/a/tree', './input'), '/a/tree')).toBeUndefined()
    expect(compareIdentity(legacy, now('/b/moved', './input'), '/b/moved')).toEqual({
      code: 'SL_STATE_INPUT_MOVED',
      index: 0,
      before: '/a/tree/input',
      now: '/b/moved/input',
    })
    // Typed relative to the tree, but the input stayed outside it: the same directory.
    const outside = { ...legacy, sources: [{ format: 'json', path: '../shared/in' }] }
    expect(
      compareIdentity(outside, now('/b/moved', '../../a/shared/in'), '/b/moved'),
    ).toBeUndefined()
  })

  it('compares memory streams and sinks by name, and the number of sources', () => {
    const mem = (id: string): QueryIdentity => ({
      sources: [{ format: 'memory', path: `memory:${id}` }],
      sink: { format: 'memory', path: 'out' },
    })
    const a = recordIdentity(mem('1'), '/cp', '/w')
    expect(compareIdentity(a, recordIdentity(mem('1'), '/cp', '/x'), '/x')).toBeUndefined()
    expect(compareIdentity(a, recordIdentity(mem('2'), '/cp', '/w'), '/w')).toMatchObject({
      code: 'SL_STATE_QUERY_CHANGED',
      what: 'source',
    })
    const two = { ...a, sources: [...a.sources, ...a.sources] }
    expect(compareIdentity(two, a, '/w')).toMatchObject({ what: 'sources' })
  })
})
