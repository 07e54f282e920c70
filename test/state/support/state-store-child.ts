/**
 * Child process of the state store crash test (bundled with esbuild, run by plain node, killed
 * with SIGKILL at a random moment): from state version `from`, commits batch after batch forever,
 * cleaning up as the engine does, and prints `committed <version>` after each durable commit.
 */
import { FileStateStoreProvider } from '../../../src/state/file-state-store.js'
import { applyCrashBatch } from './crash-batches.js'

const [dir, from, interval] = process.argv.slice(2)
const provider = new FileStateStoreProvider(dir!, {
  name: 'crash',
  snapshotInterval: Number(interval),
})
for (let v = Number(from); ; v++) {
  const store = await provider.open(v)
  applyCrashBatch(v, store)
  await store.commit()
  await provider.flush()
  process.stdout.write(`committed ${v + 1}\n`)
  await provider.cleanup(v + 1, 4)
}
