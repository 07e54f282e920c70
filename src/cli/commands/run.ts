/**
 * `streamlake run <app>`: runs one seed app on the embedded engine. With `available-now` (or
 * `once`) it exits 0 when done; otherwise it runs until SIGINT/SIGTERM and stops cleanly.
 */
import type { Command } from 'commander'
import { SparkSession } from '../../api/session.js'
import type { StreamingQuery } from '../../api/streaming-query.js'
import { startPassthrough } from '../../apps/passthrough-app.js'
import { EngineError } from '../../errors/index.js'
import { parsePositiveInt, parseTriggerFlag } from '../cli-values.js'

const APPS = ['passthrough'] as const

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run one seed streaming app on the embedded engine')
    .argument('<app>', `the app: ${APPS.join(', ')}`)
    .option('--input <dir>', 'input directory of JSON event files', './input')
    .option('--data <dir>', 'root of the Delta tables written', './data')
    .option('--checkpoints <dir>', 'root of the query checkpoints', './checkpoints')
    .option(
      '--trigger <trigger>',
      'available-now | once | default | processing-time:<duration>',
      'default',
    )
    .option('--max-files-per-trigger <n>', 'files admitted per micro-batch')
    .option('--time-zone <zone>', 'spark.sql.session.timeZone', 'UTC')
    .option('--quiet', 'no per-batch output')
    .action(async (app: string, o: Record<string, string | boolean | undefined>) => {
      if (!(APPS as readonly string[]).includes(app)) {
        throw new EngineError('SL_API_INVALID_ARGUMENT', {
          argument: 'app',
          function: 'streamlake run',
          value: app,
          hint: `Known apps: ${APPS.join(', ')}.`,
        })
      }
      const trigger = parseTriggerFlag(String(o['trigger']))
      const maxFiles =
        o['maxFilesPerTrigger'] === undefined
          ? undefined
          : parsePositiveInt('--max-files-per-trigger', String(o['maxFilesPerTrigger']))
      const spark = SparkSession.builder()
        .appName(`streamlake run ${app}`)
        .config('spark.sql.session.timeZone', String(o['timeZone']))
        .getOrCreate()
      if (!o['quiet']) {
        spark.streams.addListener({
          onQueryProgress: ({ progress: p }) => {
            process.stdout.write(
              `[${p.name ?? p.id}] batch ${p.batchId}: ${p.numInputRows} rows in ${p.batchDuration} ms\n`,
            )
          },
        })
      }
      const query = await startPassthrough(spark, {
        input: String(o['input']),
        data: String(o['data']),
        checkpoints: String(o['checkpoints']),
        ...(trigger ? { trigger } : {}),
        ...(maxFiles !== undefined ? { maxFilesPerTrigger: maxFiles } : {}),
      })
      await runUntilDoneOrSignal(query)
    })
}

/** Waits for the query to end by itself, or stops it on SIGINT/SIGTERM; rethrows its failure. */
export async function runUntilDoneOrSignal(query: StreamingQuery): Promise<void> {
  const stop = (): void => {
    void query.stop()
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  try {
    await query.awaitTermination()
  } finally {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
  }
}
