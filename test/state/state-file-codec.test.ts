import { crc32 } from 'node:zlib'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  BLOCK_ENTRIES,
  StateFileEncoder,
  decodeStateFile,
  type StateFileKind,
} from '../../src/state/state-file-codec.js'
import type { StateValue } from '../../src/state/state-store.js'

const context = { path: '/ckpt/state/0/7.delta', operator: 'op' }

function decode(bytes: Buffer, kind: StateFileKind = 'delta', version = 7) {
  const puts: [string, StateValue][] = []
  const removes: string[] = []
  const header = decodeStateFile(bytes, { kind, version }, context, {
    put: (k, v) => void puts.push([k, v]),
    remove: (k) => void removes.push(k),
  })
  return { header, puts, removes }
}

const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0),
    fc.string({ unit: 'binary' }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 2 }),
  ),
})).value

describe('state file codec', () => {
  it('round-trips any keys and rows (NaN, ±Infinity, -0.0, objects too), across block boundaries', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ unit: 'binary' }), fc.array(jsonValue, { maxLength: 4 }))),
        fc.array(fc.string({ unit: 'binary' })),
        (puts, removes) => {
          const encoder = new StateFileEncoder('delta', 7, context)
          for (const [k, v] of puts) encoder.put(k, v)
          for (const k of removes) encoder.remove(k)
          const out = decode(Buffer.concat(encoder.finish()))
          expect(out.puts).toEqual(puts)
          expect(out.removes).toEqual(removes)
          expect(out.header).toMatchObject({ puts: puts.length, removes: removes.length })
        },
      ),
    )
    const encoder = new StateFileEncoder('snapshot', 7, context)
    for (let i = 0; i < 2 * BLOCK_ENTRIES + 3; i++) encoder.put(`k${i}`, [i])
    const chunks = encoder.finish()
    expect(chunks).toHaveLength(4)
    expect(decode(Buffer.concat(chunks), 'snapshot').puts).toHaveLength(2 * BLOCK_ENTRIES + 3)
  })

  it('writes the documented layout', () => {
    const encoder = new StateFileEncoder('delta', 7, context)
    encoder.put('a', [1, 'x'])
    encoder.remove('b')
    expect(Buffer.concat(encoder.finish()).toString()).toBe(
      'v2\n{"encoding":"json-blocks","kind":"delta","version":7,"puts":1,"removes":1,"bodyBytes":35,"crc32":"7ebf0396"}\n["put","a",[1,"x"]]\n["remove","b"]\n',
    )
  })

  it('writes values JSON cannot hold in an escaped put~ block, and only those blocks', () => {
    const encoder = new StateFileEncoder('snapshot', 7, context)
    encoder.put('a', [Number.NaN, -0, 0, Number.POSITIVE_INFINITY, [Number.NEGATIVE_INFINITY]])
    encoder.put('b', [{ $n: 'NaN' }, new Map([['k', 1]])])
    const text = Buffer.concat(encoder.finish()).toString()
    expect(text.split('\n')[2]).toBe(
      '["put~","a",[{"$n":"NaN"},{"$n":"-0"},0,{"$n":"Infinity"},[{"$n":"-Infinity"}]],' +
        '"b",[{"$o":{"$n":"NaN"}},{"$m":[["k",1]]}]]',
    )
    const [a, b] = decode(Buffer.from(text), 'snapshot').puts
    expect(Object.is(a![1][0], Number.NaN)).toBe(true)
    expect(Object.is(a![1][1], -0)).toBe(true)
    expect(Object.is(a![1][2], 0)).toBe(true)
    expect(a![1].slice(3)).toEqual([Number.POSITIVE_INFINITY, [Number.NEGATIVE_INFINITY]])
    expect(b![1]).toEqual([{ $n: 'NaN' }, new Map([['k', 1]])])
    const plain = new StateFileEncoder('snapshot', 7, context)
    plain.put('c', [1.5, null])
    expect(Buffer.concat(plain.finish()).toString()).toContain('["put","c",[1.5,null]]')
  })

  it('still reads format v1 files; a v1 file cannot hold put~ blocks; v0 and v3 are damaged', () => {
    const file = (version: string, body: string): Buffer => {
      const bytes = Buffer.from(body)
      const header = {
        encoding: 'json-blocks',
        kind: 'delta',
        version: 7,
        puts: 1,
        removes: 0,
        bodyBytes: bytes.length,
        crc32: (crc32(bytes) >>> 0).toString(16).padStart(8, '0'),
      }
      return Buffer.from(`${version}\n${JSON.stringify(header)}\n${body}`)
    }
    // A v1 file as the first release wrote it (NaN had become null there).
    expect(decode(file('v1', '["put","a",[1,null,"x"]]\n')).puts).toEqual([['a', [1, null, 'x']]])
    expect(() => decode(file('v1', '["put~","a",[{"$n":"NaN"}]]\n'))).toThrow(
      /line 3 is not a put or remove block/,
    )
    expect(() => decode(file('v2', '["put~","a",[{"$x":1}]]\n'))).toThrow(/escaped value/)
    // The directory's _metadata/format.json decides a newer format, checked before any file.
    for (const version of ['v0', 'v3'])
      expect(() => decode(file(version, '["put","a",[1]]\n'))).toThrow(
        expect.objectContaining({ code: 'SL_STATE_CHECKPOINT_CORRUPT', path: context.path }),
      )
  })

  it('reports any flipped bit in the two header lines as corruption of the file, never as a newer format', () => {
    const encoder = new StateFileEncoder('delta', 7, context)
    encoder.put('k', [1, 'x'])
    encoder.remove('gone')
    const good = Buffer.concat(encoder.finish())
    expect(decode(good).puts).toEqual([['k', [1, 'x']]])
    const headerEnd = good.indexOf(10, good.indexOf(10) + 1)
    const codes = new Set<string>()
    for (let at = 0; at <= headerEnd; at++) {
      for (let bit = 0; bit < 8; bit++) {
        const bad = Buffer.from(good)
        bad[at] = bad[at]! ^ (1 << bit)
        let error: unknown
        try {
          decode(bad)
        } catch (e) {
          error = e
        }
        expect(error, `byte ${at} bit ${bit}`).toMatchObject({ path: context.path })
        codes.add((error as { code: string }).code)
      }
    }
    expect([...codes]).toEqual(['SL_STATE_CHECKPOINT_CORRUPT'])
  })

  it('rejects a snapshot with removes and blocks that are not put/remove', () => {
    const good = (kind: StateFileKind, body: string) => {
      const encoder = new StateFileEncoder(kind, 7, context)
      const head = encoder.finish()[0]!.toString().split('\n')[0]
      const bytes = Buffer.from(body)
      const header = {
        encoding: 'json-blocks',
        kind,
        version: 7,
        puts: 0,
        removes: 1,
        bodyBytes: bytes.length,
        crc32: (crc32(bytes) >>> 0).toString(16).padStart(8, '0'),
      }
      return Buffer.from(`${head}\n${JSON.stringify(header)}\n${body}`)
    }
    expect(() => decode(good('snapshot', '["remove","k"]\n'), 'snapshot')).toThrow(
      /line 3 is not a put or remove block of a snapshot file/,
    )
    expect(() => decode(good('delta', '{"put":1}\n'))).toThrow(/line 3 is not a block array/)
    expect(() => decode(good('delta', '["put","k",3]\n'))).toThrow(/not a string key and an array/)
    expect(() => decode(good('delta', '["remove",1]\n'))).toThrow(/removes a non-string key/)
    expect(() => decode(good('delta', '["remove","k"]'))).toThrow(/does not end with a newline/)
    expect(() => decode(good('delta', '["remove","k"\n'))).toThrow(/line 3 is not valid JSON/)
    expect(() => decode(good('delta', '["remove","k","j"]\n'))).toThrow(
      /holds 0 puts and 2 removes, the header says 0 and 1/,
    )
  })
})
