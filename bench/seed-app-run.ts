/**
 * The part the one-run bench children (query-run.ts, stateful-query-run.ts) share: their argv
 * `<app> <input dir> <work dir> <maxFilesPerTrigger>`, and running that seed app available-now
 * to its end with data and checkpoints under the work dir. What each child measures stays in it.
 */
import { join } from 'node:path'
import { SparkSession, type StreamingQuery } from '../src/index.js'
import { startSeedApp } from '../src/apps/seed-apps.js'

export interface SeedAppRun {
  readonly app: string
  readonly input: string
  readonly work: string
  readonly maxFilesPerTrigger: number
}

export function parseSeedAppRun(argv: readonly string[] = process.argv.slice(2)): SeedAppRun {
  const [app, input, work, maxFiles] = argv as [string, string, string, string]
  return { app, input, work, maxFilesPerTrigger: Number(maxFiles) }
}

/** The session the children run in (UTC, as the Spark side of the bench). */
export function seedAppSession(): SparkSession {
  return SparkSession.builder().config('spark.sql.session.timeZone', 'UTC').getOrCreate()
}

/** Starts the app's queries and resolves, with them, once every one has ended. */
export async function runSeedAppToEnd(
  spark: SparkSession,
  run: SeedAppRun,
): Promise<StreamingQuery[]> {
  const queries = await startSeedApp(spark, run.app, {
    input: run.input,
    data: join(run.work, 'data'),
    checkpoints: join(run.work, 'checkpoints'),
    trigger: { availableNow: true },
    maxFilesPerTrigger: run.maxFilesPerTrigger,
  })
  await Promise.all(queries.map((q) => q.awaitTermination()))
  return queries
}
