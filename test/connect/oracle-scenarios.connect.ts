/**
 * Every oracle scenario (test/oracle/scenarios, the ones stateless.spark.ts checks against
 * PySpark) that can run on Spark Connect, run twice over the same input files with the same
 * `query(df)`: on the embedded engine and on Spark through a remote session. Both write a Delta
 * table (foreachBatch does not exist remotely), so what is compared is what both engines expose:
 * the final table's columns and rows, each batch's numInputRows (recentProgress), and whether the
 * query failed.
 *
 * Scenarios that cannot run remotely are listed below with the reason, and the list is checked:
 * a refused one must still be refused at start() (so one that starts working is noticed), and a
 * listed difference must still occur. Every scenario runs (no subset): the remote queries run a
 * few at a time on the one server, and the run time is printed at the end.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SparkSession } from '../../src/index.js'
import { STATELESS_SCENARIOS } from '../oracle/scenarios/index.js'
import { oursSession } from '../oracle/support/run-ours.js'
import { prepareInput } from '../oracle/support/prepare-input.js'
import type { Scenario } from '../oracle/support/scenario.js'
import { tempDir } from '../support/temp-dir.js'
import { runScenarioOn, type ScenarioOutcome } from './support/run-scenario-on.js'

/** Why a scenario is not compared remotely. */
type NotRemote =
  /** Refused at start() with SL_CONNECT_UNSUPPORTED before anything is sent (asserted). */
  | { readonly kind: 'refused'; readonly reason: string }
  /** Needs something a remote session cannot have (the scenario is not run). */
  | { readonly kind: 'not-applicable'; readonly reason: string }
  /** Runs, and Spark's result differs from ours as documented (asserted to still differ). */
  | { readonly kind: 'differs'; readonly id: string; readonly reason: string }

const UPDATE_INTO_DELTA =
  "update mode into Delta: Spark's Delta sink accepts append and complete only (our sink upserts)"

/** The decision for a scenario, or undefined when it runs and must match. */
function notRemote(s: Scenario): NotRemote | undefined {
  const listed = LISTED[s.name]
  if (listed) return listed
  if ((s.outputMode ?? 'append') === 'update') return { kind: 'refused', reason: UPDATE_INTO_DELTA }
  if (s.afterBatch)
    return {
      kind: 'not-applicable',
      reason:
        'updates its static table from foreachBatch between batches; a remote query has no foreachBatch',
    }
  const known = s.knownDifferences?.map((k) => k.id) ?? []
  if (known.length)
    return {
      kind: 'differs',
      id: known.join(', '),
      reason: 'a documented difference between streamlake and Spark (test/oracle/DIFFERENCES.md)',
    }
  return undefined
}

/** Scenario-specific decisions (by name), beyond the rules in {@link notRemote}. */
const LISTED: Readonly<Record<string, NotRemote>> = {
  'input encoding: ill-formed UTF-8 Jackson reads (overlong, past U+10FFFF) or rejects (surrogates, CESU-8)':
    {
      kind: 'differs',
      id: 'C1',
      reason:
        "Spark's _corrupt_record keeps the line's raw ill-formed bytes in the Delta table (six U+FFFD when read back), ours two U+FFFD",
    },
}

/**
 * Remote queries at a time. Spark runs each streaming query on its own driver thread and the
 * scenarios' inputs are tiny, so a query spends most of its time in driver-side work (planning,
 * the Delta commit) rather than in tasks: a few at once keep both cores busy without queueing
 * so many that each one's batches stretch out.
 */
const CONCURRENCY = 4
const scenarios = STATELESS_SCENARIOS
const outcomes = new Map<string, Promise<{ ours: ScenarioOutcome; spark: ScenarioOutcome }>>()
let url: string
let suiteStarted = 0

/** Runs `tasks` with at most `n` at a time; each result is a promise in `outcomes`. */
function pool<T>(items: readonly T[], n: number, run: (item: T) => Promise<void>): void {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) await run(items[next++]!).catch(() => undefined)
  }
  for (let i = 0; i < n; i++) void worker()
}

async function runBoth(s: Scenario): Promise<{ ours: ScenarioOutcome; spark: ScenarioOutcome }> {
  const root = await tempDir('streamlake-connect-oracle-')
  const input = join(root, 'input')
  await prepareInput(s.input, input)
  const values = s.setup ? await s.setup(root) : { ours: {}, spark: {} }
  const embedded = oursSession(s.sessionTimeZone)
  const ours = await runScenarioOn(s, embedded, embedded, input, join(root, 'ours'), values.ours)
  const remote = SparkSession.builder().remote(url).getOrCreate().newSession()
  remote.conf.set('spark.sql.session.timeZone', s.sessionTimeZone ?? 'UTC')
  remote.conf.set('spark.sql.shuffle.partitions', '2')
  // Interpreted evaluation instead of generated code: for a few dozen rows per batch, compiling
  // (Janino, then the JIT) cost more server CPU than running (−25–30% per scenario measured);
  // Spark guarantees the same results either way (its own tests run both modes).
  remote.conf.set('spark.sql.codegen.wholeStage', 'false')
  remote.conf.set('spark.sql.codegen.factoryMode', 'NO_CODEGEN')
  // The server sees this machine's files: the same paths and setup values as ours.
  const spark = await runScenarioOn(s, remote, embedded, input, join(root, 'spark'), values.ours)
  console.log(`${s.name}: ours ${ours.ms} ms, Spark ${spark.ms} ms (${root})`)
  return { ours, spark }
}

beforeAll(() => {
  url = inject('sparkConnectUrl')
  suiteStarted = Date.now()
  const runnable = scenarios.filter((s) => notRemote(s)?.kind !== 'not-applicable')
  const deferreds = new Map<
    string,
    (r: Promise<{ ours: ScenarioOutcome; spark: ScenarioOutcome }>) => void
  >()
  for (const s of runnable)
    outcomes.set(
      s.name,
      new Promise((resolve) => deferreds.set(s.name, resolve)).then(
        (p) => p as { ours: ScenarioOutcome; spark: ScenarioOutcome },
      ),
    )
  pool(runnable, CONCURRENCY, async (s) => {
    const result = runBoth(s)
    deferreds.get(s.name)!(result)
    await result
  })
})

afterAll(() => {
  console.log(
    `oracle scenarios on Spark Connect: ${outcomes.size} run in ${((Date.now() - suiteStarted) / 60_000).toFixed(1)} min`,
  )
})

describe('oracle scenarios: the embedded engine and Spark (through Spark Connect) write the same tables', () => {
  it('every listed scenario exists', () => {
    const names = new Set(STATELESS_SCENARIOS.map((s) => s.name))
    for (const name of Object.keys(LISTED)) expect(names.has(name), name).toBe(true)
  })

  for (const s of scenarios) {
    const decision = notRemote(s)
    const label = decision
      ? `${s.name} [${decision.kind}: ${decision.kind === 'differs' ? decision.id : decision.reason}]`
      : s.name
    if (decision?.kind === 'not-applicable') {
      it(label, () => {
        expect(decision.reason).not.toBe('')
      })
      continue
    }
    it(
      label,
      async () => {
        const { ours, spark } = await outcomes.get(s.name)!
        const detail = `ours ${ours.ms} ms, Spark ${spark.ms} ms\nours: ${ours.error ?? 'ok'}\nSpark: ${spark.error ?? 'ok'}`
        if (decision?.kind === 'refused') {
          expect(spark.errorCode, `${detail}\nstill refused`).toBe('SL_CONNECT_UNSUPPORTED')
          return
        }
        const same =
          JSON.stringify([ours.columns, ours.rows, ours.numInputRows, ours.error === null]) ===
          JSON.stringify([spark.columns, spark.rows, spark.numInputRows, spark.error === null])
        if (decision?.kind === 'differs') {
          expect(same, `${detail}\n${decision.id} no longer differs: remove it from the list`).toBe(
            false,
          )
          return
        }
        if (s.expectFailure) {
          expect(ours.error, detail).not.toBeNull()
          expect(spark.error, detail).not.toBeNull()
        } else {
          expect(ours.error, detail).toBeNull()
          expect(spark.error, detail).toBeNull()
        }
        expect(spark.columns, detail).toEqual(ours.columns)
        expect(spark.rows, detail).toEqual(ours.rows)
        expect(spark.numInputRows, `${detail}\nnumInputRows per batch`).toEqual(ours.numInputRows)
      },
      1_800_000,
    )
  }
})
