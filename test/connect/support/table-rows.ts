/**
 * A Delta table's rows in a form two engines' tables can be compared in: read with our Delta
 * reader, one JSON line per row, sorted, doubles to 12 significant digits (Spark adds a group's
 * values in another order than we do, so sums differ in the last bits).
 */
import { SparkSession } from '../../../src/api/session.js'

export async function tableRows(path: string): Promise<string[]> {
  const spark = SparkSession.builder().config('spark.sql.session.timeZone', 'UTC').getOrCreate()
  const { rows } = await spark.read.format('delta').load(path).collectRows()
  const round = (_k: string, v: unknown): unknown =>
    typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v
  return rows.map((r) => JSON.stringify(r, round)).sort()
}
