/** A batch read of a topic through streamlake's Kafka source, for assertions on what it holds. */
import { SparkSession } from '../../../src/index.js'

/**
 * The topic's record values as UTF-8, in (partition, offset) order, read with
 * `kafka.isolation.level` = `isolation` (read_committed shows committed transactions only).
 */
export async function readValues(
  bootstrap: string,
  topic: string,
  isolation: 'read_committed' | 'read_uncommitted',
): Promise<string[]> {
  const spark = SparkSession.builder().getOrCreate().newSession()
  const rows = await spark.read
    .format('kafka')
    .option('kafka.bootstrap.servers', bootstrap)
    .option('subscribe', topic)
    .option('kafka.isolation.level', isolation)
    .load()
    .collect()
  return rows
    .sort(
      (x, y) =>
        Number(x['partition']) - Number(y['partition']) ||
        Number(x['offset']) - Number(y['offset']),
    )
    .map((r) => Buffer.from(r['value'] as Uint8Array).toString('utf8'))
}
