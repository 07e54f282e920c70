/**
 * The Delta table a query writes, read from its sink description in progress (`DeltaSink[path]`,
 * as Spark prints it); undefined for any other sink.
 *
 * @internal
 */
export function deltaTableOfSink(description: string): string | undefined {
  return /^DeltaSink\[(.+)\]$/.exec(description)?.[1]
}
