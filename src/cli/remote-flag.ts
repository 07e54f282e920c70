/**
 * `--remote sc://…` of `streamlake run` and `streamlake demo`: the seed apps run on Apache Spark
 * through a Spark Connect server instead of the embedded engine. The flag wins over the
 * `SPARK_REMOTE` environment variable, which alone also makes the run remote (PySpark's rule).
 *
 * Paths go to the server as text and Spark resolves them in its own working directory, so the
 * CLI makes them absolute first: on a server sharing this machine's file system (the local
 * server of scripts/spark-connect-server.sh, a standalone cluster on this host) they then name
 * the same directories; on a remote cluster pass paths the server can reach (docs/scaling-out.md).
 */
import { resolve } from 'node:path'
import type { SeedAppOptions } from '../apps/seed-app-options.js'
import { maskToken } from '../connect/connection-string.js'
import { invalidFlag, type FlagDefinition } from './options.js'

export const REMOTE_FLAG: FlagDefinition<string> = {
  description:
    'run on Apache Spark through this Spark Connect server (sc://host:port/;token=…); default: $SPARK_REMOTE',
  argument: '<url>',
  example: '--remote sc://127.0.0.1:15002',
}

/**
 * The Spark Connect URL of a run: the flag, else a non-empty `SPARK_REMOTE`, else undefined
 * (embedded). The flag is also written to `SPARK_REMOTE`, so the session sees one URL and does
 * not report the two as conflicting: on the command line the flag overrides the environment.
 */
export function remoteUrl(flag: string | undefined): string | undefined {
  if (flag !== undefined) {
    process.env['SPARK_REMOTE'] = flag
    return flag
  }
  const env = process.env['SPARK_REMOTE']
  return env === undefined || env === '' ? undefined : env
}

/** The seed app's paths made absolute, so a server in another working directory finds them. */
export function serverPaths<O extends SeedAppOptions>(o: O): O {
  return {
    ...o,
    input: resolve(o.input),
    data: resolve(o.data),
    checkpoints: resolve(o.checkpoints),
    ...(o.badRecordsPath !== undefined ? { badRecordsPath: resolve(o.badRecordsPath) } : {}),
  }
}

/** The seed apps that write something other than their embedded run when remote, and why. */
export const REMOTE_APP_NOTES: Readonly<Record<string, string>> = {
  watermark:
    "watermark runs WITHOUT its late_events table on Spark: Spark drops late rows without recording them (lateDataPath is streamlake's); their count is still in each batch's progress (numRowsDroppedByWatermark). Run it embedded to get late_events.",
  join: "join creates DATA/users with streamlake's Delta writer on this machine: the server must see the same file system (a local server or a cluster on this host), or create the users table where the server can read it first.",
}

/** The lines printed before a remote run starts: where it runs and each app's difference. */
export function remoteBanner(url: string, apps: readonly string[]): string {
  const lines = [`running on Spark through Spark Connect: ${maskToken(url)}`]
  for (const app of apps) {
    const note = REMOTE_APP_NOTES[app]
    if (note !== undefined) lines.push(`  note: ${note}`)
  }
  return `${lines.join('\n')}\n`
}

/** Flags whose behaviour Spark does not have: refused with --remote rather than ignored by Spark. */
export function checkRemoteFlags(flags: { badRecordsPath?: string | undefined }): void {
  if (flags.badRecordsPath !== undefined)
    throw invalidFlag(
      '--bad-records-path',
      flags.badRecordsPath,
      "is not supported with --remote: Apache Spark's JSON source has no badRecordsPath (it would drop bad records silently); run without it (Spark then reads bad records as the JSON mode says: nulls in PERMISSIVE), or run embedded",
      'streamlake run tumbling --trigger available-now',
    )
}
