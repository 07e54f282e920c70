/**
 * Paths inside a checkpoint directory (spark-semantics §11.1):
 * ```
 * <checkpoint>/metadata            {"id":"<query id>"}
 * <checkpoint>/query-info.json     streamlake's description of the query (sources, sink, mode)
 * <checkpoint>/lock                owner of a running query (pid, runId); absent when stopped
 * <checkpoint>/offsets/<N>         write-ahead log: planned offsets of batch N
 * <checkpoint>/commits/<N>         batch N fully written to the sink
 * <checkpoint>/sources/<i>/...     source-private logs (file source: seen files)
 * <checkpoint>/state/<op>/...      state store versions (stateful operators)
 * ```
 */
import { join, resolve } from 'node:path'

export class CheckpointLayout {
  readonly root: string
  constructor(root: string) {
    this.root = resolve(root)
  }
  get metadataFile(): string {
    return join(this.root, 'metadata')
  }
  get queryInfoFile(): string {
    return join(this.root, 'query-info.json')
  }
  get lockFile(): string {
    return join(this.root, 'lock')
  }
  get offsetsDir(): string {
    return join(this.root, 'offsets')
  }
  get commitsDir(): string {
    return join(this.root, 'commits')
  }
  sourceDir(index: number): string {
    return join(this.root, 'sources', String(index))
  }
  stateDir(operatorId: number): string {
    return join(this.root, 'state', String(operatorId))
  }
}
