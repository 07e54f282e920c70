import { describe, expect, it } from 'vitest'
import { partitionRows } from '../../../src/sinks/delta/write-table-files.js'
import { Decimal } from '../../../src/types/decimal-value.js'
import { parseDdlSchema } from '../../../src/types/index.js'

describe('partitionRows', () => {
  it('groups by exact decimal partition values (a Decimal is not JSON), null apart', () => {
    const schema = parseDdlSchema('id INT, part DECIMAL(10,3)')
    const d = (s: string): Decimal => Decimal.parse(s)!
    const groups = partitionRows(
      schema,
      ['part'],
      [
        [1, d('1.500')],
        [2, d('-2.250')],
        [3, d('1.500')],
        [4, null],
      ],
    )
    expect(groups.map((g) => [String(g.values['part']), g.rows.map((r) => r[0])])).toEqual([
      ['1.500', [1, 3]],
      ['-2.250', [2]],
      ['null', [4]],
    ])
  })
})
