import type { StructType } from '../../types/index.js'

/**
 * Reads from an external source: a streaming source (`spark.readStream…load()`) or a batch one
 * (`spark.read…load()`). Only a description — format, path, options, user schema — never a
 * connector object, so other backends can translate it. `sourceId` distinguishes two reads of
 * the same path within one plan.
 */
export interface SourceNode {
  readonly kind: 'SourceNode'
  readonly sourceId: string
  readonly format: string
  readonly path: string | undefined
  readonly options: Readonly<Record<string, string>>
  /** The user-given schema (required for streaming file sources); undefined → read from the source. */
  readonly schema: StructType | undefined
  readonly isStreaming: boolean
}

export const SourceNode = Object.freeze({
  create(props: Omit<SourceNode, 'kind'>): SourceNode {
    return Object.freeze({
      kind: 'SourceNode',
      ...props,
      options: Object.freeze({ ...props.options }),
    })
  },
  is(node: { kind: string }): node is SourceNode {
    return node.kind === 'SourceNode'
  },
})
