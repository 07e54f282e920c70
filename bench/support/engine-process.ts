/**
 * One engine process of the benchmark (streamlake: bench/streamlake-child.ts under node; Spark:
 * bench/spark_bench.py under the oracle's PySpark venv; connect: bench/streamlake-child.ts with a
 * remote session on the local Spark Connect server, STREAMLAKE_BENCH_REMOTE), spoken to in JSON
 * lines, with the peak RSS of its whole process tree sampled from spawn to exit (for connect the
 * client's tree only: the server's JVM is a separate, long-lived process).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { ProcessTreeRss } from './process-tree-rss.js'

export type EngineName = 'streamlake' | 'spark' | 'connect'
export type Message = Record<string, unknown>

/** The repository root (this file is build/bench/support/engine-process.js once compiled). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

export class EngineProcess {
  private readonly queue: Message[] = []
  private waiter: ((m: Message) => void) | undefined
  private readonly stderr: string[] = []
  private exited: string | undefined
  readonly rss: ProcessTreeRss

  private constructor(
    readonly engine: EngineName,
    private readonly child: ChildProcessWithoutNullStreams,
  ) {
    this.rss = new ProcessTreeRss(child.pid!)
    this.rss.start()
    createInterface({ input: child.stdout }).on('line', (line) => {
      let msg: Message
      try {
        msg = JSON.parse(line) as Message
      } catch {
        this.stderr.push(`${line}\n`) // Spark's launcher may print to stdout: keep it as a log
        return
      }
      if (this.waiter) {
        const w = this.waiter
        this.waiter = undefined
        w(msg)
      } else this.queue.push(msg)
    })
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => {
      this.stderr.push(chunk)
      if (this.stderr.length > 300) this.stderr.shift()
      if (process.env['STREAMLAKE_BENCH_VERBOSE']) process.stderr.write(chunk)
    })
    child.on('exit', (code, signal) => {
      this.exited = `exited with ${code ?? signal}`
      if (this.waiter) {
        const w = this.waiter
        this.waiter = undefined
        w({ exited: this.exited })
      }
    })
  }

  /**
   * `profileAs`: a path prefix (DIR/<engine>-<workload>-<rep>) under which the process records a
   * CPU profile — a folder of .cpuprofile files (main thread and JSON workers) for node, a .jfr
   * recording for Spark's JVM. Off in a normal run: profiling costs both engines time.
   */
  static spawn(
    engine: EngineName,
    sparkEnv: NodeJS.ProcessEnv,
    profileAs?: string,
    connectUrl?: string,
  ): EngineProcess {
    const child =
      engine === 'streamlake' || engine === 'connect'
        ? spawn(
            process.execPath,
            [
              ...(profileAs ? ['--cpu-prof', '--cpu-prof-dir', profileAs] : []),
              fileURLToPath(new URL('../streamlake-child.js', import.meta.url)),
            ],
            {
              env: {
                ...process.env,
                TZ: 'UTC',
                ...(engine === 'connect' ? { STREAMLAKE_BENCH_REMOTE: connectUrl } : {}),
              },
              stdio: 'pipe',
            },
          )
        : spawn(sparkEnv['STREAMLAKE_SPARK_PYTHON']!, [`${REPO_ROOT}bench/spark_bench.py`], {
            env: {
              ...process.env,
              ...sparkEnv,
              TZ: 'UTC',
              PYSPARK_PYTHON: sparkEnv['STREAMLAKE_SPARK_PYTHON'],
              SPARK_LOCAL_IP: '127.0.0.1',
              ...(profileAs ? { STREAMLAKE_BENCH_JFR: `${profileAs}.jfr` } : {}),
            },
            stdio: 'pipe',
          })
    return new EngineProcess(engine, child)
  }

  /** The next message, or an error with the child's stderr when it exits or times out. */
  next(timeoutMs = 600_000): Promise<Message> {
    const queued = this.queue.shift()
    if (queued) return Promise.resolve(queued)
    if (this.exited) return Promise.reject(this.failure(this.exited))
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined
        reject(this.failure(`no answer within ${timeoutMs} ms`))
      }, timeoutMs)
      this.waiter = (m) => {
        clearTimeout(timer)
        if ('exited' in m) reject(this.failure(String(m['exited'])))
        else resolve(m)
      }
    })
  }

  /** Waits for a message with `key` set (skipping others). */
  async expect(key: string, timeoutMs?: number): Promise<Message> {
    for (;;) {
      const m = await this.next(timeoutMs)
      if (m[key] !== undefined) return m
    }
  }

  send(msg: Message): void {
    this.child.stdin.write(`${JSON.stringify(msg)}\n`)
  }

  /** Asks the child to exit, waits for it, and returns the tree's peak RSS in bytes. */
  async exit(): Promise<number> {
    if (!this.exited) {
      const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()))
      this.send({ op: 'exit' })
      this.child.stdin.end()
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 60_000)
      await gone
      clearTimeout(timer)
    }
    const peak = await this.rss.stop()
    await this.rss.waitForExit()
    return peak
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL')
    void this.rss.stop()
  }

  private failure(why: string): Error {
    return new Error(
      `${this.engine} process ${why}; its last output:\n${this.stderr.join('').slice(-6000)}`,
    )
  }
}
