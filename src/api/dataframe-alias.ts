/**
 * The name `df.alias(name)` gives a DataFrame, also kept beside the DataFrame object (its plan is
 * a SubqueryAliasNode, through which the analyzer resolves `name.x` elsewhere). `DeltaTable.merge`
 * reads it to resolve `s.id` in its conditions and values, and `join` in a condition (as
 * `df.col('id')`).
 */
import type { DataFrame } from './dataframe.js'

const aliases = new WeakMap<DataFrame, string>()

/** Records `alias` for `df`. @internal */
export function setDataFrameAlias(df: DataFrame, alias: string): void {
  aliases.set(df, alias)
}

/** The alias of `df`, or undefined. @internal */
export function dataFrameAlias(df: DataFrame): string | undefined {
  return aliases.get(df)
}
