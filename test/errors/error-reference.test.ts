import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { errorReferenceMarkdown } from '../../src/errors/error-reference.js'
import { ERROR_CATALOGUE } from '../../src/errors/index.js'

describe('docs/errors.md', () => {
  it('is the reference generated from the catalogue (run npm run docs:errors)', () => {
    const page = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8')
    expect(page).toBe(errorReferenceMarkdown())
  })

  it('lists every code once, in an area section', () => {
    const page = errorReferenceMarkdown()
    for (const code of Object.keys(ERROR_CATALOGUE))
      expect(page.split(`\n### ${code}\n`).length, code).toBe(2)
  })
})

describe('error codes in the docs', () => {
  it('exist in the catalogue (no page names a code streamlake never throws)', () => {
    const known = new Set(Object.keys(ERROR_CATALOGUE))
    const docs = new URL('../../docs/', import.meta.url)
    const pages = [
      new URL('../../README.md', import.meta.url),
      ...readdirSync(docs, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.md'))
        .map((f) => new URL(f, docs)),
    ]
    const unknown: string[] = []
    for (const page of pages)
      for (const [code] of readFileSync(page, 'utf8').matchAll(/\bSL_[A-Z0-9_]*[A-Z0-9]\b/g))
        if (!known.has(code) && !code.endsWith('_')) unknown.push(`${page.pathname}: ${code}`)
    expect(unknown).toEqual([])
  })
})
