/**
 * The Delta SQL of remote DeltaTable operations (connect/delta-sql.ts) and the Column → SQL
 * rendering (connect/expression-to-sql.ts). What Spark makes of this text is checked against
 * the server in delta-table-remote.connect.ts; here: the statement forms of Delta's SQL
 * reference, Spark's literal and identifier quoting, and the refusals.
 */
import { describe, expect, it } from 'vitest'
import { count } from '../../src/api/aggregate-functions.js'
import { col, lit, when } from '../../src/api/functions.js'
import {
  deleteSql,
  detailSql,
  historySql,
  mergeSql,
  optimizeSql,
  restoreSql,
  updateSql,
  vacuumSql,
} from '../../src/connect/delta-sql.js'
import { expressionToSql } from '../../src/connect/expression-to-sql.js'
import { Decimal } from '../../src/types/decimal-value.js'

const scope = { method: 'DeltaTable.delete' }

describe('Column to Spark SQL', () => {
  it('quotes every identifier part and parenthesizes every operator', () => {
    expect(expressionToSql(col('a.b').plus(1).gt(col('my col')).expr, scope)).toBe(
      "((`a`.`b` + CAST('1' AS INT)) > `my col`)",
    )
    expect(expressionToSql(col('x`y').isNull().or(col('n').equalTo(2).not()).expr, scope)).toBe(
      "((`x``y` IS NULL) OR (NOT (`n` = CAST('2' AS INT))))",
    )
  })

  it('writes literals with their exact type and escapes quotes and backslashes', () => {
    expect(expressionToSql(lit("it's \\ ok").expr, scope)).toBe("'it\\'s \\\\ ok'")
    expect(expressionToSql(lit(0.1).expr, scope)).toBe("CAST('0.1' AS DOUBLE)")
    expect(expressionToSql(lit(Decimal.of(12345n, 2)).expr, scope)).toBe(
      "CAST('123.45' AS DECIMAL(5,2))",
    )
    expect(expressionToSql(lit(null).expr, scope)).toBe('NULL')
    expect(expressionToSql(lit(true).expr, scope)).toBe('TRUE')
    expect(expressionToSql(lit(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6))).expr, scope)).toBe(
      'TIMESTAMP_MICROS(1767323045006000)',
    )
  })

  it('writes CASE WHEN and casts', () => {
    expect(
      expressionToSql(
        when(col('n').lt(0), lit('neg')).otherwise(col('s').cast('string')).expr,
        scope,
      ),
    ).toBe("CASE WHEN (`n` < CAST('0' AS INT)) THEN 'neg' ELSE CAST(`s` AS STRING) END")
    expect(expressionToSql(col('s').try_cast('int').expr, scope)).toBe('TRY_CAST(`s` AS INT)')
  })

  it('refuses aggregates and columns of DataFrames outside the statement, naming the method', () => {
    expect(() => expressionToSql(count('id').expr, scope)).toThrow(
      /^DeltaTable.delete cannot run on Spark Connect as written: the aggregate count\(\)/,
    )
    const qualified = { kind: 'ColumnRefNode', name: 'id', qualifier: 'df7' } as const
    expect(() => expressionToSql(qualified, scope)).toThrow(/not part of this statement/)
    expect(
      expressionToSql(qualified, { ...scope, qualifier: (q) => (q === 'df7' ? 's' : undefined) }),
    ).toBe('`s`.`id`')
  })
})

describe('Delta statements', () => {
  const p = '/data/t`1'

  it('names the table by path and refuses a relative path', () => {
    expect(historySql(p, 3)).toBe('DESCRIBE HISTORY delta.`/data/t``1` LIMIT 3')
    expect(historySql('s3://b/t', undefined)).toBe('DESCRIBE HISTORY delta.`s3://b/t`')
    expect(() => deleteSql('data/t', undefined)).toThrow(
      expect.objectContaining({ code: 'SL_CONNECT_DELTA_UNSUPPORTED' }),
    )
    expect(detailSql("/data/it's")).toBe("DESCRIBE DETAIL '/data/it\\'s'")
  })

  it('DELETE, UPDATE, OPTIMIZE, VACUUM and RESTORE', () => {
    expect(deleteSql(p, undefined)).toBe('DELETE FROM delta.`/data/t``1`')
    expect(deleteSql(p, 'id = 1')).toBe('DELETE FROM delta.`/data/t``1` WHERE (id = 1)')
    expect(
      updateSql(p, col('id').gt(1).expr, [
        ['n', 'n + 1'],
        ['s', lit('x').expr],
      ]),
    ).toBe("UPDATE delta.`/data/t``1` SET `n` = (n + 1), `s` = 'x' WHERE (`id` > CAST('1' AS INT))")
    expect(optimizeSql(p, ["day = '1'", 'h > 2'], ['a', 'b'])).toBe(
      "OPTIMIZE delta.`/data/t``1` WHERE (day = '1') AND (h > 2) ZORDER BY (`a`, `b`)",
    )
    expect(vacuumSql(p, 1.5, true)).toBe('VACUUM delta.`/data/t``1` RETAIN 1.5 HOURS DRY RUN')
    expect(vacuumSql(p, undefined, false)).toBe('VACUUM delta.`/data/t``1`')
    expect(restoreSql(p, { version: 3 })).toBe(
      'RESTORE TABLE delta.`/data/t``1` TO VERSION AS OF 3',
    )
    expect(restoreSql(p, { timestamp: '2026-01-01 00:00:00' })).toBe(
      "RESTORE TABLE delta.`/data/t``1` TO TIMESTAMP AS OF '2026-01-01 00:00:00'",
    )
  })

  it('MERGE with every clause kind in order', () => {
    expect(
      mergeSql({
        path: '/t',
        targetAlias: 't',
        sourceAlias: 's',
        sourceView: 'v1',
        sourceQualifier: undefined,
        condition: 't.id = s.id',
        schemaEvolution: true,
        clauses: [
          { kind: 'matched', action: 'delete', condition: 's.gone' },
          { kind: 'matched', action: 'update', assignments: [['t.n', 's.n']] },
          {
            kind: 'notMatched',
            action: 'insert',
            assignments: [
              ['id', 's.id'],
              ['n', lit(0).expr],
            ],
          },
          { kind: 'notMatched', action: 'insert', all: true },
          { kind: 'notMatchedBySource', action: 'update', assignments: [['n', 'n + 1']] },
          { kind: 'notMatchedBySource', action: 'delete' },
        ],
      }),
    ).toBe(
      [
        'MERGE WITH SCHEMA EVOLUTION INTO delta.`/t` AS `t`',
        'USING `v1` AS `s`',
        'ON (t.id = s.id)',
        'WHEN MATCHED AND (s.gone) THEN DELETE',
        'WHEN MATCHED THEN UPDATE SET `n` = (s.n)',
        "WHEN NOT MATCHED THEN INSERT (`id`, `n`) VALUES ((s.id), CAST('0' AS INT))",
        'WHEN NOT MATCHED THEN INSERT *',
        'WHEN NOT MATCHED BY SOURCE THEN UPDATE SET `n` = (n + 1)',
        'WHEN NOT MATCHED BY SOURCE THEN DELETE',
      ].join('\n'),
    )
  })
})
