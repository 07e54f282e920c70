/**
 * Names of the data files we write: `part-00000-<uuid>-c000.snappy.parquet`, Spark's shape, so a
 * table looks native to Spark and delta-rs. When the writer names an owner (the streaming sink's
 * txn appId, i.e. its query id), the uuid is an RFC 9562 version-8 ("custom") UUID whose first 48
 * bits are a hash of the owner and whose other 74 bits are random:
 *
 *     part-00000-HHHHHHHH-HHHH-8RRR-vRRR-RRRRRRRRRRRR-c000.snappy.parquet
 *     H: sha256(owner), first 12 hex digits   v: variant (8, 9, a or b)   R: random
 *
 * Spark and delta-rs name files with version-4 UUIDs, so a file of this shape with our owner's
 * hash is one this owner wrote: orphan cleanup (orphan-files.ts) never looks at anything else.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'

const OWNED =
  /^part-00000-([0-9a-f]{8})-([0-9a-f]{4})-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}-c000\.snappy\.parquet$/

/** The 12 hex digits that mark the files of `owner`. @internal */
export function ownerTag(owner: string): string {
  return createHash('sha256').update(owner, 'utf8').digest('hex').slice(0, 12)
}

/** A new data file name; tagged with `owner` when one is given. @internal */
export function dataFileName(owner?: string): string {
  if (owner === undefined) return `part-00000-${randomUUID()}-c000.snappy.parquet`
  const tag = ownerTag(owner)
  const r = randomBytes(10).toString('hex')
  const variant = ((parseInt(r[19]!, 16) & 0x3) | 0x8).toString(16)
  const uuid = `${tag.slice(0, 8)}-${tag.slice(8, 12)}-8${r.slice(0, 3)}-${variant}${r.slice(3, 6)}-${r.slice(6, 18)}`
  return `part-00000-${uuid}-c000.snappy.parquet`
}

/** True when `name` (a file name, no directory) is a data file written for `owner`. @internal */
export function isDataFileOf(name: string, owner: string): boolean {
  const m = OWNED.exec(name)
  return m !== null && `${m[1]}${m[2]}` === ownerTag(owner)
}
