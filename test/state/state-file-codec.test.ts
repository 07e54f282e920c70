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
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
    fc.string({ unit: 'binary' }),
    fc.array(tie('value'), { maxLength: 3 }),
  ),
})).value

describe('state file codec', () => {
  it('round-trips any keys and JSON rows, across block boundaries', () => {
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
      'v1\n{"encoding":"json-blocks","kind":"delta","version":7,"puts":1,"removes":1,"bodyBytes":35,"crc32":"7ebf0396"}\n["put","a",[1,"x"]]\n["remove","b"]\n',
    )
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
