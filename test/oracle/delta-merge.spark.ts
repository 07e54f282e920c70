/**
 * DeltaTable.merge against Spark + Delta (docs/delta-merge.md). Each case writes one partitioned
 * table with our batch writer (three appends: three files), copies it, runs the same MERGE —
 * described once as data — with our DeltaMergeBuilder on one copy and Delta's Python
 * DeltaMergeBuilder on the other (oracle/scenarios/delta_merge.py), and compares:
 *
 * - the final tables: Spark reads ours as it reads its own, our reader reads both the same;
 * - execute()'s row (num_affected/updated/deleted/inserted_rows), or both engines' refusal;
 * - the MERGE commit: operation, isolation level, which clauses the parameters list, and the row
 *   and file counts of operationMetrics — the files removed are the same files, since both start
 *   from the same table (Delta's rule for which files a MERGE touches).
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DeltaTable, col, type DataFrame } from '../../src/index.js'
import type { DeltaMergeBuilder } from '../../src/api/delta-merge-builder.js'
import { DeltaLog } from '../../src/delta/index.js'
import { EngineError } from '../../src/errors/index.js'
import { tempDir } from '../support/temp-dir.js'
import { compareTables } from './support/compare.js'
import {
  oracle,
  oracleCall,
  type OracleDeltaTable,
  type OracleError,
} from './support/oracle-client.js'
import { oursSession, readOurDeltaTable } from './support/run-ours.js'

const spark = oursSession()

type Value = number | string | boolean | null
type Clause =
  | {
      kind: 'matchedUpdate' | 'notMatchedBySourceUpdate'
      condition?: string
      set: Record<string, string>
    }
  | { kind: 'notMatchedInsert'; condition?: string; values: Record<string, string> }
  | {
      kind:
        'matchedUpdateAll' | 'matchedDelete' | 'notMatchedInsertAll' | 'notMatchedBySourceDelete'
      condition?: string
    }

interface MergeCase {
  name: string
  source: Value[][]
  sourceDdl?: string
  condition: string
  clauses: Clause[]
  schemaEvolution?: boolean
  /** Spark's error class when Spark refuses the merge (ours must refuse with `ourCode`). */
  sparkError?: string
  ourCode?: string
}

const TARGET_DDL = 'id INT, v STRING, n BIGINT, p STRING'
const SOURCE_DDL = 'id INT, v STRING, n BIGINT, p STRING, op STRING'
const TARGET: Value[][][] = [
  [
    [1, 'a', 10, 'x'],
    [2, 'b', 20, 'x'],
    [3, 'c', 30, 'y'],
  ],
  [
    [4, 'd', 40, 'x'],
    [5, 'e', 50, 'y'],
  ],
  [
    [6, 'f', 60, 'y'],
    [7, 'g', null, 'x'],
  ],
]

const CASES: MergeCase[] = [
  {
    name: 'upsert (update matched, insert the rest)',
    source: [
      [2, 'B', 2, 'x', 'u'],
      [5, 'E', 5, 'y', 'u'],
      [8, 'H', 8, 'y', 'u'],
    ],
    condition: 't.id = s.id',
    clauses: [
      { kind: 'matchedUpdate', set: { v: 's.v', n: 't.n + s.n' } },
      { kind: 'notMatchedInsertAll' },
    ],
  },
  {
    name: 'every clause kind with conditions, applied in order; an update moves a row to another partition',
    source: [
      [1, 'x1', 100, 'x', 'delete'],
      [2, 'x2', 200, 'y', 'upsert'],
      [3, 'x3', 300, 'y', 'other'],
      [9, 'x9', 900, 'x', 'upsert'],
      [10, 'x10', 1000, 'y', 'delete'],
      [11, 'x11', null, null, 'other'],
    ],
    condition: 't.id = s.id',
    clauses: [
      { kind: 'matchedDelete', condition: "s.op = 'delete'" },
      { kind: 'matchedUpdate', condition: "s.op = 'upsert'", set: { v: 's.v', p: 's.p' } },
      { kind: 'matchedUpdate', set: { v: "'matched'" } },
      {
        kind: 'notMatchedInsert',
        condition: "s.op = 'upsert'",
        values: { id: 's.id', v: 's.v', p: 's.p' },
      },
      { kind: 'notMatchedInsert', values: { id: 's.id', v: "'other'", n: '-1', p: "'z'" } },
      { kind: 'notMatchedBySourceDelete', condition: 't.n = 40' },
      {
        kind: 'notMatchedBySourceUpdate',
        condition: 't.n > 40 OR t.n IS NULL',
        set: { n: 't.n * 10' },
      },
    ],
  },
  {
    name: 'matched clauses only: a file whose matched rows no clause takes is not rewritten',
    source: [
      [1, 'A', 1, 'x', 'keep'],
      [4, 'D', 4, 'x', 'change'],
      [6, 'F', 6, 'y', 'keep'],
    ],
    condition: 't.id = s.id',
    clauses: [{ kind: 'matchedUpdate', condition: "s.op = 'change'", set: { v: 's.v' } }],
  },
  {
    name: 'a condition with a non-equality part',
    source: [
      [1, 'A', 5, 'x', ''],
      [2, 'B', 25, 'x', ''],
      [3, 'C', 35, 'y', ''],
    ],
    condition: 't.id = s.id AND s.n > t.n',
    clauses: [{ kind: 'matchedUpdateAll' }, { kind: 'notMatchedInsertAll' }],
  },
  {
    name: 'two source rows matching one target row: refused',
    source: [
      [2, 'B', 2, 'x', ''],
      [2, 'BB', 3, 'x', ''],
    ],
    condition: 't.id = s.id',
    clauses: [{ kind: 'matchedUpdateAll' }],
    sparkError: 'DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE',
    ourCode: 'SL_DELTA_MERGE_MULTIPLE_MATCHES',
  },
  {
    name: 'two source rows matching one target row with one unconditional delete: allowed',
    source: [
      [2, 'B', 2, 'x', ''],
      [2, 'BB', 3, 'x', ''],
      [6, 'F', 3, 'y', ''],
    ],
    condition: 't.id = s.id',
    clauses: [{ kind: 'matchedDelete' }],
  },
  {
    name: 'insert-only: duplicate source rows are all inserted, matches are not checked',
    source: [
      [1, 'dup', 1, 'x', ''],
      [1, 'dup2', 1, 'x', ''],
      [12, 'L', 12, 'x', ''],
      [12, 'L2', 13, 'y', ''],
    ],
    condition: 't.id = s.id',
    clauses: [{ kind: 'notMatchedInsertAll' }],
  },
  {
    name: 'schema evolution: updateAll/insertAll add the source column the table lacks',
    source: [
      [3, 'C', 3, 'y', 'new'],
      [13, 'M', 13, 'x', 'new'],
    ],
    condition: 't.id = s.id',
    clauses: [{ kind: 'matchedUpdateAll' }, { kind: 'notMatchedInsertAll' }],
    schemaEvolution: true,
  },
  {
    name: 'schema evolution with a source that lacks a target column: updates keep it, inserts null',
    source: [
      [4, 'D', 'x', 'e4'],
      [14, 'N', 'y', 'e14'],
    ],
    sourceDdl: 'id INT, v STRING, p STRING, extra STRING',
    condition: 't.id = s.id',
    clauses: [{ kind: 'matchedUpdateAll' }, { kind: 'notMatchedInsertAll' }],
    schemaEvolution: true,
  },
]

/** The same clauses through our builder. */
function ourMerge(path: string, c: MergeCase, source: DataFrame): DeltaMergeBuilder {
  let b = DeltaTable.forPath(spark, path).alias('t').merge(source.alias('s'), c.condition)
  for (const clause of c.clauses) {
    const condition = clause.condition === undefined ? {} : { condition: clause.condition }
    switch (clause.kind) {
      case 'matchedUpdate':
        b = b.whenMatchedUpdate({ ...condition, set: clause.set })
        break
      case 'matchedUpdateAll':
        b = b.whenMatchedUpdateAll(clause.condition)
        break
      case 'matchedDelete':
        b = b.whenMatchedDelete(clause.condition)
        break
      case 'notMatchedInsert':
        b = b.whenNotMatchedInsert({ ...condition, values: clause.values })
        break
      case 'notMatchedInsertAll':
        b = b.whenNotMatchedInsertAll(clause.condition)
        break
      case 'notMatchedBySourceUpdate':
        b = b.whenNotMatchedBySourceUpdate({ ...condition, set: clause.set })
        break
      case 'notMatchedBySourceDelete':
        b = b.whenNotMatchedBySourceDelete(clause.condition)
        break
    }
  }
  return c.schemaEvolution ? b.withSchemaEvolution() : b
}

interface SparkMerge {
  result: number[][] | null
  error: OracleError | null
  operation?: string
  operationParameters?: Record<string, string>
  operationMetrics?: Record<string, string>
  isolationLevel?: string | null
  version?: number
}

const COUNTS = [
  'numSourceRows',
  'numTargetRowsInserted',
  'numTargetRowsUpdated',
  'numTargetRowsMatchedUpdated',
  'numTargetRowsNotMatchedBySourceUpdated',
  'numTargetRowsDeleted',
  'numTargetRowsMatchedDeleted',
  'numTargetRowsNotMatchedBySourceDeleted',
  'numTargetRowsCopied',
  'numOutputRows',
  'numTargetFilesRemoved',
  'numTargetBytesRemoved',
]

const clauseTypes = (json: string | undefined): string[] =>
  (JSON.parse(json ?? '[]') as { actionType: string }[]).map((c) => c.actionType)

describe('DeltaTable.merge vs Spark + Delta', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const root = await tempDir()
      const ours = join(root, 'ours')
      const theirs = join(root, 'spark')
      for (const rows of TARGET)
        await spark
          .createDataFrame(rows, TARGET_DDL)
          .write.format('delta')
          .mode('append')
          .partitionBy('p')
          .save(ours)
      await fs.cp(ours, theirs, { recursive: true })
      const before = (await DeltaLog.forTable(ours).snapshot()).version

      const sourceDdl = c.sourceDdl ?? SOURCE_DDL
      const source = spark.createDataFrame(c.source, sourceDdl)
      const sparkRun = await oracleCall<SparkMerge>('delta_merge', 'merge', {
        path: theirs,
        source_rows: c.source.map((r) => r.map((v) => (v === null ? null : String(v)))),
        source_ddl: sourceDdl,
        condition: c.condition,
        clauses: c.clauses,
        schema_evolution: c.schemaEvolution ?? false,
      })
      let ourResult: unknown[][] | undefined
      let ourError: unknown
      try {
        ourResult = (await (await ourMerge(ours, c, source).execute()).collectRows()).rows
      } catch (e) {
        ourError = e
      }

      if (c.sparkError) {
        expect(sparkRun.error?.errorClass).toBe(c.sparkError)
        expect(ourError).toBeInstanceOf(EngineError)
        expect((ourError as EngineError).code).toBe(c.ourCode)
        expect((await DeltaLog.forTable(ours).snapshot()).version).toBe(before)
        return
      }
      expect(ourError).toBeUndefined()
      expect(sparkRun.error).toBeNull()
      expect(ourResult).toEqual(sparkRun.result)

      const sparkOfOurs = await oracle<OracleDeltaTable>({ op: 'readDelta', path: ours })
      const sparkOfTheirs = await oracle<OracleDeltaTable>({ op: 'readDelta', path: theirs })
      const oursOfOurs = await readOurDeltaTable(spark, ours)
      const oursOfTheirs = await readOurDeltaTable(spark, theirs)
      const diffs = [
        ...compareTables('Spark reading our merge vs its own', sparkOfOurs, sparkOfTheirs),
        ...compareTables('our reader on our merge vs Spark', oursOfOurs, sparkOfOurs),
        ...compareTables('our reader on Spark merge vs Spark', oursOfTheirs, sparkOfTheirs),
      ]
      expect(diffs, diffs.join('\n\n')).toEqual([])
      // One commit on each side.
      expect(sparkOfOurs.version).toBe(before + 1)
      expect(sparkRun.version).toBe(before + 1)

      const [entry] = await DeltaLog.forTable(ours).history(1)
      expect(entry!.operation).toBe(sparkRun.operation)
      expect(entry!.isolationLevel).toBe(sparkRun.isolationLevel)
      const sp = sparkRun.operationParameters!
      for (const k of ['matchedPredicates', 'notMatchedPredicates', 'notMatchedBySourcePredicates'])
        expect(clauseTypes(entry!.operationParameters[k]), k).toEqual(clauseTypes(sp[k]))
      expect(Object.keys(entry!.operationParameters).sort()).toEqual(Object.keys(sp).sort())
      const sm = sparkRun.operationMetrics!
      const pick = (m: Record<string, string>) => Object.fromEntries(COUNTS.map((k) => [k, m[k]]))
      expect(pick(entry!.operationMetrics)).toEqual(pick(sm))
      expect(Object.keys(entry!.operationMetrics).sort()).toEqual(Object.keys(sm).sort())
    })
  }

  it('a Column condition and Column values give the same table as the SQL strings', async () => {
    const root = await tempDir()
    const a = join(root, 'a')
    const b = join(root, 'b')
    for (const path of [a, b])
      await spark.createDataFrame(TARGET.flat(), TARGET_DDL).write.format('delta').save(path)
    const source = spark.createDataFrame([[2, 'B', 2, 'x', 'u']], SOURCE_DDL).alias('s')
    await DeltaTable.forPath(spark, a)
      .alias('t')
      .merge(source, 't.id = s.id')
      .whenMatchedUpdate({ set: { n: 't.n + s.n' } })
      .execute()
    await DeltaTable.forPath(spark, b)
      .alias('t')
      .merge(source, col('t.id').eq(col('s.id')))
      .whenMatchedUpdate({ set: { n: col('t.n').plus(col('s.n')) } })
      .execute()
    const diffs = compareTables(
      'Column vs SQL',
      await oracle<OracleDeltaTable>({ op: 'readDelta', path: b }),
      await oracle<OracleDeltaTable>({ op: 'readDelta', path: a }),
    )
    expect(diffs, diffs.join('\n\n')).toEqual([])
  })
})
