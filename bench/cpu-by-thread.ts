/**
 * CPU time per thread of a benchmark process (Linux only), for measuring on a busy machine
 * where wall-clock figures mean little: preload it with
 * `node --import ./build/bench/cpu-by-thread.js build/bench/passthrough-run.js …`; at exit it
 * prints to stderr the main thread's CPU seconds, the whole process's, and every thread above
 * 50 ms (JSON parse workers and V8's GC helpers show up there).
 */
import { readdirSync, readFileSync } from 'node:fs'

/** utime + stime of a /proc stat file, in seconds (clock ticks of 10 ms). */
function cpuSeconds(statFile: string): number {
  const stat = readFileSync(statFile, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

process.on('exit', () => {
  try {
    const threads: Record<string, number> = {}
    for (const tid of readdirSync('/proc/self/task')) {
      const s = cpuSeconds(`/proc/self/task/${tid}/stat`)
      if (s > 0.05) threads[tid] = s
    }
    const main = cpuSeconds(`/proc/self/task/${process.pid}/stat`)
    const all = cpuSeconds('/proc/self/stat')
    process.stderr.write(
      `CPU main-thread=${main.toFixed(2)}s process=${all.toFixed(2)}s threads=${JSON.stringify(threads)}\n`,
    )
  } catch {
    // Not Linux: nothing to report.
  }
})
