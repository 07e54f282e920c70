/**
 * DeltaTable.delete / update against Spark + Delta (docs/delta-maintenance.md "DELETE and
 * UPDATE"). Each case writes one partitioned table with our batch writer (three appends: five
 * files over two partitions), copies it, runs the same command — a SQL condition and `set` values
 * given as SQL strings, which Delta's Python API reads as expressions — with our DeltaTable on one
 * copy and Delta's Python DeltaTable on the other (oracle/scenarios/delta_dml.py), and compares:
 *
 * - the final tables: Spark reads ours as it reads its own, our reader reads both the same;
 * - the commit (or that neither side commits): operation, isolation level (Serializable), the
 *   parameter keys, the operationMetrics keys and their row and removed-file counts — the same
 *   files are rewritten.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DeltaTable } from '../../src/index.js'
import { DeltaLog } from '../../src/delta/index.js'
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

type Value = number | string | null
interface DmlCase {
  name: string
  op: 'delete' | 'update'
  condition?: string
  set?: Record<string, string>
}

const DDL = 'id INT, v STRING, n BIGINT, p STRING'
const TABLE: Value[][][] = [
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

const CASES: DmlCase[] = [
  { name: 'delete on a data column (files rewritten)', op: 'delete', condition: 'n >= 40' },
  {
    name: 'delete on a partition and a data column',
    op: 'delete',
    condition: "p = 'x' AND (n < 15 OR n IS NULL)",
  },
  { name: 'delete of a whole partition', op: 'delete', condition: "p = 'y'" },
  { name: 'delete without a condition', op: 'delete' },
  { name: 'delete matching nothing: no commit', op: 'delete', condition: 'id > 100' },
  {
    name: 'update with SQL expression values',
    op: 'update',
    condition: 'id IN (1, 4, 6)',
    set: { n: 'n * 2 + id', v: "'changed'" },
  },
  {
    name: 'update of a whole partition',
    op: 'update',
    condition: "p = 'y'",
    set: { v: 'v', n: 'n + 1' },
  },
  { name: 'update without a condition', op: 'update', set: { n: 'id * 100' } },
  {
    name: 'update of the partition column moves rows',
    op: 'update',
    condition: 'n BETWEEN 20 AND 40',
    set: { p: "'z'" },
  },
  {
    name: 'update where the condition is null for a row (not updated)',
    op: 'update',
    condition: 'n > 30',
    set: { n: 'NULL' },
  },
  {
    name: 'update matching nothing: no commit',
    op: 'update',
    condition: 'id < 0',
    set: { n: '0' },
  },
]

interface SparkCommit {
  version: number
  operation: string
  operationParameters: Record<string, string>
  operationMetrics: Record<string, string>
  isolationLevel: string | null
  isBlindAppend: boolean | null
}

// numAddedFiles/Bytes are left out: how many files Spark writes for the rewritten rows depends on
// how it packs the input files into tasks, not on Delta's rules.
const COUNTS = [
  'numDeletedRows',
  'numUpdatedRows',
  'numCopiedRows',
  'numRemovedFiles',
  'numRemovedBytes',
  'numDeletionVectorsAdded',
  'numDeletionVectorsRemoved',
  'numDeletionVectorsUpdated',
  'numAddedChangeFiles',
]

describe('DeltaTable.delete / update vs Spark + Delta', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const root = await tempDir()
      const ours = join(root, 'ours')
      const theirs = join(root, 'spark')
      for (const rows of TABLE)
        await spark
          .createDataFrame(rows, DDL)
          .write.format('delta')
          .mode('append')
          .partitionBy('p')
          .save(ours)
      await fs.cp(ours, theirs, { recursive: true })
      const before = (await DeltaLog.forTable(ours).snapshot()).version

      const sparkRun = await oracleCall<{ error: OracleError | null; commit: SparkCommit | null }>(
        'delta_dml',
        'dml',
        { path: theirs, op: c.op, condition: c.condition ?? null, set: c.set ?? null },
      )
      expect(sparkRun.error).toBeNull()
      const table = DeltaTable.forPath(spark, ours)
      if (c.op === 'delete') await table.delete(c.condition)
      else await table.update({ ...(c.condition ? { condition: c.condition } : {}), set: c.set! })

      const sparkOfOurs = await oracle<OracleDeltaTable>({ op: 'readDelta', path: ours })
      const sparkOfTheirs = await oracle<OracleDeltaTable>({ op: 'readDelta', path: theirs })
      const diffs = [
        ...compareTables('Spark reading ours vs its own', sparkOfOurs, sparkOfTheirs),
        ...compareTables(
          'our reader on ours vs Spark',
          await readOurDeltaTable(spark, ours),
          sparkOfOurs,
        ),
        ...compareTables(
          'our reader on Spark vs Spark',
          await readOurDeltaTable(spark, theirs),
          sparkOfTheirs,
        ),
      ]
      expect(diffs, diffs.join('\n\n')).toEqual([])

      const commit = sparkRun.commit
      if (commit === null) {
        expect(sparkOfOurs.version).toBe(before)
        return
      }
      expect(commit.version).toBe(before + 1)
      expect(sparkOfOurs.version).toBe(before + 1)
      const [entry] = await DeltaLog.forTable(ours).history(1)
      expect(entry!.operation).toBe(commit.operation)
      expect(entry!.isolationLevel).toBe(commit.isolationLevel)
      expect(entry!.isBlindAppend).toBe(commit.isBlindAppend)
      expect(Object.keys(entry!.operationParameters).sort()).toEqual(
        Object.keys(commit.operationParameters).sort(),
      )
      // The predicate is a JSON array on both sides (Spark writes its own SQL text of it).
      expect((JSON.parse(entry!.operationParameters['predicate']!) as string[]).length).toBe(
        (JSON.parse(commit.operationParameters['predicate']!) as string[]).length,
      )
      const pick = (m: Record<string, string>): Record<string, string | undefined> =>
        Object.fromEntries(COUNTS.map((k) => [k, m[k]]))
      expect(pick(entry!.operationMetrics)).toEqual(pick(commit.operationMetrics))
      expect(Object.keys(entry!.operationMetrics).sort()).toEqual(
        Object.keys(commit.operationMetrics).sort(),
      )
    })
  }
})
