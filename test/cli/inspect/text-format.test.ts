import { describe, expect, it } from 'vitest'
import {
  formatBytes,
  formatInstant,
  formatOffset,
  labelled,
  textTable,
  wrap,
} from '../../../src/cli/inspect/text-format.js'

describe('text formatting for the inspecting commands', () => {
  it('reads watermark 0 as none and other instants as ISO UTC', () => {
    expect(formatInstant(0)).toBe('none')
    expect(formatInstant(Date.UTC(2026, 10, 24, 10, 0, 0, 5))).toBe('2026-11-24T10:00:00.005Z')
  })

  it('formats sizes and flat offsets compactly', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1536)).toBe('1.5 KiB')
    expect(formatBytes(200 * 1024 * 1024)).toBe('200 MiB')
    expect(formatOffset({ logOffset: 3 })).toBe('logOffset=3')
    expect(formatOffset(null)).toBe('-')
    expect(formatOffset({ a: { b: 1 } })).toBe('{"a":{"b":1}}')
  })

  it('wraps at spaces and breaks a word longer than the line', () => {
    expect(wrap('aaa bbb ccc', '> ', '  ', 12)).toBe('> aaa bbb\n  ccc\n')
    const long = `/${'x'.repeat(30)}`
    const out = wrap(`path ${long}`, '', '  ', 20)
    for (const line of out.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(20)
    expect(out.replace(/\n {0,2}/g, '')).toBe(`path${long}`)
  })

  it('aligns labels and table columns', () => {
    expect(
      labelled([
        ['a', 'one'],
        ['long', 'two'],
      ]),
    ).toBe('  a     one\n  long  two\n')
    expect(
      textTable(
        ['N', 'NAME'],
        [
          ['10', 'x'],
          ['2', 'yy'],
        ],
        new Set([0]),
        0,
      ),
    ).toBe(' N  NAME\n10  x\n 2  yy\n')
  })
})
