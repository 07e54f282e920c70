/**
 * Reader and writer options streamlake accepts that Spark does not, or handles differently.
 * Spark ignores an option it does not know, so passing one of these through would run the query
 * silently differently; a remote session refuses them instead, naming the option, while the plan
 * is translated (before anything is sent).
 *
 * | option | where | why it is refused on Spark |
 * | --- | --- | --- |
 * | `badRecordsPath` | file sources | a Databricks option: open-source Spark ignores it and keeps bad records (PERMISSIVE) where we drop and record them |
 * | `streamId` | memory source | the memory source lives in this process |
 * | `lateDataPath` | Delta sink | Spark drops late rows without recording them |
 * | `cleanupOrphanFiles` | Delta sink | our Delta sink's orphan-file cleanup; Delta on Spark leaves that to VACUUM |
 * | `orphanFileRetention` | Delta sink | the same cleanup's retention |
 * | `deliveryGuarantee` | Kafka sink | our exactly-once Kafka sink; Spark's writes at-least-once and ignores it |
 *
 * Options Spark also has pass through unchanged (`maxFilesPerTrigger`, `maxBytesPerTrigger`,
 * `latestFirst`, `ignoreMissingFiles`, `mode`, `columnNameOfCorruptRecord`, `timeZone`,
 * `timestampFormat`, `dateFormat`, `versionAsOf`, `txnAppId`, …).
 */
import { unsupported } from './unsupported.js'

interface RefusedOption {
  readonly name: string
  readonly why: string
  readonly instead: string
}

/** @internal Source options Spark does not honour as we do. */
export const REFUSED_SOURCE_OPTIONS: readonly RefusedOption[] = [
  {
    name: 'badRecordsPath',
    why: 'is a Databricks option: open-source Spark ignores it and keeps bad records as rows (mode PERMISSIVE) instead of writing them under the path',
    instead:
      'Remove it and use mode DROPMALFORMED (drop bad records) or PERMISSIVE with columnNameOfCorruptRecord (keep them in a column and filter), or run this query on the embedded engine.',
  },
  {
    name: 'streamId',
    why: 'names a MemoryStream of this process, which the server cannot read',
    instead: 'Write the rows to files (json) the server can read.',
  },
]

/** @internal Sink options of our Delta sink that Spark's does not have. */
export const REFUSED_SINK_OPTIONS: readonly RefusedOption[] = [
  {
    name: 'lateDataPath',
    why: 'records late rows in a table; Spark drops late rows without recording them',
    instead: 'Remove the option, or run this query on the embedded engine.',
  },
  {
    name: 'cleanupOrphanFiles',
    why: "configures streamlake's own orphan-file cleanup; Delta on Spark leaves unreferenced files to VACUUM",
    instead: 'Remove the option and run VACUUM on the table.',
  },
  {
    name: 'deliveryGuarantee',
    why: "chooses streamlake's exactly-once Kafka sink (one Kafka transaction per batch); Spark's Kafka sink ignores the option and writes at-least-once",
    instead:
      'Remove it to write at-least-once on Spark (duplicates possible after a failure), or run this query on the embedded engine for exactly-once.',
  },
  {
    name: 'orphanFileRetention',
    why: "configures streamlake's own orphan-file cleanup; Delta on Spark leaves unreferenced files to VACUUM",
    instead: 'Remove the option and run VACUUM on the table.',
  },
]

/** @internal Throws SL_CONNECT_UNSUPPORTED for the first refused source option (case-insensitive). */
export function checkSourceOptions(
  format: string,
  options: Readonly<Record<string, string>>,
): void {
  check(REFUSED_SOURCE_OPTIONS, options, `the ${format} source`)
}

/** @internal The same for a sink's writer options. */
export function checkSinkOptions(format: string, options: Readonly<Record<string, string>>): void {
  check(REFUSED_SINK_OPTIONS, options, `the ${format} sink`)
}

function check(
  refused: readonly RefusedOption[],
  options: Readonly<Record<string, string>>,
  where: string,
): void {
  for (const key of Object.keys(options)) {
    const r = refused.find((o) => o.name.toLowerCase() === key.toLowerCase())
    if (r)
      throw unsupported(key, `The option ${key} of ${where} (it ${r.why})`, r.instead, {
        option: key,
      })
  }
}
