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
  ValuesParseRequest,
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

  /** At most this many workers run. */
  constructor(readonly size: number) {}

  /**
   * Parses `path` on a worker into its rows packed by column; null when the worker could not (the
   * caller parses it itself).
   */
  parse(configId: number, config: ParserConfig, path: string): Promise<WorkerParsedFile | null> {
    return this.post(configId, (id, withConfig) =>
      withConfig ? { id, configId, config, path } : { id, configId, path },
    )
  }

  /**
   * `from_json` of `values` on a worker (see {@link ValuesParseRequest}); the values' buffers
   * are transferred (the caller must not use them afterwards). Null when the worker could not
   * (a FAILFAST record, a bug): the caller parses them itself, and reports the real error.
   */
  parseValues(
    configId: number,
    config: ParserConfig,
    values: ValuesParseRequest['values'],
  ): Promise<WorkerParsedFile | null> {
    const transfer = [values.bytes.buffer, values.starts.buffer, values.lengths.buffer]
    return this.post(
      configId,
      (id, withConfig) =>
        withConfig ? { id, configId, config, values } : { id, configId, values },
      transfer as ArrayBuffer[],
    )
  }

  private post(
    configId: number,
    request: (id: number, withConfig: boolean) => ParseRequest | ValuesParseRequest,
    transfer: ArrayBuffer[] = [],
  ): Promise<WorkerParsedFile | null> {
    const w = this.leastBusy()
    const id = this.nextId++
    const message = request(id, !w.configs.has(configId))
    w.configs.add(configId)
    return new Promise((resolve) => {
      if (w.pending.size === 0) w.worker.ref()
      w.pending.set(id, resolve)
      w.worker.postMessage(message, transfer)
    })
  }

  private leastBusy(): PoolWorker {
    let best: PoolWorker | undefined
    for (const w of this.workers) if (!best || w.pending.size < best.pending.size) best = w
    if (best && (best.pending.size === 0 || this.workers.length >= this.size)) return best
    return this.spawn()
  }

  private spawn(): PoolWorker {
    const worker = startWorker(WORKER_URL, workerExecArgv(process.execArgv))
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

/**
 * The process's Node options for a worker, without those about the main entry point: a worker
 * inherits `--input-type` by default and then cannot load its file (ERR_INPUT_TYPE_NOT_ALLOWED),
 * so in a `node --input-type=module -e …` process every file silently fell back to the main
 * thread.
 */
export function workerExecArgv(execArgv: readonly string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i]!
    if (a.startsWith('--input-type=')) continue
    if (['--input-type', '-e', '--eval', '-p', '--print'].includes(a)) {
      i++ // and its value
      continue
    }
    if (a.startsWith('--eval=') || a.startsWith('--print=')) continue
    out.push(a)
  }
  return out
}

/**
 * A worker with the options given, less those Node refuses in a worker: V8 options and
 * per-process ones (`node --max-old-space-size=4096 app.js` made every JSON query fail with
 * ERR_WORKER_INVALID_EXEC_ARGV). They act on the whole process already, so nothing is lost.
 */
export function startWorker(url: URL, execArgv: readonly string[]): Worker {
  try {
    return new Worker(url, { execArgv: [...execArgv] })
  } catch (error) {
    if (!invalidExecArgv(error)) throw error
    // "Initiated Worker with invalid execArgv flags: --a=1, --b"
    const listed = (error as Error).message.split(': ').slice(1).join(': ')
    const refused = new Set(listed.split(', '))
    try {
      return new Worker(url, { execArgv: execArgv.filter((a) => !refused.has(a)) })
    } catch (again) {
      // A refused flag's value given as its own argument: start with no options at all (the
      // worker's module needs none).
      if (!invalidExecArgv(again)) throw again
      return new Worker(url, { execArgv: [] })
    }
  }
}

function invalidExecArgv(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ERR_WORKER_INVALID_EXEC_ARGV'
}

let shared: JsonWorkerPool | null | undefined
let nextConfigId = 0

/** A parser configuration id, unique in the process (workers cache one parser per id). */
export function newParserConfigId(): number {
  return nextConfigId++
}

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
