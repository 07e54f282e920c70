/**
 * Parquet MAP columns as the lists of entries they are. hyparquet assembles a MAP into a plain
 * object keyed by `String(key)`: a key that is an array or a struct becomes "1,2" or
 * "[object Object]" (entries collide and are lost), and integer-like keys come back in ascending
 * order (JavaScript orders such object keys), not in the file's order, which is the order Spark
 * returns (its Parquet reader builds each map from the entries as stored). So the row reader hands
 * hyparquet a footer without the MAP annotations: each map then reads as a struct holding its
 * repeated key/value group — `{ key_value: [{ key, value }, …] }`, null for a null map — with
 * every key decoded as its own type (arrays, structs, decimals …) and the entries in file order.
 */
import type { FileMetaData, SchemaElement } from 'hyparquet'

function isMap(e: SchemaElement): boolean {
  return (
    e.converted_type === 'MAP' ||
    e.converted_type === 'MAP_KEY_VALUE' ||
    e.logical_type?.type === 'MAP'
  )
}

/** The footer with MAP annotations removed (the same object when the file has no map). */
export function withMapsAsEntries(metadata: FileMetaData): FileMetaData {
  if (!metadata.schema.some(isMap)) return metadata
  const schema = metadata.schema.map((e) => {
    if (!isMap(e)) return e
    const plain = { ...e }
    delete plain.converted_type
    delete plain.logical_type
    return plain
  })
  return { ...metadata, schema }
}

/**
 * The entries of a map value as read with {@link withMapsAsEntries}: `[key, value]` pairs in file
 * order. Also takes a `Map` or an annotated read's plain object, so callers need not know which.
 */
export function mapEntries(v: unknown): [unknown, unknown][] {
  if (v instanceof Map) return [...(v as Map<unknown, unknown>).entries()]
  const group = Object.values(v as Record<string, unknown>)
  const list = group.length === 1 && Array.isArray(group[0]) ? (group[0] as unknown[]) : undefined
  if (list === undefined || !list.every(isEntry))
    return Object.entries(v as Record<string, unknown>)
  return list.map((e) => [e.key, e.value ?? null])
}

function isEntry(e: unknown): e is { key: unknown; value?: unknown } {
  return typeof e === 'object' && e !== null && 'key' in e
}
