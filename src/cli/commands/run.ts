/**
 * `streamlake run <app>`: runs one seed app on the embedded engine, or on Apache Spark through a
 * Spark Connect server with `--remote sc://…` (or `SPARK_REMOTE`; see remote-flag.ts). With
 * `available-now` (or `once`) it exits 0 when done; otherwise it runs until SIGINT/SIGTERM and
 * stops cleanly.
 */
import type { Command } from 'commander'
import { SparkSession } from '../../api/session.js'
import type { StreamingQuery } from '../../api/streaming-query.js'
import { SEED_APPS, startSeedApp } from '../../apps/seed-apps.js'
import { invalidFlag, addFlags, integerFlag, parseFlags, type FlagTable } from '../options.js'
import { parseTriggerFlag, type TriggerFlag } from '../trigger-flag.js'
import {
  checkRemoteFlags,
  REMOTE_FLAG,
  remoteBanner,
  remoteUrl,
  serverPaths,
} from '../remote-flag.js'

export interface RunFlags {
  input: string
  data: string
  checkpoints: string
  trigger: TriggerFlag
  maxFilesPerTrigger: number | undefined
  badRecordsPath: string | undefined
  ignoreMissingFiles: boolean
  timeZone: string
  quiet: boolean
  remote: string | undefined
}

export const RUN_FLAGS: FlagTable<RunFlags> = {
  input: {
    description: 'input directory of JSON event files',
    argument: '<dir>',
    default: './input',
  },
  data: {
    description: 'root of the Delta tables written (the app writes DATA/<table>)',
    argument: '<dir>',
    default: './data',
  },
  checkpoints: {
    description: 'root of the query checkpoints',
    argument: '<dir>',
    default: './checkpoints',
  },
  trigger: {
    description: 'available-now | once | default | processing-time:<duration>',
    argument: '<trigger>',
    default: 'default',
    parse: parseTriggerFlag,
    example: '--trigger available-now',
  },
  maxFilesPerTrigger: {
    description: 'input files admitted per micro-batch (default: all new files)',
    argument: '<n>',
    parse: (raw, flag) => {
      const n = integerFlag('--max-files-per-trigger 1')(raw, flag)
      if (n <= 0) throw invalidFlag(flag, raw, 'must be positive', '--max-files-per-trigger 1')
      return n
    },
  },
  badRecordsPath: {
    description:
      'write bad input records (file, line, reason) under this directory and leave them out of the tables',
    argument: '<dir>',
  },
  ignoreMissingFiles: {
    description: 'skip input files deleted after a batch admitted them (their rows are lost)',
  },
  timeZone: { description: 'spark.sql.session.timeZone', argument: '<zone>', default: 'UTC' },
  quiet: { description: 'no per-batch lines' },
  remote: REMOTE_FLAG,
}

export function registerRun(program: Command): void {
  const command = program
    .command('run')
    .description('run one seed streaming app on the embedded engine, or on Spark with --remote')
    .argument('<app>', `the app: ${Object.keys(SEED_APPS).join(', ')}`)
  addFlags(command, RUN_FLAGS).action(async (app: string, raw: Record<string, unknown>) => {
    const flags = parseFlags(RUN_FLAGS, raw)
    const remote = remoteUrl(flags.remote)
    if (remote !== undefined) {
      checkRemoteFlags(flags)
      process.stdout.write(remoteBanner(remote, [app]))
    }
    const spark = SparkSession.builder()
      .appName(`streamlake run ${app}`)
      .config('spark.sql.session.timeZone', flags.timeZone)
      .getOrCreate()
    if (!flags.quiet) {
      spark.streams.addListener({
        onQueryProgress: ({ progress: p }) => {
          process.stdout.write(
            `[${p.name ?? p.id}] batch ${p.batchId}: ${p.numInputRows} rows in ${p.batchDuration} ms\n`,
          )
        },
      })
    }
    const paths = { input: flags.input, data: flags.data, checkpoints: flags.checkpoints }
    try {
      const queries = await startSeedApp(spark, app, {
        ...(remote === undefined ? paths : { ...serverPaths(paths), lateEvents: false }),
        ...(flags.trigger !== 'default' ? { trigger: flags.trigger } : {}),
        ...(flags.maxFilesPerTrigger !== undefined
          ? { maxFilesPerTrigger: flags.maxFilesPerTrigger }
          : {}),
        ...(flags.badRecordsPath !== undefined ? { badRecordsPath: flags.badRecordsPath } : {}),
        ...(flags.ignoreMissingFiles ? { ignoreMissingFiles: true } : {}),
      })
      await runUntilDoneOrSignal(queries)
    } finally {
      // Stops what is still active (a join app's first query when its second failed to start)
      // and a remote session's listener event stream, which would keep the process alive.
      await spark.stop()
    }
  })
}

/** Waits for the queries to end by themselves, or stops them on SIGINT/SIGTERM; rethrows a failure. */
export async function runUntilDoneOrSignal(
  queries: readonly StreamingQuery[],
  onSignal?: () => void,
): Promise<void> {
  const stop = (): void => {
    onSignal?.()
    for (const q of queries) void q.stop()
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  try {
    await Promise.all(queries.map((q) => q.awaitTermination()))
  } finally {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
  }
}
