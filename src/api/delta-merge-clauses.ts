/**
 * MERGE's clauses and how their conditions and values resolve. Every expression of a MERGE is
 * evaluated over one row of two struct columns — the target row under the target's alias and the
 * source row under the source's (`t.id`, `s.id` are then plain nested field paths), null for the
 * side a not-matched row lacks, as in the outer join Delta's MergeIntoCommand runs. A bare name
 * resolves to the one side that has it (both: SL_PLAN_AMBIGUOUS_REFERENCE, as in Spark), and
 * `source.col(name)` to the source. Delta's rules checked here: at least one clause; within each
 * kind only the last clause may omit its condition; NOT MATCHED clauses see only the source,
 * NOT MATCHED BY SOURCE clauses only the target.
 */
import { AnalysisError, EngineError } from '../errors/index.js'
import { mapColumnRefs } from '../plan/join-condition.js'
import { existingQualifier } from '../plan/plan-qualifier.js'
import { ColumnRefNode, CastNode, referencedColumns, type Expression } from '../plan/expr/index.js'
import { resolveExpression } from '../plan/resolve-expression.js'
import { structField, structType, type StructType } from '../types/index.js'
import { Column, type ColumnOrValue } from './column.js'
import type { DataFrame } from './dataframe.js'
import type { DeltaCondition } from './delta-table-dml.js'
import { lit } from './functions.js'
import { parseSqlExpression } from './sql-predicate.js'

/** Which rows a clause applies to. */
export type MergeClauseKind = 'matched' | 'notMatched' | 'notMatchedBySource'

/** One WHEN clause as the builder records it. */
export interface MergeClause {
  readonly kind: MergeClauseKind
  readonly action: 'update' | 'delete' | 'insert'
  /** updateAll / insertAll: every target column from the source column of the same name. */
  readonly all?: boolean
  readonly condition?: DeltaCondition
  /** Target column → value (a Column, a SQL expression string, or a literal). */
  readonly assignments?: Readonly<Record<string, ColumnOrValue>>
}

/** A clause with its condition and the full new target row resolved over the merge row. */
export interface ResolvedClause {
  readonly clause: MergeClause
  readonly condition: Column | undefined
  /** The new target row (update, insert), one value per target column; undefined for delete. */
  readonly values: readonly Column[] | undefined
}

const METHOD: Record<MergeClauseKind, Record<MergeClause['action'], string>> = {
  matched: { update: 'whenMatchedUpdate', delete: 'whenMatchedDelete', insert: '' },
  notMatched: { update: '', delete: '', insert: 'whenNotMatchedInsert' },
  notMatchedBySource: {
    update: 'whenNotMatchedBySourceUpdate',
    delete: 'whenNotMatchedBySourceDelete',
    insert: '',
  },
}

/** The builder method a clause came from, for messages. */
export function clauseMethod(c: MergeClause): string {
  return METHOD[c.kind][c.action] + (c.all ? 'All' : '')
}

/** Delta's clause-list rules (DeltaMergeInto / PreprocessTableMerge). */
export function checkClauses(clauses: readonly MergeClause[]): void {
  if (clauses.length === 0)
    throw new EngineError('SL_API_INVALID_ARGUMENT', {
      argument: 'clauses',
      function: 'merge().execute',
      value: 'none',
      hint: 'There must be at least one when… clause in a MERGE, e.g. .whenMatchedUpdateAll().whenNotMatchedInsertAll().',
    })
  for (const kind of ['matched', 'notMatched', 'notMatchedBySource'] as const) {
    const ofKind = clauses.filter((c) => c.kind === kind)
    const early = ofKind.slice(0, -1).find((c) => c.condition === undefined)
    if (early)
      throw new EngineError('SL_API_INVALID_ARGUMENT', {
        argument: 'condition',
        function: clauseMethod(early),
        value: 'none',
        hint: `When a MERGE has more than one ${kind} clause, only the last one may omit its condition (clauses apply in order, so the later ones could never run). Add a condition or move it last.`,
      })
  }
}

/** The names and schemas a MERGE's expressions resolve against. */
export class MergeScope {
  /** The merge row: the target row, then the source row, as two struct columns. */
  readonly schema: StructType

  constructor(
    readonly target: { readonly name: string; readonly schema: StructType },
    readonly source: {
      readonly name: string
      readonly schema: StructType
      readonly df: DataFrame
    },
  ) {
    this.schema = structType([
      structField(target.name, structType(target.schema.fields), true),
      structField(source.name, structType(source.schema.fields), true),
    ])
  }

  /** `input` as an expression over the merge row (`what` names it in messages). */
  column(input: ColumnOrValue | DeltaCondition, what: string): Column {
    const column =
      input instanceof Column
        ? input
        : typeof input === 'string'
          ? parseSqlExpression(input, this.schema, what)
          : lit(input)
    return new Column(this.qualify(column.expr))
  }

  /** A condition: resolved now, so a bad column or a non-boolean fails before anything runs. */
  condition(input: DeltaCondition, what: string): Column {
    const c = this.column(input, what)
    const r = resolveExpression(c.expr, this.schema)
    if (r.dataType.type !== 'boolean')
      throw new EngineError('SL_API_INVALID_ARGUMENT', {
        argument: 'condition',
        function: what,
        value: `${r.name} of type ${r.dataType.type}`,
        hint: 'A MERGE condition must be a boolean expression, e.g. "t.id = s.id".',
      })
    return c
  }

  /** Which sides an expression over the merge row reads. */
  sidesOf(e: Expression): Set<'target' | 'source'> {
    const out = new Set<'target' | 'source'>()
    for (const n of referencedColumns(e)) {
      if (n.startsWith(this.target.name + '.')) out.add('target')
      else if (n.startsWith(this.source.name + '.')) out.add('source')
    }
    return out
  }

  /** The clause's condition and new row over the merge row. */
  resolveClause(clause: MergeClause, evolvedTarget: StructType, evolving: boolean): ResolvedClause {
    const method = clauseMethod(clause)
    const condition =
      clause.condition === undefined
        ? undefined
        : this.condition(clause.condition, `${method} condition`)
    const values =
      clause.action === 'delete' ? undefined : this.newRow(clause, evolvedTarget, evolving)
    const only =
      clause.kind === 'notMatched' ? 'source' : clause.kind === 'notMatchedBySource' ? 'target' : ''
    if (only) {
      for (const e of [condition, ...(values ?? [])]) {
        if (!e) continue
        const other = [...this.sidesOf(e.expr)].find((s) => s !== only)
        if (other)
          throw new EngineError('SL_API_INVALID_ARGUMENT', {
            argument: clause.condition !== undefined && e === condition ? 'condition' : 'values',
            function: method,
            value: `${resolveExpression(e.expr, this.schema).name}`,
            hint: `A ${clause.kind === 'notMatched' ? 'not-matched source row has no target row' : 'target row not matched by the source has no source row'}: this clause may only use ${only} columns.`,
          })
      }
    }
    return { clause, condition, values }
  }

  private newRow(clause: MergeClause, target: StructType, evolving: boolean): Column[] {
    const method = clauseMethod(clause)
    const assigned = new Map<string, Column>()
    for (const [key, value] of Object.entries(clause.assignments ?? {})) {
      const name = this.targetColumnName(key)
      if (!target.fields.some((f) => f.name === name))
        throw new EngineError('SL_API_INVALID_ARGUMENT', {
          argument: clause.action === 'insert' ? 'values' : 'set',
          function: method,
          value: key,
          hint: `Assign columns of the target table: ${target.fields.map((f) => f.name).join(', ')}.`,
        })
      assigned.set(name, this.column(value, `${method} ${key}`))
    }
    return target.fields.map((f) => {
      let value = assigned.get(f.name)
      const inSource = this.source.schema.fields.some((s) => s.name === f.name)
      // With schema evolution a target column the source lacks keeps its value (or is null).
      if (!value && clause.all && (inSource || !evolving)) {
        if (!inSource)
          throw new EngineError('SL_API_INVALID_ARGUMENT', {
            argument: 'source',
            function: method,
            value: f.name,
            hint: `${method} sets every target column from the source column of the same name, and the source has no ${f.name} (it has ${this.source.schema.fields.map((s) => s.name).join(', ')}). Use ${clause.action === 'insert' ? 'whenNotMatchedInsert({ values })' : 'whenMatchedUpdate({ set })'} to name the columns.`,
          })
        value = new Column(ColumnRefNode.create(`${this.source.name}.${f.name}`))
      }
      if (!value) {
        // Updates keep unassigned columns; inserts (and columns new to the table) are null.
        const kept =
          clause.action === 'update' && this.target.schema.fields.some((t) => t.name === f.name)
        value = kept ? new Column(ColumnRefNode.create(`${this.target.name}.${f.name}`)) : lit(null)
      }
      // Store assignment: the value takes the column's type.
      resolveExpression(value.expr, this.schema)
      return new Column(CastNode.create(value.expr, f.dataType))
    })
  }

  /** A set/values key: a target column, optionally qualified with the target's alias. */
  private targetColumnName(key: string): string {
    const prefix = this.target.name + '.'
    return key.startsWith(prefix) ? key.slice(prefix.length) : key
  }

  private qualify(e: Expression): Expression {
    const t = this.target
    const s = this.source
    const sourceId = existingQualifier(s.df.plan)
    return mapColumnRefs(e, (ref) => {
      if (ref.qualifier !== undefined && ref.qualifier === sourceId)
        return ColumnRefNode.create(`${s.name}.${ref.name}`)
      const dot = ref.name.indexOf('.')
      const head = dot < 0 ? ref.name : ref.name.slice(0, dot)
      if (dot > 0 && (head === t.name || head === s.name)) return ColumnRefNode.create(ref.name)
      const inTarget = t.schema.fields.some((f) => f.name === head)
      const inSource = s.schema.fields.some((f) => f.name === head)
      if (inTarget && inSource)
        throw new AnalysisError(
          'SL_PLAN_AMBIGUOUS_REFERENCE',
          { name: ref.name, count: 2 },
          { option: ref.name },
        )
      if (inTarget) return ColumnRefNode.create(`${t.name}.${ref.name}`)
      if (inSource) return ColumnRefNode.create(`${s.name}.${ref.name}`)
      return ColumnRefNode.create(ref.name)
    })
  }
}
