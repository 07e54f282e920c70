/**
 * Entry of the child process in the concurrency test (bundled with esbuild, run by plain node):
 * appends `count` batches as appId `appId` to the table, then prints the committed versions.
 */
import { DeltaLog } from '../../../src/delta/index.js'
import { appendBatch, eventRows } from './sample-table.js'

const [tablePath, appId, count] = process.argv.slice(2)
const log = DeltaLog.forTable(tablePath!)
const versions: number[] = []
for (let b = 0; b < Number(count); b++) {
  const v = await appendBatch(log, appId!, b, eventRows(b, 2))
  if (v !== undefined) versions.push(v)
}
process.stdout.write(JSON.stringify(versions))
