/**
 * DataFrame: an immutable logical plan plus the session that runs it. Transformations return
 * new DataFrames; actions (`count`, `collect`, `show`) execute batch plans, and `writeStream`
 * starts streaming ones.
 */
import { AnalysisError, EngineError } from '../errors/index.js'
import { runBatchPlan, resolveBatchSchema } from '../exec/run-batch-plan.js'
import { formatTable } from '../internal/format-table.js'
import { delayMillis } from '../internal/time/interval.js'
import { outputSchema, unresolvedColumn } from '../plan/analyzer.js'
import { resolveColumnPath } from '../plan/column-path.js'
import { explainPlan } from '../plan/explain.js'
import { bindJoinCondition, mapColumnRefs } from '../plan/join-condition.js'
import { qualifiedFieldNames } from '../plan/field-qualifiers.js'
import { planQualifier } from '../plan/plan-qualifier.js'
import { sortPlan } from '../plan/sort-plan.js'
import {
  AliasNode,
  CastNode,
  ColumnRefNode,
  LiteralNode,
  type Expression,
} from '../plan/expr/index.js'
import {
  DeduplicateNode,
  FilterNode,
  JoinNode,
  ProjectNode,
  SubqueryAliasNode,
  UnionNode,
  WatermarkNode,
  isStreamingPlan,
  type LogicalPlan,
} from '../plan/nodes/index.js'
import {
  DataTypes,
  fieldIndex,
  simpleString,
  type DataType,
  type Row,
  type StructType,
} from '../types/index.js'
import { Column as ColumnClass, type Column } from './column.js'
import { toRowObject, type RowObject } from './row-conversion.js'
import type { SparkSession } from './session.js'
import { DataFrameWriter } from './data-frame-writer.js'
import { DataStreamWriter } from './data-stream-writer.js'
import { GroupedData, groupingExpressions } from './grouped-data.js'
import { dataFrameBundle } from './display/data-frame-bundle.js'
import { dataFrameAlias, setDataFrameAlias } from './dataframe-alias.js'
import { JUPYTER_DISPLAY, type MimeBundle } from './display/jupyter-display.js'

export class DataFrame {
  /** @internal */
  constructor(
    readonly sparkSession: SparkSession,
    /** @internal */ readonly plan: LogicalPlan,
  ) {
    // Analyse eagerly, as Spark does, so a bad column fails at the call that introduced it.
    if (this.schemaIsKnown()) outputSchema(plan)
  }

  /** True when the plan reads a streaming source. */
  get isStreaming(): boolean {
    return isStreamingPlan(this.plan)
  }

  /**
   * The schema. Delta batch reads learn theirs from the table; call {@link DataFrame.resolveSchema} first for those.
   */
  get schema(): StructType {
    return outputSchema(this.plan)
  }

  /**
   * The schema, reading table metadata if needed. On a remote session it is the schema Spark's
   * analyzer gives the plan (`AnalyzePlan`), so `printSchema()` shows what Spark will write.
   */
  async resolveSchema(): Promise<StructType> {
    const remote = this.sparkSession.remote
    if (remote) return (await remote.backend()).schema(this.plan)
    return this.schemaIsKnown()
      ? this.schema
      : resolveBatchSchema(this.plan, this.sparkSession.conf.timeZone)
  }

  /** Column names. */
  get columns(): string[] {
    return this.schema.fields.map((f) => f.name)
  }

  /**
   * Selects columns or expressions.
   *
   * @example
   * ```ts
   * import { SparkSession, col } from 'streamlake'
   * const spark = SparkSession.builder().getOrCreate()
   * const df = spark.createDataFrame([{ a: 1 }], 'a INT')
   * const out = df.select('a', col('a').plus(1).alias('b'))
   * ```
   */
  select(...cols: (string | Column)[]): DataFrame {
    const exprs = cols.flatMap((c) =>
      c === '*'
        ? fieldRefs(this.schema)
        : typeof c === 'string' && c.endsWith('.*')
          ? this.structFields(c.slice(0, -2))
          : [toColumnExpr(c, 'select')],
    )
    return this.derive(ProjectNode.create(this.plan, exprs))
  }

  /** `select('data.*')`: each field of the struct column `data`, named by its field name. */
  private structFields(name: string): Expression[] {
    const path = resolveColumnPath(this.schema, name)
    if (!path) throw unresolvedColumn(name, this.schema)
    if (path.dataType.type !== 'struct') {
      throw new AnalysisError('SL_PLAN_TYPE_MISMATCH', {
        expression: `${name}.*`,
        expected: 'a struct column',
        actual: simpleString(path.dataType),
        hint: `Only struct columns expand with .*; select '${name}' itself.`,
      })
    }
    return path.dataType.fields.map((f) => ColumnRefNode.create(`${name}.${f.name}`))
  }

  /**
   * Sorts the rows by the given columns in turn: names or Columns, ascending with nulls first
   * unless a Column says otherwise (`col('x').desc()`, `asc_nulls_last()`, …), as Spark's
   * `orderBy`. On a stream Spark allows it only over an aggregation in complete mode.
   *
   * @example
   * ```ts
   * import { col, SparkSession } from 'streamlake'
   * const spark = SparkSession.builder().getOrCreate()
   * const df = spark.createDataFrame([{ a: 2, b: 'x' }, { a: 1, b: null }], 'a INT, b STRING')
   * const sorted = df.orderBy(col('b').desc(), 'a')
   * ```
   */
  orderBy(...cols: (string | Column)[]): DataFrame {
    const orders = cols.map((c) => ({
      expr: typeof c === 'string' ? ColumnRefNode.create(c) : c.sortKey,
      ascending: typeof c === 'string' || (c.sortOrder?.ascending ?? true),
      nullsFirst: typeof c === 'string' || (c.sortOrder?.nullsFirst ?? true),
    }))
    return this.derive(sortPlan(this.plan, orders, (p) => outputSchema(p)))
  }

  /** Alias of {@link DataFrame.orderBy}. */
  sort(...cols: (string | Column)[]): DataFrame {
    return this.orderBy(...cols)
  }

  /** Keeps rows where `condition` is true. */
  filter(condition: Column): DataFrame {
    return this.derive(FilterNode.create(this.plan, condition.valueExpr('filter')))
  }

  /** Alias of {@link DataFrame.filter}. */
  where(condition: Column): DataFrame {
    return this.filter(condition)
  }

  /** Adds or replaces a column. */
  withColumn(name: string, value: Column): DataFrame {
    const valueExpr = value.valueExpr('withColumn')
    const fields = this.schema.fields
    const refs = fieldRefs(this.schema)
    const replaced = fields.some((f) => f.name === name)
    const exprs: Expression[] = fields.map((f, i) =>
      f.name === name ? AliasNode.create(valueExpr, name) : refs[i]!,
    )
    if (!replaced) exprs.push(AliasNode.create(valueExpr, name))
    return this.derive(ProjectNode.create(this.plan, exprs))
  }

  /** Renames a column (a no-op if it does not exist, as in Spark). */
  withColumnRenamed(existing: string, renamed: string): DataFrame {
    if (fieldIndex(this.schema, existing) < 0) return this
    const refs = fieldRefs(this.schema)
    return this.derive(
      ProjectNode.create(
        this.plan,
        this.schema.fields.map((f, i) =>
          f.name === existing ? AliasNode.create(refs[i]!, renamed) : refs[i]!,
        ),
      ),
    )
  }

  /** Removes columns (unknown names are ignored, as in Spark). */
  drop(...names: string[]): DataFrame {
    const refs = fieldRefs(this.schema)
    return this.derive(
      ProjectNode.create(
        this.plan,
        refs.filter((_, i) => !names.includes(this.schema.fields[i]!.name)),
      ),
    )
  }

  /**
   * Declares the event-time column and how late data may arrive (spark-semantics §3).
   *
   * @example
   * ```ts
   * import { SparkSession } from 'streamlake'
   * const spark = SparkSession.builder().getOrCreate()
   * const events = spark.readStream.format('json').schema('timestamp TIMESTAMP, user_id INT').load('./input')
   * const withWm = events.withWatermark('timestamp', '10 minutes')
   * ```
   */
  withWatermark(eventTime: string, delayThreshold: string): DataFrame {
    // A Delta source's schema is read at start: the analyzer checks the column then.
    if (this.schemaIsKnown()) {
      const schema = this.schema
      if (fieldIndex(schema, eventTime) < 0) throw unresolvedColumn(eventTime, schema)
    }
    return this.derive(
      WatermarkNode.create(this.plan, eventTime, delayThreshold, delayMillis(delayThreshold)),
    )
  }

  /**
   * Groups rows for aggregation; columns by name, or expressions such as `window(...)`.
   */
  groupBy(...cols: (string | Column)[]): GroupedData {
    return new GroupedData(this, groupingExpressions(cols, 'groupBy'))
  }

  /** Alias of {@link DataFrame.groupBy}. */
  groupby(...cols: (string | Column)[]): GroupedData {
    return this.groupBy(...cols)
  }

  /** Aggregates over all rows (a global aggregation). */
  agg(...aggregates: Column[]): DataFrame {
    return this.groupBy().agg(...aggregates)
  }

  /**
   * Keeps the first row of each key (all columns when none are given). On a stream with a
   * watermark on one of the keys, old keys leave the state (spark-semantics §6.1).
   */
  dropDuplicates(subset?: readonly string[]): DataFrame {
    return this.derive(DeduplicateNode.create(this.plan, subset ?? [], false))
  }

  /** Alias of {@link DataFrame.dropDuplicates} with no subset. */
  distinct(): DataFrame {
    return this.dropDuplicates()
  }

  /**
   * Drops rows whose key was seen within the watermark delay (spark-semantics §6.2); needs
   * `withWatermark` first.
   */
  dropDuplicatesWithinWatermark(subset?: readonly string[]): DataFrame {
    return this.derive(DeduplicateNode.create(this.plan, subset ?? [], true))
  }

  /**
   * The same rows under the name `alias`, as Spark's `df.alias('s')` (a SubqueryAlias): its
   * columns can be named `s.id` — in `DeltaTable.merge`'s conditions and values, a join
   * condition (`a.join(b, col('a.id').eq(col('b.id')))`), and select, filter, withColumn, groupBy
   * and orderBy, also after a join, where `l.x` and `r.x` tell a self-join's two `x` apart. A
   * column keeps its alias through select/groupBy of the column itself, not through an
   * expression (as Spark); a new alias replaces the old one.
   *
   * @example
   * ```ts
   * import { DeltaTable, SparkSession } from 'streamlake'
   * const spark = SparkSession.builder().getOrCreate()
   * const updates = spark.createDataFrame([{ id: 1, v: 'x' }], 'id INT, v STRING')
   * const merge = DeltaTable.forPath(spark, './data/t').alias('t')
   *   .merge(updates.alias('s'), 't.id = s.id')
   *   .whenMatchedUpdateAll()
   *   .whenNotMatchedInsertAll()
   * ```
   */
  alias(alias: string): DataFrame {
    const df = this.derive(SubqueryAliasNode.create(this.plan, alias))
    setDataFrameAlias(df, alias)
    return df
  }

  /**
   * This DataFrame's column `name`, remembered as coming from this DataFrame, so that a join
   * condition can name the same column name on both sides: `a.col('key').eq(b.col('key'))`.
   */
  col(name: string): Column {
    if (fieldIndex(this.schema, name) < 0) throw unresolvedColumn(name, this.schema)
    return new ColumnClass(ColumnRefNode.create(name, planQualifier(this.plan)))
  }

  /**
   * Joins with another DataFrame: on same-named columns (`'user_id'` or a list; the columns come
   * once in the output) or on a condition (a Column; the output has every column of both sides).
   * A stream joins a static DataFrame (a Delta table is re-read every micro-batch) or another
   * stream (spark-semantics §8: both sides are kept in state; outer joins need a watermark and a
   * time-range or window condition, checked at `start()`).
   *
   * @example
   * ```ts
   * import { SparkSession } from 'streamlake'
   * const spark = SparkSession.builder().getOrCreate()
   * const clicks = spark.readStream.format('json').schema('ad INT, clickTime TIMESTAMP').load('./clicks')
   * const views = spark.readStream.format('json').schema('adId INT, viewTime TIMESTAMP').load('./views')
   * const c = clicks.withWatermark('clickTime', '10 seconds')
   * const v = views.withWatermark('viewTime', '10 seconds')
   * const joined = v.join(
   *   c,
   *   v.col('adId').eq(c.col('ad'))
   *     .and(c.col('clickTime').cast('long').geq(v.col('viewTime').cast('long')))
   *     .and(c.col('clickTime').cast('long').leq(v.col('viewTime').cast('long').plus(60))),
   *   'left_outer',
   * )
   * ```
   */
  join(
    other: DataFrame,
    on: string | readonly string[] | Column,
    how:
      | 'inner'
      | 'left_outer'
      | 'left'
      | 'leftouter'
      | 'right_outer'
      | 'right'
      | 'rightouter'
      | 'full_outer'
      | 'full'
      | 'outer'
      | 'fullouter' = 'inner',
  ): DataFrame {
    const joinType =
      how === 'left' || how === 'leftouter'
        ? 'left_outer'
        : how === 'right' || how === 'rightouter'
          ? 'right_outer'
          : how === 'full' || how === 'outer' || how === 'fullouter'
            ? 'full_outer'
            : how
    if (on instanceof ColumnClass) {
      const condition = bindJoinCondition(aliasedRefs(on.valueExpr('join'), this, other), {
        left: { id: planQualifier(this.plan), schema: this.schema },
        right: { id: planQualifier(other.plan), schema: other.schema },
      })
      return this.derive(JoinNode.create(this.plan, other.plan, [], joinType, condition))
    }
    return this.derive(
      JoinNode.create(this.plan, other.plan, typeof on === 'string' ? [on] : on, joinType),
    )
  }

  /**
   * The rows of both DataFrames (SQL `UNION ALL`: duplicates stay), columns matched by position;
   * names come from this DataFrame. Two streams may be unioned, each with its own watermark: the
   * query's watermark is then the min (default) or max of theirs
   * (`spark.sql.streaming.multipleWatermarkPolicy`).
   *
   * @example
   * ```ts
   * import { SparkSession } from 'streamlake'
   * const spark = SparkSession.builder().getOrCreate()
   * const a = spark.readStream.format('json').schema('ts TIMESTAMP, v INT').load('./in-a')
   * const b = spark.readStream.format('json').schema('ts TIMESTAMP, v INT').load('./in-b')
   * const both = a.withWatermark('ts', '10 seconds').union(b.withWatermark('ts', '15 seconds'))
   * ```
   */
  union(other: DataFrame): DataFrame {
    return this.derive(UnionNode.create([this.plan, other.plan]))
  }

  /** Alias of {@link DataFrame.union} (both keep duplicates, as in Spark). */
  unionAll(other: DataFrame): DataFrame {
    return this.union(other)
  }

  /**
   * Like {@link DataFrame.union}, but matches columns by name. With `allowMissingColumns`,
   * columns missing on either side are filled with nulls (this side's columns come first).
   *
   * @example
   * ```ts
   * import { SparkSession } from 'streamlake'
   * const spark = SparkSession.builder().getOrCreate()
   * const a = spark.createDataFrame([{ x: 1, y: 'a' }], 'x INT, y STRING')
   * const b = spark.createDataFrame([{ y: 'b', x: 2 }], 'y STRING, x INT')
   * const both = a.unionByName(b)
   * ```
   */
  unionByName(other: DataFrame, options: { allowMissingColumns?: boolean } = {}): DataFrame {
    const mine = this.schema
    const theirs = other.schema
    const allow = options.allowMissingColumns ?? false
    const nullOf = (f: StructType['fields'][number]): Expression =>
      AliasNode.create(
        CastNode.create(LiteralNode.create(null, DataTypes.NullType), f.dataType),
        f.name,
      )
    const extra = allow ? theirs.fields.filter((f) => fieldIndex(mine, f.name) < 0) : []
    const left =
      extra.length === 0
        ? this.plan
        : ProjectNode.create(this.plan, [
            ...mine.fields.map((f) => ColumnRefNode.create(f.name)),
            ...extra.map(nullOf),
          ])
    const right = ProjectNode.create(other.plan, [
      ...mine.fields.map((f) => {
        if (fieldIndex(theirs, f.name) >= 0) return ColumnRefNode.create(f.name)
        if (allow) return nullOf(f)
        throw new AnalysisError(
          'SL_PLAN_UNION_MISSING_COLUMN',
          { name: f.name, columns: theirs.fields.map((g) => g.name) },
          { option: f.name },
        )
      }),
      ...extra.map((f) => ColumnRefNode.create(f.name)),
    ])
    return this.derive(UnionNode.create([left, right]))
  }

  /** The interface for writing a batch DataFrame once (`df.write.format(…).save(path)`). */
  get write(): DataFrameWriter {
    if (this.isStreaming) throw new AnalysisError('SL_API_WRITE_STREAMING_DATAFRAME', {})
    return new DataFrameWriter(this)
  }

  /** The interface for starting a streaming query. */
  get writeStream(): DataStreamWriter {
    if (!this.isStreaming) {
      throw new AnalysisError('SL_PLAN_UNSUPPORTED_OUTPUT_MODE', {
        mode: 'writeStream',
        reason: 'a batch DataFrame',
        hint: 'Use spark.readStream to read a stream; batch DataFrames are written with the Delta library or foreachBatch.',
      })
    }
    return new DataStreamWriter(this)
  }

  /** Number of rows (batch DataFrames only). */
  async count(): Promise<number> {
    const remote = this.sparkSession.remote
    if (remote) return (await remote.backend()).count(this.plan)
    const conf = this.sparkSession.conf
    return (await runBatchPlan(this.plan, conf.timeZone, 'count', conf.ansi)).rows.length
  }

  /** All rows as objects (batch DataFrames only). */
  async collect(): Promise<RowObject[]> {
    const { schema, rows } = await this.run('collect')
    return rows.map((r) => toRowObject(schema, r))
  }

  /** The first `n` rows. */
  async take(n: number): Promise<RowObject[]> {
    return (await this.collect()).slice(0, n)
  }

  /** Alias of {@link DataFrame.take}. */
  async head(n = 1): Promise<RowObject[]> {
    return this.take(n)
  }

  /** Prints the first `n` rows as Spark's ASCII table. */
  async show(n = 20, truncate = true): Promise<void> {
    process.stdout.write(await this.showString(n, truncate))
  }

  /** The text {@link DataFrame.show} prints. */
  async showString(n = 20, truncate = true): Promise<string> {
    const { schema, rows } = await this.run('show')
    let out = formatTable(
      schema,
      rows.slice(0, n),
      this.sparkSession.conf.timeZone,
      truncate ? 20 : false,
    )
    if (rows.length > n) out += `only showing top ${n} row${n === 1 ? '' : 's'}\n`
    return out
  }

  /** Prints the schema tree (`root |-- name: type (nullable = true)`). */
  async printSchema(): Promise<void> {
    process.stdout.write(treeString(await this.resolveSchema()))
  }

  /** The logical plan as text. */
  explain(): string {
    return explainPlan(this.plan)
  }

  /**
   * Rich display in a Jupyter notebook (Deno's kernel renders the cell's last expression with
   * it): the first 20 rows as an HTML table, `show()`'s text as the plain fallback.
   */
  async [JUPYTER_DISPLAY](): Promise<MimeBundle> {
    return dataFrameBundle(this)
  }

  /** @internal Rows in engine form (for sinks, tests and the CLI). */
  async collectRows(): Promise<{ schema: StructType; rows: Row[] }> {
    return this.run('collect')
  }

  /** Runs this batch plan on the session's engine: embedded, or Spark for a remote session. */
  private async run(action: 'collect' | 'show'): Promise<{ schema: StructType; rows: Row[] }> {
    const remote = this.sparkSession.remote
    if (remote) return (await remote.backend()).collect(this.plan, action)
    return runBatchPlan(
      this.plan,
      this.sparkSession.conf.timeZone,
      action,
      this.sparkSession.conf.ansi,
    )
  }

  private derive(plan: LogicalPlan): DataFrame {
    return new DataFrame(this.sparkSession, plan)
  }

  private schemaIsKnown(): boolean {
    try {
      outputSchema(this.plan)
      return true
    } catch (e) {
      if (e instanceof EngineError && e.code === 'SL_PLAN_SCHEMA_UNRESOLVED') return false
      throw e
    }
  }
}

/**
 * A join condition's `a.x` where `a` is one side's alias (`df.alias('a')`) and `x` its column:
 * that side's column, as `df.col('x')` would name it (two sides with one alias stay as written).
 */
function aliasedRefs(e: Expression, left: DataFrame, right: DataFrame): Expression {
  const sides = [left, right].flatMap((df) => {
    const alias = dataFrameAlias(df)
    return alias === undefined ? [] : [{ alias, df }]
  })
  if (sides.length === 0 || (sides.length === 2 && sides[0]!.alias === sides[1]!.alias)) return e
  return mapColumnRefs(e, (ref) => {
    if (ref.qualifier !== undefined) return ref
    for (const { alias, df } of sides) {
      const name = ref.name.startsWith(alias + '.') ? ref.name.slice(alias.length + 1) : undefined
      if (name !== undefined && fieldIndex(df.schema, name) >= 0)
        return ColumnRefNode.create(name, planQualifier(df.plan))
    }
    return ref
  })
}

/**
 * A reference to each column of `schema`: by name, or, for a name two columns have (after a
 * join), by `<alias>.<name>` when the column has an alias that tells it apart (Spark's
 * projections refer to attributes, so select('*') and withColumn keep both).
 */
function fieldRefs(schema: StructType): Expression[] {
  const names = schema.fields.map((f) => f.name)
  const qualified = qualifiedFieldNames(schema)
  return schema.fields.map((f, i) =>
    names.indexOf(f.name) !== names.lastIndexOf(f.name) &&
    qualified.indexOf(qualified[i]!) === qualified.lastIndexOf(qualified[i]!) &&
    qualified[i] !== f.name
      ? ColumnRefNode.create(qualified[i]!)
      : ColumnRefNode.create(f.name),
  )
}

function toColumnExpr(c: string | Column, usage: string): Expression {
  return typeof c === 'string' ? ColumnRefNode.create(c) : c.valueExpr(usage)
}

/** Spark's `printSchema` tree. */
export function treeString(schema: StructType): string {
  let out = 'root\n'
  const walk = (fields: StructType['fields'], depth: number): void => {
    for (const f of fields) {
      out += `${' |   '.repeat(depth)} |-- ${f.name}: ${typeName(f.dataType)} (nullable = ${f.nullable})\n`
      if (f.dataType.type === 'struct') walk(f.dataType.fields, depth + 1)
    }
  }
  walk(schema.fields, 0)
  return out
}

function typeName(t: DataType): string {
  if (t.type === 'struct') return 'struct'
  const s = simpleString(t)
  return s === 'bigint' ? 'long' : s === 'int' ? 'integer' : s
}
