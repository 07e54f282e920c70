import { existsSync, promises as fs, watch } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { EngineError } from '../../src/errors/index.js'
import {
  batchFileName,
  generateEvents,
  parseEventLine,
  type GeneratedEvent,
  type GeneratorOptions,
} from '../../src/generator/index.js'

const START = '2026-11-24T10:00:00'
const START_MICROS = Date.parse(`${START}Z`) * 1000
let root: string

beforeEach(async () => {
  root = await fs.mkdtemp(join(tmpdir(), 'sl-generate-'))
})

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true })
})

async function readDir(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  for (const name of (await fs.readdir(dir)).sort())
    files.set(name, await fs.readFile(join(dir, name), 'utf8'))
  return files
}

function events(text: string): GeneratedEvent[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const event = parseEventLine(line)
      if (event === undefined) throw new Error(`not an event line: ${line}`)
      return event
    })
}

function micros(timestamp: string): number {
  return Date.parse(`${timestamp.slice(0, 23)}Z`) * 1000 + Number(timestamp.slice(23))
}

const simulated = (out: string, extra: Partial<GeneratorOptions> = {}): GeneratorOptions => ({
  out,
  batches: 5,
  eventsPerBatch: 200,
  seed: 42,
  startTime: START,
  ...extra,
})

describe('generateEvents', () => {
  it('writes byte-identical files for the same seed, flags and start time', async () => {
    const a = join(root, 'a')
    const b = join(root, 'b')
    await generateEvents(simulated(a, { duplicateFraction: 0.1 }))
    await generateEvents(simulated(b, { duplicateFraction: 0.1 }))
    const filesA = await readDir(a)
    expect(filesA.size).toBe(5)
    expect(await readDir(b)).toEqual(filesA)
    await generateEvents(simulated(join(root, 'c'), { seed: 43 }))
    expect((await readDir(join(root, 'c'))).get('batch_000000.json')).not.toBe(
      filesA.get('batch_000000.json'),
    )
  })

  it('names files batch_NNNNNN.json, creates the directory and leaves no temp files', async () => {
    const out = join(root, 'deep', 'er')
    const result = await generateEvents(simulated(out, { batches: 3 }))
    expect(await fs.readdir(out)).toEqual([
      'batch_000000.json',
      'batch_000001.json',
      'batch_000002.json',
    ])
    expect(result).toMatchObject({
      seed: 42,
      out,
      firstBatchIndex: 0,
      batches: 3,
      events: 600,
      aborted: false,
    })
    expect(result.files).toEqual([0, 1, 2].map((i) => join(out, batchFileName(i))))
  })

  it('continues after the highest existing batch and ignores other files', async () => {
    const out = join(root, 'out')
    await fs.mkdir(out)
    await fs.writeFile(join(out, 'batch_000007.json'), '')
    await fs.writeFile(join(out, 'notes.txt'), 'x')
    await fs.writeFile(join(out, '.batch_000099.json.tmp'), 'x')
    const result = await generateEvents(simulated(out, { batches: 2 }))
    expect(result.firstBatchIndex).toBe(8)
    expect((await fs.readdir(out)).filter((n) => n.startsWith('batch_')).sort()).toEqual([
      'batch_000007.json',
      'batch_000008.json',
      'batch_000009.json',
    ])
  })

  it('writes the same files when a run is split into several continued runs', async () => {
    const whole = join(root, 'whole')
    const split = join(root, 'split')
    const options = { duplicateFraction: 0.2, eventsPerBatch: 300 }
    await generateEvents(simulated(whole, { ...options, batches: 7 }))
    for (const batches of [3, 1, 3]) await generateEvents(simulated(split, { ...options, batches }))
    expect(await readDir(split)).toEqual(await readDir(whole))
  })

  it('puts batch k at start + k × interval on the simulated clock', async () => {
    const out = join(root, 'out')
    const nows: number[] = []
    const started = Date.now()
    await generateEvents(
      simulated(out, {
        batches: 4,
        intervalMs: 60_000,
        onBatch: (b) => void nows.push(b.now.getTime()),
      }),
    )
    expect(Date.now() - started).toBeLessThan(5000)
    expect(nows).toEqual([0, 1, 2, 3].map((k) => START_MICROS / 1000 + k * 60_000))
    const files = await readDir(out)
    ;[...files.values()].forEach((text, k) => {
      const batchNow = START_MICROS + k * 60_000_000
      const times = events(text).map((e) => micros(e.timestamp))
      expect(Math.max(...times)).toBeLessThanOrEqual(batchNow)
      expect(Math.min(...times)).toBeGreaterThanOrEqual(batchNow - 600_000_000)
    })
  })

  it('keeps the late share and lateness bounds over a whole run', async () => {
    const out = join(root, 'out')
    await generateEvents(simulated(out, { batches: 20, eventsPerBatch: 1000, lateFraction: 0.25 }))
    let late = 0
    let total = 0
    let k = 0
    for (const text of (await readDir(out)).values()) {
      const now = START_MICROS + k++ * 5_000_000
      for (const e of events(text)) {
        const lag = now - micros(e.timestamp)
        total++
        if (lag > 30_000_000) {
          late++
          if (lag < 60_000_000 || lag > 600_000_000)
            throw new Error(`late lag out of range: ${lag}`)
        } else if (lag < 0) throw new Error(`event after now: ${lag}`)
      }
    }
    expect(total).toBe(20_000)
    expect(Math.abs(late / total - 0.25)).toBeLessThan(0.015)
  })

  it('re-emits exact copies of events from the current or two previous batches', async () => {
    const out = join(root, 'out')
    await generateEvents(
      simulated(out, { batches: 10, eventsPerBatch: 1000, duplicateFraction: 0.1 }),
    )
    const texts = [...(await readDir(out)).values()]
    const lineById = new Map<string, { line: string; batch: number }>()
    let duplicates = 0
    texts.forEach((text, batch) => {
      for (const line of text.split('\n').filter((l) => l !== '')) {
        const id = parseEventLine(line)?.event_id ?? ''
        const earlier = lineById.get(id)
        if (earlier === undefined) {
          lineById.set(id, { line, batch })
          continue
        }
        duplicates++
        if (earlier.line !== line) throw new Error(`duplicate differs: ${line} vs ${earlier.line}`)
        // A copy may itself be copied later: measure the distance to the latest emission.
        if (batch - earlier.batch > 2) {
          throw new Error(`duplicate from batch ${earlier.batch} in ${batch}`)
        }
        lineById.set(id, { line, batch })
      }
    })
    expect(Math.abs(duplicates / 10_000 - 0.1)).toBeLessThan(0.015)
  })

  it('lets duplicates of a continued run copy the previous run’s events', async () => {
    const out = join(root, 'out')
    await generateEvents(simulated(out, { batches: 1, eventsPerBatch: 500 }))
    await generateEvents(
      simulated(out, { batches: 1, eventsPerBatch: 500, duplicateFraction: 0.5 }),
    )
    const [first, second] = [...(await readDir(out)).values()].map((t) => new Set(t.split('\n')))
    const copied = [...second!].filter((line) => line !== '' && first!.has(line))
    expect(copied.length).toBeGreaterThan(50)
  })

  it('publishes atomically: a watcher never sees a partial or invalid batch file', async () => {
    const out = join(root, 'out')
    await fs.mkdir(out)
    const checked = new Set<string>()
    const problems: string[] = []
    const check = async (): Promise<void> => {
      for (const name of await fs.readdir(out)) {
        if (name.startsWith('.') || checked.has(name)) continue
        checked.add(name)
        const text = await fs.readFile(join(out, name), 'utf8')
        const lines = text.split('\n')
        if (
          lines.pop() !== '' ||
          lines.length !== 2000 ||
          lines.some((l) => parseEventLine(l) === undefined)
        ) {
          problems.push(name)
        }
      }
    }
    const watcher = watch(out, () => void check())
    let polling = true
    const poller = (async () => {
      while (polling) await check()
    })()
    await generateEvents(simulated(out, { batches: 40, eventsPerBatch: 2000 }))
    polling = false
    await poller
    watcher.close()
    await check()
    expect(problems).toEqual([])
    expect(checked.size).toBe(40)
    expect((await fs.readdir(out)).filter((n) => n.startsWith('.'))).toEqual([])
  })

  it('runs on the wall clock, one batch per interval, until the signal aborts', async () => {
    const out = join(root, 'out')
    const controller = new AbortController()
    const nows: number[] = []
    const started = Date.now()
    const result = await generateEvents({
      out,
      eventsPerBatch: 10,
      intervalMs: 100,
      signal: controller.signal,
      onBatch: (batch) => {
        nows.push(batch.now.getTime())
        expect(batch.events).toHaveLength(10)
        if (nows.length === 3) controller.abort()
      },
    })
    expect(result.aborted).toBe(true)
    expect(result.batches).toBe(3)
    expect(result.seed).toEqual(expect.any(Number))
    expect(Math.abs(nows[0]! - started)).toBeLessThan(1000)
    expect(nows[2]! - nows[0]!).toBeGreaterThanOrEqual(190)
    for (const [k, text] of [...(await readDir(out)).values()].entries()) {
      const times = events(text).map((e) => micros(e.timestamp) / 1000)
      expect(Math.max(...times)).toBeLessThanOrEqual(nows[k]!)
    }
  })

  it('stops at the next batch boundary when aborted during a sleep', async () => {
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 150)
    const started = Date.now()
    const result = await generateEvents({
      out: join(root, 'out'),
      intervalMs: 60_000,
      signal: controller.signal,
    })
    expect(result.batches).toBe(1)
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('reports an output path that is a file as SL_CLI_OUTPUT_DIR_UNUSABLE', async () => {
    const file = join(root, 'file')
    await fs.writeFile(file, 'x')
    const error = await generateEvents(simulated(file)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EngineError)
    expect((error as EngineError).code).toBe('SL_CLI_OUTPUT_DIR_UNUSABLE')
    expect((error as EngineError).path).toBe(file)
  })

  it.runIf(existsSync('/proc/self'))(
    'fails at once with SL_CLI_OUTPUT_DIR_UNUSABLE when the directory cannot be created (#14)',
    async () => {
      // Node's recursive mkdir never settles under /proc: the generator spun forever.
      const started = Date.now()
      const error = await generateEvents(simulated('/proc/nope/events')).catch((e: unknown) => e)
      expect(Date.now() - started).toBeLessThan(1000)
      expect(error).toBeInstanceOf(EngineError)
      expect(error).toMatchObject({ code: 'SL_CLI_OUTPUT_DIR_UNUSABLE', path: '/proc/nope/events' })
      expect((error as EngineError).message).toMatch(
        /\/proc exists but does not accept new directories \(mkdir \/proc\/nope: ENOENT\)/,
      )
    },
  )

  it('names the batch file and the directory when publishing fails', async () => {
    const out = join(root, 'out')
    const error = await generateEvents(
      simulated(out, {
        batches: 3,
        onBatch: async () => fs.rm(out, { recursive: true }),
      }),
    ).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'SL_CLI_OUTPUT_DIR_UNUSABLE', path: out })
    expect((error as EngineError).message).toMatch(/writing batch_000001\.json failed: .*ENOENT/)
  })

  it('validates every option before touching the disk', async () => {
    const out = join(root, 'never')
    await expect(generateEvents(simulated(out, { users: 0 }))).rejects.toThrow(/Option users/)
    await expect(fs.stat(out)).rejects.toThrow(/ENOENT/)
  })
})
