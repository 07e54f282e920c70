/**
 * #14 item 2: following a recovery hint must lose and duplicate nothing. A new checkpoint has a
 * new query id, so the old table no longer recognises its batches and gets every row again:
 * every message that suggests a new or separate checkpoint must say what to do with the table.
 */
import { describe, expect, it } from 'vitest'
import { ERROR_CATALOGUE } from '../../src/errors/index.js'

const SUGGESTS_NEW_CHECKPOINT =
  /\b(new|own|another|empty|dedicated|different)\b[^.]*\bcheckpoint(Location| location|s)?\b/i

describe('recovery advice in the error catalogue', () => {
  it('never suggests a new checkpoint without saying what happens to the output table', () => {
    const unsafe = Object.entries(ERROR_CATALOGUE)
      .filter(([, e]) => SUGGESTS_NEW_CHECKPOINT.test(e.template))
      .filter(([, e]) => !/\btable\b/i.test(e.template))
      .map(([code]) => code)
    expect(unsafe).toEqual([])
  })

  it('tells corrupt, inconsistent and incomplete checkpoints to restore files or start over with the table', () => {
    for (const code of [
      'SL_STATE_CHECKPOINT_CORRUPT',
      'SL_STATE_CHECKPOINT_INCONSISTENT',
      'SL_STATE_STORE_FILE_MISSING',
      'SL_STATE_INPUT_MOVED',
    ] as const) {
      const template = ERROR_CATALOGUE[code].template
      expect(template, code).toContain('delete both its checkpoint and its output table')
      expect(template, code).toContain('A new checkpointLocation alone would write every row')
    }
  })
})
