/**
 * The I/O of one update-mode batch of the Delta sink: prune the live files by their statistics,
 * read only the candidates, write the rewritten files and the batch's rows, and return the actions
 * and metrics of the batch's commit (the sink adds metaData/txn and commits). The decisions are
 * made by the pure functions of `upsert-plan.ts`.
 */
import {
  readFileRows,
  removeWithTimestamp,
  writeDataFile,
  type Action,
  type AddAction,
  type Snapshot,
} from '../../delta/index.js'
import type { Row, StructType } from '../../types/index.js'
import {
  latestPerKey,
  planRewrites,
  selectCandidateFiles,
  type UpsertKeySpec,
} from './upsert-plan.js'

/** File actions and metrics of one upsert. */
export interface UpsertActions {
  actions: Action[]
  metrics: Record<string, string>
  /** True when the outcome depends on the table's contents (anything was looked up). */
  readTable: boolean
}

/** Plans and writes the files of one update-mode batch (nothing is committed here). */
export async function upsertActions(
  tablePath: string,
  snapshot: Snapshot,
  schema: StructType,
  spec: UpsertKeySpec,
  rows: readonly Row[],
  maxRowsPerFile: number,
  owner?: string,
): Promise<UpsertActions> {
  const latest = latestPerKey(spec, rows)
  const live = snapshot.exists ? snapshot.files : []
  const { candidates, skipped } = selectCandidateFiles(spec, live, latest.values())
  const fileRows = await readFileRows(snapshot, candidates)
  const plan = planRewrites(
    spec,
    latest,
    candidates.map((file, i) => ({ file, rows: fileRows[i]! })),
  )
  const actions: Action[] = []
  const now = Date.now()
  let bytes = 0
  let added = 0
  const write = async (part: readonly Row[]): Promise<void> => {
    for (let i = 0; i < part.length; i += maxRowsPerFile) {
      const add: AddAction = await writeDataFile(
        tablePath,
        schema,
        part.slice(i, i + maxRowsPerFile),
        owner === undefined ? {} : { owner },
      )
      actions.push({ add })
      bytes += add.size
      added++
    }
  }
  for (const r of plan.rewrites) {
    actions.push({ remove: removeWithTimestamp(r.file, now) })
    await write(r.survivors)
  }
  await write(plan.newRows)
  return {
    actions,
    readTable: latest.size > 0,
    metrics: {
      numAddedFiles: String(added),
      numRemovedFiles: String(plan.rewrites.length),
      numOutputRows: String(plan.newRows.length + plan.copiedRows),
      numOutputBytes: String(bytes),
      numSourceRows: String(rows.length),
      numUpdatedRows: String(plan.updatedKeys),
      numInsertedRows: String(plan.insertedKeys),
      numCopiedRows: String(plan.copiedRows),
      numDeletedRows: String(plan.deletedRows),
      numFilesBeforeSkipping: String(live.length),
      numFilesSkipped: String(skipped),
      numFilesRead: String(candidates.length),
    },
  }
}
