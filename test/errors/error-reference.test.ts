import { readFileSync } from 'node:fs'
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
