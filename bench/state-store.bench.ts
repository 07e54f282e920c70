/**
 * File state store numbers at 1,000,000 keys: heap bytes per state row, the first commit of 1M
 * puts, commits of 10,000-key batches (deltas), and recovery (a new provider rebuilding the
 * latest version from its snapshot plus deltas). Run with the GC exposed so heap deltas are real:
 *   npx esbuild bench/state-store.bench.ts --bundle --platform=node --format=esm \
 *     --outfile=.cache/state-store.bench.mjs && node --expose-gc .cache/state-store.bench.mjs
 * Flags: --keys N (default 1000000), --batch N (default 10000), --batches N (default 25).
 */
import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileStateStoreProvider } from '../src/state/file-state-store.js'

const args = new Map<string, string>()
const argv = process.argv.slice(2)
for (let i = 0; i < argv.length; i += 2) args.set(argv[i]!.replace(/^--/, ''), argv[i + 1] ?? '')
const keys = Number(args.get('keys') ?? 1_000_000)
const batch = Number(args.get('batch') ?? 10_000)
const batches = Number(args.get('batches') ?? 25)
const gc = (globalThis as { gc?: () => void }).gc

function heap(): number {
  gc?.()
  gc?.()
  return process.memoryUsage().heapUsed
}

const key = (i: number): string => `user-${i}`
const row = (i: number, b: number): unknown[] => [i % 1000, b]
const ms = (t: number): string => `${(performance.now() - t).toFixed(0)} ms`

if (!gc) process.stdout.write('warning: run with --expose-gc for exact heap deltas\n')
const dir = await fs.mkdtemp(join(tmpdir(), 'sl-state-bench-'))

// 1. Heap of a plain Map with the same entries, as a reference for the representation's cost.
function plainMapBytesPerRow(): number {
  const start = heap()
  const plain = new Map<string, unknown[]>()
  for (let i = 0; i < keys; i++) plain.set(key(i), row(i, 0))
  const bytes = (heap() - start) / plain.size
  return plain.size > 0 ? bytes : 0
}
const plainBytes = plainMapBytesPerRow()

// 2. 1M puts + commit through the provider.
const before = heap()
const provider = new FileStateStoreProvider(dir, { name: 'bench', snapshotInterval: 10 })
let store = await provider.open(0)
let t = performance.now()
for (let i = 0; i < keys; i++) store.put(key(i), row(i, 0))
const putTime = ms(t)
t = performance.now()
let metrics = await store.commit()
await provider.flush()
const firstCommit = ms(t)
const storeBytes = (heap() - before) / keys

// 3. Batches updating `batch` keys (some new, some removed) on top of 1M.
const times: number[] = []
const commitTimes: number[] = []
for (let b = 1; b <= batches; b++) {
  store = await provider.open(b)
  for (let j = 0; j < batch; j++) {
    const i = (b * 7919 + j * 104_729) % keys
    if (j % 10 === 0) store.remove(key(i))
    else store.put(key(i), row(i, b))
  }
  t = performance.now()
  metrics = await store.commit()
  // Durable, as the executor waits for it before the batch's commit log entry.
  await provider.flush()
  times.push(performance.now() - t)
  commitTimes.push(metrics.commitTimeMs)
}
await provider.close()
const latest = batches + 1
const files = await fs.readdir(dir)
let bytesOnDisk = 0
for (const f of files)
  if (/\.(delta|snapshot)$/.test(f)) bytesOnDisk += (await fs.stat(join(dir, f))).size

// 4. Recovery: a new provider rebuilds the latest version from disk.
const recovered = new FileStateStoreProvider(dir, { name: 'bench', snapshotInterval: 10 })
t = performance.now()
const reopened = await recovered.open(latest)
const recovery = ms(t)
t = performance.now()
const older = new FileStateStoreProvider(dir, { name: 'bench' })
await older.open(9)
const fromDeltasOnly = ms(t)

const sorted = [...times].sort((a, b) => a - b)
const pct = (p: number): string => sorted[Math.floor(p * (sorted.length - 1))]!.toFixed(1)
const lines = [
  `keys                              ${keys}`,
  `plain Map heap per row            ${plainBytes.toFixed(0)} B`,
  `provider heap per row (after commit) ${storeBytes.toFixed(0)} B`,
  `memoryUsedBytes estimate per row  ${(metrics.memoryUsedBytes / metrics.numRowsTotal).toFixed(0)} B`,
  `${keys} puts                      ${putTime}`,
  `first commit (1M-row delta)       ${firstCommit}`,
  `${batch}-key batch commit          p50 ${pct(0.5)} ms, p90 ${pct(0.9)} ms, max ${pct(1)} ms (commitTimeMs p50 ${[...commitTimes].sort((a, b) => a - b)[Math.floor(commitTimes.length / 2)]!.toFixed(1)} ms)`,
  `delta size per ${batch}-key batch  ${metrics.stateOnCurrentVersionSizeBytes} B`,
  `files on disk                     ${files.length - 1} (${(bytesOnDisk / 1e6).toFixed(1)} MB)`,
  `recovery of version ${latest} (snapshot + deltas) ${recovery}, ${reopened.size} rows`,
  `recovery of version 9 (10 deltas, no snapshot)   ${fromDeltasOnly}`,
]
process.stdout.write(lines.join('\n') + '\n')
await fs.rm(dir, { recursive: true, force: true })
