/**
 * Differential scenarios over several streaming file sources (unions, stream-stream joins). A
 * step writes its files — at most one per source, so that `maxFilesPerTrigger` = 1 puts them in
 * one batch — and then one AvailableNow run of the query drains them from the same checkpoint,
 * including any no-data batch (spark-semantics §15 "step"). Both engines get the same files,
 * names and modification times; results are compared as in `harness.ts`.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { it } from 'vitest'
import type { SparkSession } from '../../../src/index.js'
import { schemaToJson, type DataFrame, type StreamingQuery } from '../../../src/index.js'
import { tempDir } from '../../support/temp-dir.js'
import { compareResults } from './compare.js'
import { encodeValue, progressOf, type BatchOutput, type EngineResult } from './engine-result.js'
import { oracle, type OracleStreamResult, type SchemaJson } from './oracle-client.js'
import { sparkEngineResult } from './harness.js'
import { FIRST_MTIME_MS } from './prepare-input.js'
import type { KnownDifference } from './scenario.js'
import { oursSession } from './run-ours.js'

/** One step: per source, the lines of the file it gets (absent: no file this step). */
export type MultiSourceStep = readonly (readonly string[] | undefined)[]

export interface MultiSourceScenario {
  readonly name: string
  /** One DDL schema per source. */
  readonly schemas: readonly string[]
  readonly steps: readonly MultiSourceStep[]
  /** Ours, a function of the streaming DataFrames (one per source, in order). */
  readonly query: (...sources: DataFrame[]) => DataFrame
  /** `function(df1, df2, ...)` in oracle/scenarios/<file>.py. */
  readonly pyQuery: { readonly file: string; readonly function: string }
  readonly outputMode?: 'append' | 'complete' | 'update'
  /** Session confs for both engines (e.g. the multiple-watermark policy). */
  readonly conf?: Readonly<Record<string, string>>
  /** Both engines must fail (e.g. at start()); the test then compares only that. */
  readonly expectFailure?: boolean
  /** Documented differences, tolerated while they occur (as `Scenario.knownDifferences`). */
  readonly knownDifferences?: readonly KnownDifference[]
}

interface StepFile {
  readonly source: number
  readonly name: string
  readonly lines: readonly string[]
}

function stepFiles(s: MultiSourceScenario): StepFile[][] {
  return s.steps.map((step, i) =>
    step.flatMap((lines, source) =>
      lines ? [{ source, name: `step-${String(i).padStart(3, '0')}.json`, lines }] : [],
    ),
  )
}

export async function runMultiSourceScenario(s: MultiSourceScenario): Promise<string[]> {
  const root = await tempDir('streamlake-oracle-multi-')
  const dirs = (who: string) => s.schemas.map((_, i) => join(root, who, `input-${i}`))
  const steps = stepFiles(s)
  const [sparkRaw, ours] = await Promise.all([
    oracle<OracleStreamResult>({
      op: 'streamSteps',
      name: s.name,
      inputs: dirs('spark'),
      schemas: s.schemas,
      readOptions: { maxFilesPerTrigger: 1 },
      query: s.pyQuery,
      steps,
      firstMtimeMs: FIRST_MTIME_MS,
      outputMode: s.outputMode ?? 'append',
      sessionTimeZone: 'UTC',
      conf: s.conf ?? {},
      checkpoint: join(root, 'spark', 'checkpoint'),
    }),
    runOurs(s, steps, dirs('ours'), join(root, 'ours', 'checkpoint')),
  ])
  const spark = sparkEngineResult(sparkRaw)
  if (process.env['STREAMLAKE_ORACLE_VERBOSE'])
    for (const [who, r] of [
      ['ours', ours],
      ['Spark', spark],
    ] as const)
      console.log(
        `${s.name} — ${who}: ${r.error ?? 'ok'}\n` +
          r.batches.map((b) => `  batch ${b.batchId}: ${JSON.stringify(b.rows)}`).join('\n'),
      )
  if (s.expectFailure) {
    return ours.error !== null && spark.error !== null
      ? []
      : [
          `expected both engines to fail; ours: ${ours.error ?? 'ok'}; Spark: ${spark.error ?? 'ok'}`,
        ]
  }
  const diffs = compareResults(ours, spark)
  if (spark.batches.length === 0 && spark.error === null)
    diffs.push('Spark ran no micro-batch: the scenario compares nothing (check its input)')
  return diffs.length ? [`files in ${root}`, ...diffs] : []
}

async function runOurs(
  s: MultiSourceScenario,
  steps: readonly StepFile[][],
  dirs: readonly string[],
  checkpoint: string,
): Promise<EngineResult> {
  const spark: SparkSession = oursSession()
  for (const [k, v] of Object.entries(s.conf ?? {})) spark.conf.set(k, v)
  for (const d of dirs) await fs.mkdir(d, { recursive: true })
  const batches: BatchOutput[] = []
  const progress: EngineResult['progress'][number][] = []
  let schema: SchemaJson | null = null
  let error: string | null = null
  let written = 0
  try {
    const df = s.query(
      ...s.schemas.map((ddl, i) =>
        spark.readStream.format('json').schema(ddl).option('maxFilesPerTrigger', 1).load(dirs[i]),
      ),
    )
    for (const step of steps) {
      for (const f of step) {
        const path = join(dirs[f.source]!, f.name)
        await fs.writeFile(path, f.lines.join('\n') + '\n')
        const t = new Date(FIRST_MTIME_MS + 10_000 * written++)
        await fs.utimes(path, t, t)
      }
      let query: StreamingQuery | undefined
      try {
        query = await df.writeStream
          .foreachBatch(async (batch, batchId) => {
            const { schema: batchSchema, rows } = await batch.collectRows()
            schema ??= JSON.parse(schemaToJson(batchSchema)) as SchemaJson
            batches.push({ batchId, rows: rows.map((r) => r.map(encodeValue)) })
          })
          .outputMode(s.outputMode ?? 'append')
          .option('checkpointLocation', checkpoint)
          .trigger({ availableNow: true })
          .start()
        await query.awaitTermination()
      } finally {
        for (const p of query?.recentProgress ?? [])
          progress.push(progressOf(p as unknown as Record<string, unknown>))
      }
    }
  } catch (e) {
    error = e instanceof Error ? e.message : String(e)
  }
  return { schema, batches, progress, error }
}

/**
 * One vitest test per scenario. Differences listed in `knownDifferences` are tolerated while
 * they occur; a listed one that no longer occurs fails the test so that its entry gets removed.
 */
export function multiSourceTests(scenarios: readonly MultiSourceScenario[]): void {
  for (const s of scenarios) {
    const known = s.knownDifferences ?? []
    const name = known.length ? `${s.name} [known: ${known.map((k) => k.id).join(', ')}]` : s.name
    it(name, async () => {
      const [where, ...diffs] = await runMultiSourceScenario(s)
      const unexpected = diffs.filter((d) => !known.some((k) => k.matches.test(d)))
      if (unexpected.length)
        throw new Error(
          `scenario "${s.name}": our engine differs from Spark (${unexpected.length} difference(s))\n\n` +
            [where, ...unexpected].join('\n\n'),
        )
      const gone = known.filter((k) => !diffs.some((d) => k.matches.test(d)))
      if (gone.length)
        throw new Error(
          `scenario "${s.name}": known difference(s) ${gone.map((k) => k.id).join(', ')} no longer ` +
            'occur — remove them from the scenario and move them to "Resolved" in DIFFERENCES.md',
        )
    })
  }
}
