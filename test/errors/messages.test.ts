import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ERROR_CATALOGUE, EngineError, formatMessage } from '../../src/errors/index.js'

const dir = fileURLToPath(new URL('../../src/errors/messages/', import.meta.url))

describe('error catalogue', () => {
  it('uses SL_<AREA>_<PROBLEM> codes whose area matches a src/ folder (or FS)', () => {
    // FS: file-system failures any module can meet (errors/file-system-error.ts).
    for (const code of Object.keys(ERROR_CATALOGUE)) {
      expect(code).toMatch(
        /^SL_(API|PLAN|EXEC|STATE|SOURCE|SINK|DELTA|MONITOR|CLI|INTERNAL|FS|CONNECT)_[A-Z0-9_]+$/,
      )
    }
  })

  it('keeps each area file sorted and free of duplicates across files', () => {
    const seen = new Set<string>()
    for (const file of readdirSync(dir).filter(
      (f) => f.endsWith('.ts') && f !== 'catalogue-entry.ts',
    )) {
      const codes = [...readFileSync(dir + file, 'utf8').matchAll(/^\s{2}(SL_[A-Z0-9_]+):/gm)].map(
        (m) => m[1]!,
      )
      expect([...codes].sort(), file).toEqual(codes)
      for (const c of codes) {
        expect(seen.has(c), `${c} defined twice`).toBe(false)
        seen.add(c)
      }
    }
    expect(seen.size).toBe(Object.keys(ERROR_CATALOGUE).length)
  })

  it('gives user errors a template that says what to do (at least two sentences)', () => {
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      if (entry.domain !== 'user') continue
      expect(entry.template.split(/[.!?]\s/).length, code).toBeGreaterThanOrEqual(2)
    }
  })

  it('formats placeholders and keeps context fields enumerable', () => {
    expect(formatMessage('a <x> b <y>', { x: 1, y: ['p', 'q'] })).toBe('a 1 b p, q')
    const e = new EngineError(
      'SL_API_INVALID_OPTION',
      { option: 'x', problem: 'is bad', value: 3, hint: 'Fix it.' },
      { option: 'x', path: '/p' },
    )
    expect(e.message).toBe('Option x is bad (got 3). Fix it.')
    expect(JSON.parse(JSON.stringify(e))).toMatchObject({
      code: 'SL_API_INVALID_OPTION',
      domain: 'user',
      option: 'x',
      path: '/p',
    })
  })
})
