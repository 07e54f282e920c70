/**
 * A process-wide pool of JSON parse worker threads (Spark's model: one task per file, the driver
 * assembles the batch). Parsing is most of a stateless query's time; moving it off the main
 * thread lets it run on the other cores while the main thread computes and writes the previous
 * file's rows. Files are handed out one at a time to the least busy worker; the caller keeps the
 * results in file order, so batches are deterministic whatever finishes first.
 *
 * Workers are only used when running the compiled JavaScript (a worker cannot load the `.ts`
 * sources a test runner executes) and when `STREAMLAKE_JSON_WORKERS` is not `0`; it sets the
 * number of workers (default: the available cores, at most 4). The workers do not keep the
 * process alive while idle.
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type {
  ParseReply,
  ParseRequest,
  ParserConfig,
  WorkerParsedFile,
} from './json-worker-messages.js'

const WORKER_URL = new URL('./json-parse-worker.js', import.meta.url)

interface PoolWorker {
  readonly worker: Worker
  readonly pending: Map<number, (parsed: WorkerParsedFile | null) => void>
  readonly configs: Set<number>
}

export class JsonWorkerPool {
  private readonly workers: PoolWorker[] = []
  private nextId = 0
  /** Files parsed on a worker so far (tests use it to know the worker path ran). */
  filesParsed = 0

  constructor(private readonly size: number) {}

  /**
   * Parses `path` on a worker into its rows packed by column; null when the worker could not (the
   * caller parses it itself).
   */
  parse(configId: number, config: ParserConfig, path: string): Promise<WorkerParsedFile | null> {
    const w = this.leastBusy()
    const id = this.nextId++
    const request: ParseRequest = w.configs.has(configId)
      ? { id, configId, path }
      : { id, configId, config, path }
    w.configs.add(configId)
    return new Promise((resolve) => {
      if (w.pending.size === 0) w.worker.ref()
      w.pending.set(id, resolve)
      w.worker.postMessage(request)
    })
  }

  private leastBusy(): PoolWorker {
    let best: PoolWorker | undefined
    for (const w of this.workers) if (!best || w.pending.size < best.pending.size) best = w
    if (best && (best.pending.size === 0 || this.workers.length >= this.size)) return best
    return this.spawn()
  }

  private spawn(): PoolWorker {
    const worker = new Worker(WORKER_URL)
    const w: PoolWorker = { worker, pending: new Map(), configs: new Set() }
    worker.unref()
    worker.on('message', (reply: ParseReply) => {
      const resolve = w.pending.get(reply.id)
      if (!resolve) return
      w.pending.delete(reply.id)
      if (w.pending.size === 0) worker.unref()
      if (reply.parsed !== null) this.filesParsed++
      resolve(reply.parsed)
    })
    // A worker that dies fails its files over to the main thread; later files get a new worker.
    const fail = (): void => {
      const index = this.workers.indexOf(w)
      if (index >= 0) this.workers.splice(index, 1)
      for (const resolve of w.pending.values()) resolve(null)
      w.pending.clear()
    }
    worker.on('error', fail)
    worker.on('exit', fail)
    this.workers.push(w)
    return w
  }
}

let shared: JsonWorkerPool | null | undefined

/** The process's pool, or null when workers are not available or switched off. */
export function jsonWorkerPool(): JsonWorkerPool | null {
  if (shared === undefined) {
    const configured = process.env['STREAMLAKE_JSON_WORKERS']
    const size =
      configured === undefined || configured === ''
        ? Math.min(4, availableParallelism())
        : Number(configured)
    const compiled = import.meta.url.endsWith('.js')
    shared = compiled && Number.isInteger(size) && size > 0 ? new JsonWorkerPool(size) : null
  }
  return shared
}
