/**
 * Peak resident memory of a whole process tree (for Spark: the Python driver plus the JVM it
 * launches), sampled from /proc. The tree's members are found by a scan of /proc/<pid>/stat
 * parent links every second; their RSS (/proc/<pid>/statm, resident pages) is summed every
 * `intervalMs`. The peak is the largest sum seen. Linux only.
 */
import { promises as fs } from 'node:fs'

const PAGE_BYTES = 4096

async function parentsOf(): Promise<Map<number, number>> {
  const parents = new Map<number, number>()
  for (const name of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const stat = await fs.readFile(`/proc/${name}/stat`, 'utf8').catch(() => undefined)
    if (stat === undefined) continue
    // pid (comm) state ppid …: comm may contain spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    parents.set(Number(name), Number(fields[1]))
  }
  return parents
}

async function rssBytes(pid: number): Promise<number> {
  const statm = await fs.readFile(`/proc/${pid}/statm`, 'utf8').catch(() => undefined)
  return statm === undefined ? 0 : Number(statm.split(' ')[1]) * PAGE_BYTES
}

export class ProcessTreeRss {
  private members = new Set<number>()
  private peak = 0
  private timer: NodeJS.Timeout | undefined
  private lastScan = 0
  private busy = false

  constructor(
    private readonly rootPid: number,
    private readonly intervalMs = 50,
  ) {
    this.members.add(rootPid)
  }

  start(): void {
    this.timer = setInterval(() => void this.sample(), this.intervalMs)
  }

  /** Stops sampling (after one last sample) and returns the peak in bytes. */
  async stop(): Promise<number> {
    clearInterval(this.timer)
    await this.sample()
    return this.peak
  }

  get peakBytes(): number {
    return this.peak
  }

  /**
   * Waits until every process last seen in the tree is gone (SIGKILL after `timeoutMs`). Spark's
   * JVM outlives the Python driver by a few seconds of shutdown work; without this wait it would
   * still compete for the cores when the next run starts, and charge its noise to that run.
   * Returns how long the wait took.
   */
  async waitForExit(timeoutMs = 30_000): Promise<number> {
    const started = performance.now()
    const alive = async (): Promise<number[]> => {
      const left: number[] = []
      for (const pid of this.members) {
        const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined)
        // A zombie (state Z) has exited; only its parent's wait is missing.
        if (stat !== undefined && stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z') left.push(pid)
      }
      return left
    }
    let left = await alive()
    while (left.length > 0 && performance.now() - started < timeoutMs) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      left = await alive()
    }
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
    return performance.now() - started
  }

  private async sample(): Promise<void> {
    if (this.busy) return
    this.busy = true
    try {
      if (performance.now() - this.lastScan > 1000) {
        this.lastScan = performance.now()
        const parents = await parentsOf()
        const tree = new Set([this.rootPid])
        let grew = true
        while (grew) {
          grew = false
          for (const [pid, ppid] of parents)
            if (!tree.has(pid) && tree.has(ppid)) {
              tree.add(pid)
              grew = true
            }
        }
        // Members seen before stay members: an orphan (Spark's JVM after the Python driver
        // exits) is re-parented to init and would otherwise drop out of the tree.
        for (const pid of tree) this.members.add(pid)
      }
      let sum = 0
      for (const pid of this.members) sum += await rssBytes(pid)
      if (sum > this.peak) this.peak = sum
    } finally {
      this.busy = false
    }
  }
}
