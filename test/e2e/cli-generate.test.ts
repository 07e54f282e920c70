import { execFileSync, spawn } from 'node:child_process'
import { existsSync, promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { parseEventLine } from '../../src/generator/index.js'

const REPO = resolve(import.meta.dirname, '../..')
const BIN = join(REPO, 'dist/cli/main.js')
let root: string

interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Spawns the built CLI; `onSpawn` gets the child to signal or watch it. */
function cli(args: string[], onSpawn?: (child: ReturnType<typeof spawn>) => void): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: root })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', fail)
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }))
    onSpawn?.(child)
  })
}

async function readDir(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  for (const name of (await fs.readdir(dir)).sort()) {
    files.set(name, await fs.readFile(join(dir, name), 'utf8'))
  }
  return files
}

function isCompleteBatch(text: string, count: number): boolean {
  const lines = text.split('\n')
  return (
    lines.pop() === '' &&
    lines.length === count &&
    lines.every((l) => parseEventLine(l) !== undefined)
  )
}

const sim = ['--seed', '7', '--start-time', '2026-11-24T10:00:00']

beforeAll(() => {
  // The build may fail on other modules' work in progress; tsc still emits with noEmitOnError off.
  try {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: REPO, stdio: 'pipe' })
  } catch {
    try {
      execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json', '--noEmitOnError', 'false'], {
        cwd: REPO,
        stdio: 'pipe',
      })
    } catch {
      // emitted anyway; a missing binary fails the tests below
    }
  }
  expect(existsSync(BIN)).toBe(true)
}, 180_000)

beforeEach(async () => {
  root = await fs.mkdtemp(join(tmpdir(), 'sl-cli-generate-'))
})

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true })
})

describe('streamlake generate', () => {
  it('writes reproducible batch files on the simulated clock and reports them', async () => {
    const run = await cli([
      'generate',
      '--out',
      'a',
      '--batches',
      '3',
      '--events-per-batch',
      '50',
      ...sim,
    ])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('batch_000000.json  50 events  now 2026-11-24T10:00:00.000000')
    expect(run.stdout).toContain('batch_000002.json  50 events  now 2026-11-24T10:00:10.000000')
    expect(run.stdout).toMatch(/wrote 3 batches, 150 events to .* \(seed 7, simulated clock/)
    await cli(['generate', '--out', 'b', '--batches', '3', '--events-per-batch', '50', ...sim])
    const a = await readDir(join(root, 'a'))
    expect([...a.keys()]).toEqual(['batch_000000.json', 'batch_000001.json', 'batch_000002.json'])
    expect(await readDir(join(root, 'b'))).toEqual(a)
    for (const text of a.values()) expect(isCompleteBatch(text, 50)).toBe(true)
  })

  it('appends after existing batches when re-run on the same directory', async () => {
    await cli(['generate', '--out', 'out', '--batches', '2', '--quiet', ...sim])
    const run = await cli(['generate', '--out', 'out', '--batches', '2', '--quiet', ...sim])
    expect(run.code).toBe(0)
    expect(run.stdout).toBe('')
    expect(await fs.readdir(join(root, 'out'))).toEqual([
      'batch_000000.json',
      'batch_000001.json',
      'batch_000002.json',
      'batch_000003.json',
    ])
  })

  it('prints a random seed that reproduces the run', async () => {
    const first = await cli([
      'generate',
      '--out',
      'a',
      '--batches',
      '2',
      '--quiet',
      '--start-time',
      '2026-01-01',
    ])
    const seed = /seed (\d+) \(pass --seed \1 to reproduce\)/.exec(first.stderr)?.[1]
    expect(seed).toBeDefined()
    const args = ['--batches', '2', '--quiet', '--start-time', '2026-01-01', '--seed', seed ?? '']
    await cli(['generate', '--out', 'b', ...args])
    expect(await readDir(join(root, 'b'))).toEqual(await readDir(join(root, 'a')))
  })

  it('applies the lateness, duplicate, user and session flags', async () => {
    const run = await cli([
      'generate',
      '--out',
      'out',
      '--batches',
      '4',
      '--events-per-batch',
      '500',
      '--quiet',
      ...sim,
      '--late-fraction',
      '0.5',
      '--late-min',
      '2m',
      '--late-max',
      '3 minutes',
      '--on-time-max',
      '500ms',
      '--duplicate-fraction',
      '0.2',
      '--users',
      '3',
      '--sessions',
      '2',
      '--interval',
      '1m',
    ])
    expect(run.code).toBe(0)
    const events = [...(await readDir(join(root, 'out'))).values()].flatMap((text, k) =>
      text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => ({ k, e: parseEventLine(l)! })),
    )
    const start = Date.parse('2026-11-24T10:00:00Z')
    const firstSeen = new Map<string, number>()
    for (const { k, e } of events) if (!firstSeen.has(e.event_id)) firstSeen.set(e.event_id, k)
    const lags = events
      .filter(({ k, e }) => firstSeen.get(e.event_id) === k)
      .map(({ k, e }) => start + k * 60_000 - Date.parse(`${e.timestamp.slice(0, 23)}Z`))
    const bad = lags.filter(
      (lag) => !((lag >= 0 && lag <= 500) || (lag >= 119_999 && lag <= 180_000)),
    )
    expect(bad).toEqual([])
    expect(new Set(events.map(({ e }) => e.user_id))).toEqual(new Set([1, 2, 3]))
    expect(new Set(events.map(({ e }) => e.session_id))).toEqual(
      new Set(['session_1', 'session_2']),
    )
    const unique = new Set(events.map(({ e }) => e.event_id)).size
    expect(1 - unique / events.length).toBeGreaterThan(0.12)
    expect(1 - unique / events.length).toBeLessThan(0.28)
  })

  it('never exposes a partial file to a reader polling the directory', async () => {
    const out = join(root, 'out')
    await fs.mkdir(out)
    const seen = new Set<string>()
    const bad: string[] = []
    let running = true
    const poll = (async () => {
      while (running) {
        for (const name of await fs.readdir(out)) {
          if (name.startsWith('.') || seen.has(name)) continue
          seen.add(name)
          if (!isCompleteBatch(await fs.readFile(join(out, name), 'utf8'), 3000)) bad.push(name)
        }
      }
    })()
    const run = await cli([
      'generate',
      '--out',
      'out',
      '--batches',
      '60',
      '--events-per-batch',
      '3000',
      '--quiet',
      ...sim,
    ])
    running = false
    await poll
    expect(run.code).toBe(0)
    expect(bad).toEqual([])
    expect(seen.size).toBeGreaterThan(0)
    const names = await fs.readdir(out)
    expect(names).toHaveLength(60)
    expect(names.filter((n) => n.startsWith('.'))).toEqual([])
  })

  it('runs on the wall clock until SIGINT, finishing the current file and exiting 0', async () => {
    const out = join(root, 'out')
    const run = await cli(
      ['generate', '--out', 'out', '--interval', '200ms', '--events-per-batch', '20'],
      (child) => {
        const timer = setInterval(() => {
          void fs.readdir(out).then(
            (names) => {
              if (names.filter((n) => n.startsWith('batch_')).length >= 2) {
                clearInterval(timer)
                child.kill('SIGINT')
              }
            },
            () => undefined,
          )
        }, 50)
      },
    )
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/^seed \d+ \(pass --seed \d+ to reproduce\)\n$/)
    expect(run.stdout).toMatch(/stopped by signal/)
    const files = await readDir(out)
    expect(files.size).toBeGreaterThanOrEqual(2)
    for (const [name, text] of files) {
      expect(name).toMatch(/^batch_\d{6}\.json$/)
      expect(isCompleteBatch(text, 20)).toBe(true)
    }
  })

  it('stops on SIGTERM too', async () => {
    const run = await cli(['generate', '--out', 'out', '--interval', '10s', '--quiet'], (child) => {
      // Signal once the first file exists, i.e. once the handlers are installed.
      const timer = setInterval(() => {
        if (existsSync(join(root, 'out', 'batch_000000.json'))) {
          clearInterval(timer)
          child.kill('SIGTERM')
        }
      }, 20)
    })
    expect(run.code).toBe(0)
    expect(run.signal).toBeNull()
    expect(await fs.readdir(join(root, 'out'))).toEqual(['batch_000000.json'])
  })

  it.each([
    [
      ['--late-fraction', '1.5'],
      /error \[SL_CLI_INVALID_FLAG\]: Flag --late-fraction must be a number from 0 to 1 \(got "1.5"\)\. Example: --late-fraction 0.1/,
    ],
    [
      ['--interval', '5'],
      /Flag --interval must be a duration .* \(got "5"\)\. Example: --interval 5s/,
    ],
    [
      ['--events-per-batch', 'many'],
      /Flag --events-per-batch must be a whole number \(got "many"\)\. Example: --events-per-batch 100/,
    ],
    [
      ['--events-per-batch', '0'],
      /Flag --events-per-batch must be an integer from 1 to 10000000 \(got "0"\)/,
    ],
    [
      ['--start-time', '2026-13-01'],
      /Flag --start-time must be a valid ISO-8601 date-time \(got "2026-13-01"\)\. Example: --start-time 2026-11-24T10:00:00/,
    ],
    [
      ['--late-min', '10m', '--late-max', '5m'],
      /Flag --late-max must be at least --late-min \(600000\) \(got "5m"\)/,
    ],
    [['--seed', '-3'], /Flag --seed must be an integer from 0 to/],
    [['--bogus'], /unknown option '--bogus'/],
  ])('rejects %j with exit code 2 and a clear message', async (flags, message) => {
    const run = await cli(['generate', '--out', 'out', '--batches', '1', ...flags])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
    expect(existsSync(join(root, 'out'))).toBe(false)
  })

  it('refuses --partitions 0, naming the flag, before connecting to Kafka', async () => {
    const run = await cli(['generate', '--kafka', '127.0.0.1:9', '--partitions', '0'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(
      /error \[SL_CLI_INVALID_FLAG\]: Flag --partitions must be at least 1 .*Example: --partitions 6/,
    )
  })

  it('requires --out', async () => {
    const run = await cli(['generate', '--batches', '1'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(
      /error \[SL_CLI_MISSING_FLAG\]: Flag --out is required: .* Example: --out \.\/data\/events/,
    )
  })

  it.runIf(existsSync('/proc/self'))(
    'fails fast, naming the path, when --out cannot be created (#14: spun forever under /proc)',
    async () => {
      const started = Date.now()
      const run = await cli(['generate', '--out', '/proc/nope', '--interval', '10s'], (child) => {
        // Before the fix the process spun silently and ignored the first SIGTERM.
        const term = setTimeout(() => child.kill('SIGTERM'), 10_000)
        const kill = setTimeout(() => child.kill('SIGKILL'), 12_000)
        child.on('exit', () => {
          clearTimeout(term)
          clearTimeout(kill)
        })
      })
      expect(run.signal).toBeNull()
      expect(run.code).toBe(2)
      expect(Date.now() - started).toBeLessThan(8000)
      expect(run.stderr).toMatch(
        /error \[SL_CLI_OUTPUT_DIR_UNUSABLE\]: Output directory \/proc\/nope cannot be used: \/proc exists but does not accept new directories \(mkdir \/proc\/nope: ENOENT\)/,
      )
      expect(run.stderr).not.toMatch(/ at .*\.js:\d+/)
    },
    20_000,
  )

  it('stops promptly on SIGTERM while writing as fast as it can on the simulated clock', async () => {
    let signalled = 0
    const run = await cli(['generate', '--out', 'out', '--quiet', ...sim], (child) => {
      const timer = setInterval(() => {
        if (existsSync(join(root, 'out', 'batch_000003.json'))) {
          clearInterval(timer)
          signalled = Date.now()
          child.kill('SIGTERM')
        }
      }, 20)
    })
    expect(Date.now() - signalled).toBeLessThan(3000)
    expect(run.code).toBe(0)
    expect(run.signal).toBeNull()
    for (const text of (await readDir(join(root, 'out'))).values())
      expect(isCompleteBatch(text, 100)).toBe(true)
  })

  it('rejects an --out path that is a file with exit code 2', async () => {
    await fs.writeFile(join(root, 'file'), 'x')
    const run = await cli(['generate', '--out', 'file', '--batches', '1', '--quiet', ...sim])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/SL_CLI_OUTPUT_DIR_UNUSABLE/)
  })
})
