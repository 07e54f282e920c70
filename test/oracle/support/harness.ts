/**
 * The differential runner: one scenario on both engines (Spark through the long-lived oracle,
 * ours in this process, concurrently), then a readable comparison.
 */
import { join } from 'node:path'
import { it } from 'vitest'
import { tempDir } from '../../support/temp-dir.js'
import { compareResults } from './compare.js'
import { progressOf, type EngineResult } from './engine-result.js'
import { oracle, oracleErrorText, type OracleStreamResult } from './oracle-client.js'
import { prepareInput } from './prepare-input.js'
import { readOptionsOf, runOurs } from './run-ours.js'
import type { Scenario } from './scenario.js'

export interface ScenarioRun {
  readonly ours: EngineResult
  readonly spark: EngineResult
  readonly diffs: string[]
  readonly root: string
}

/** Runs `s` on both engines over the same freshly written input and compares the results. */
export async function runScenario(s: Scenario): Promise<ScenarioRun> {
  const root = await tempDir('streamlake-oracle-')
  const input = join(root, 'input')
  await prepareInput(s.input, input)
  const values = s.setup ? await s.setup(root) : { ours: {}, spark: {} }
  const [sparkRaw, ours] = await Promise.all([
    oracle<OracleStreamResult>({
      op: 'stream',
      name: s.name,
      format: s.format ?? 'json',
      input,
      schema: s.schema,
      readOptions: readOptionsOf(s),
      query: s.pyQuery ?? null,
      trigger: s.trigger ?? 'availableNow',
      outputMode: s.outputMode ?? 'append',
      sessionTimeZone: s.sessionTimeZone ?? 'UTC',
      checkpoint: join(root, 'spark'),
      deltaPath: s.compareDelta ? join(root, 'spark', 'table') : null,
      mergeKeys: s.mergeKeys ?? null,
      context: values.spark,
      afterBatch: s.afterBatch?.py ?? null,
    }),
    runOurs(s, input, join(root, 'ours'), values.ours),
  ])
  const spark = sparkEngineResult(sparkRaw)
  const diffs = compareRun(ours, spark, s, 'input')
  return { ours, spark, diffs, root }
}

/** The oracle's answer to a `stream` request as an {@link EngineResult}. */
export function sparkEngineResult(raw: OracleStreamResult): EngineResult {
  return {
    schema: raw.schema,
    batches: raw.batches,
    progress: raw.progress.map(progressOf),
    error: oracleErrorText(raw.error),
    ...(raw.delta ? { delta: raw.delta } : {}),
  }
}

/**
 * Every difference between the engines' results, plus a Spark run that compared nothing and a
 * scenario expected to fail on both that did not (`input` names what to check in the first case).
 */
export function compareRun(
  ours: EngineResult,
  spark: EngineResult,
  s: { readonly ignoreColumns?: readonly string[]; readonly expectFailure?: boolean },
  input: string,
): string[] {
  const diffs = compareResults(
    ours,
    spark,
    s.ignoreColumns ? { ignoreColumns: s.ignoreColumns } : {},
  )
  if (spark.batches.length === 0 && spark.error === null)
    diffs.push(`Spark ran no micro-batch: the scenario compares nothing (check its ${input})`)
  if (s.expectFailure && (ours.error === null || spark.error === null))
    diffs.push(
      `expected both engines to fail; ours: ${ours.error ?? 'ok'}; Spark: ${spark.error ?? 'ok'}`,
    )
  return diffs
}

/** Throws a readable report when the engines disagree. */
export function assertSame(s: Pick<Scenario, 'name'>, run: ScenarioRun): void {
  if (run.diffs.length === 0) return
  throw new Error(
    `scenario "${s.name}": our engine differs from Spark (${run.diffs.length} difference(s); files in ${run.root})\n\n` +
      run.diffs.join('\n\n'),
  )
}

/** One vitest test per scenario ({@link differentialTest}). */
export function scenarioTests(scenarios: readonly Scenario[]): void {
  for (const s of scenarios) differentialTest(s, () => runScenario(s))
}

/**
 * One vitest test comparing the engines on `s`. Differences listed in `knownDifferences` are
 * tolerated while they occur; a listed one that no longer occurs fails the test so that its entry
 * gets removed.
 */
export function differentialTest(
  s: Pick<Scenario, 'name' | 'knownDifferences'>,
  run: () => Promise<ScenarioRun>,
): void {
  const known = s.knownDifferences ?? []
  const name = known.length ? `${s.name} [known: ${known.map((k) => k.id).join(', ')}]` : s.name
  it(name, async () => {
    const result = await run()
    const unexpected = result.diffs.filter((d) => !known.some((k) => k.matches.test(d)))
    assertSame(s, { ...result, diffs: unexpected })
    const gone = known.filter((k) => !result.diffs.some((d) => k.matches.test(d)))
    if (gone.length)
      throw new Error(
        `scenario "${s.name}": known difference(s) ${gone.map((k) => k.id).join(', ')} no longer ` +
          'occur — remove them from the scenario and move them to "Resolved" in DIFFERENCES.md',
      )
  })
}
