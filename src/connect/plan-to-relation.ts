/**
 * Our logical plan as a Spark Connect `Relation` tree (spark/connect/relations.proto): the same
 * unresolved plan PySpark would send for the same DataFrame calls, so Spark analyses and runs it
 * as its own. Output columns get the names our analyzer gives them (an alias on each computed
 * column), so a query writes the same column names on both engines.
 *
 * Anything without a translation yet throws SL_CONNECT_UNSUPPORTED naming the operator, before
 * anything is sent.
 */
import type { MessageInitShape } from '@bufbuild/protobuf'
import { EngineError } from '../errors/index.js'
import { outputSchema } from '../plan/analyzer.js'
import { existingQualifier } from '../plan/plan-qualifier.js'
import type { Expression } from '../plan/expr/index.js'
import type { JoinType, LogicalPlan, SourceNode } from '../plan/nodes/index.js'
import { schemaToJson } from '../types/index.js'
import { alias, expressionToProto, type ExpressionInit } from './expression-to-proto.js'
import {
  Expression_SortOrder_NullOrdering,
  Expression_SortOrder_SortDirection,
} from './gen/expressions_pb.js'
import {
  Aggregate_GroupType,
  Join_JoinType,
  SetOperation_SetOpType,
  type ReadSchema,
  type RelationSchema,
} from './gen/relations_pb.js'
import { localRelation } from './local-relation.js'
import { checkSourceOptions } from './remote-options.js'
import { unsupported } from './unsupported.js'

/** @internal A Relation message, as `create()` takes it. */
export type RelationInit = MessageInitShape<typeof RelationSchema>

/** Formats Spark reads the way we describe them (path + options + schema). */
// kafka: the server needs spark-sql-kafka-0-10 on its classpath (scripts/spark-connect-server.sh
// puts it there) and reaches the brokers itself: kafka.bootstrap.servers as the server sees them.
const SOURCE_FORMATS = new Set(['json', 'delta', 'parquet', 'csv', 'text', 'kafka', 'rate'])

/**
 * @internal How the relations of one translation are numbered (Spark's `RelationCommon.plan_id`),
 * and which plan id each DataFrame that a `df.col(name)` was taken from got.
 */
interface PlanIds {
  next: number
  readonly byQualifier: Map<string, bigint>
}

/** @internal Translates a plan; `planIds` numbers the relations. */
export function planToRelation(
  plan: LogicalPlan,
  planIds: PlanIds = { next: 0, byQualifier: new Map() },
): RelationInit {
  const common = { planId: BigInt(planIds.next++) }
  const qualifier = existingQualifier(plan)
  if (qualifier !== undefined) planIds.byQualifier.set(qualifier, common.planId)
  const child = (p: LogicalPlan): RelationInit => planToRelation(p, planIds)
  // Children are translated before the expressions over them, so their plan ids are known.
  const qualified = (q: string): bigint | undefined => planIds.byQualifier.get(q)
  const expr = (e: Expression): ExpressionInit => expressionToProto(e, undefined, qualified)
  switch (plan.kind) {
    case 'SourceNode':
      return { common, relType: { case: 'read', value: readOf(plan) } }
    case 'ProjectNode':
      return {
        common,
        relType: {
          case: 'project',
          value: {
            input: child(plan.child),
            expressions: named(plan.projections, namesOf(plan), expr),
          },
        },
      }
    case 'FilterNode':
      return {
        common,
        relType: {
          case: 'filter',
          value: { input: child(plan.child), condition: expr(plan.condition) },
        },
      }
    case 'WatermarkNode':
      return {
        common,
        relType: {
          case: 'withWatermark',
          value: { input: child(plan.child), eventTime: plan.column, delayThreshold: plan.delay },
        },
      }
    case 'AggregateNode': {
      const names = namesOf(plan)
      return {
        common,
        relType: {
          case: 'aggregate',
          value: {
            input: child(plan.child),
            groupType: Aggregate_GroupType.GROUPBY,
            groupingExpressions: named(plan.grouping, names, expr),
            aggregateExpressions: named(plan.aggregates, names?.slice(plan.grouping.length), expr),
          },
        },
      }
    }
    case 'DeduplicateNode':
      return {
        common,
        relType: {
          case: 'deduplicate',
          value: {
            input: child(plan.child),
            columnNames: [...plan.keys],
            allColumnsAsKeys: plan.keys.length === 0,
            withinWatermark: plan.withinWatermark,
          },
        },
      }
    case 'JoinNode': {
      const left = child(plan.left)
      const right = child(plan.right)
      const sides = { left: planIdOf(left), right: planIdOf(right) }
      return {
        common,
        relType: {
          case: 'join',
          value: {
            left,
            right,
            joinType: JOIN_TYPES[plan.joinType],
            usingColumns: [...plan.using],
            ...(plan.condition ? { joinCondition: expressionToProto(plan.condition, sides) } : {}),
          },
        },
      }
    }
    case 'UnionNode': {
      // Our union is n-ary; Spark's SetOperation is binary: ((a ∪ b) ∪ c), by position, ALL.
      // unionByName already put the other side's columns in this side's order (a projection).
      const [first, ...rest] = plan.children.map(child)
      return rest.reduce<RelationInit>(
        (acc, next, i) => ({
          common: i === rest.length - 1 ? common : { planId: BigInt(planIds.next++) },
          relType: {
            case: 'setOp',
            value: {
              leftInput: acc,
              rightInput: next,
              setOpType: SetOperation_SetOpType.UNION,
              isAll: true,
              byName: false,
            },
          },
        }),
        first!,
      )
    }
    case 'LocalRelationNode':
      return { common, relType: { case: 'localRelation', value: localRelation(plan) } }
    case 'SubqueryAliasNode':
      return {
        common,
        relType: { case: 'subqueryAlias', value: { input: child(plan.child), alias: plan.alias } },
      }
    case 'SortNode': {
      const input = child(plan.child)
      return {
        common,
        relType: {
          case: 'sort',
          value: {
            input,
            isGlobal: true,
            order: plan.orders.map((o) => ({
              child: expr(o.expr),
              direction: o.ascending
                ? Expression_SortOrder_SortDirection.ASCENDING
                : Expression_SortOrder_SortDirection.DESCENDING,
              nullOrdering: o.nullsFirst
                ? Expression_SortOrder_NullOrdering.SORT_NULLS_FIRST
                : Expression_SortOrder_NullOrdering.SORT_NULLS_LAST,
            })),
          },
        },
      }
    }
  }
}

const JOIN_TYPES: Readonly<Record<JoinType, Join_JoinType>> = {
  inner: Join_JoinType.INNER,
  left_outer: Join_JoinType.LEFT_OUTER,
  right_outer: Join_JoinType.RIGHT_OUTER,
  full_outer: Join_JoinType.FULL_OUTER,
}

function planIdOf(relation: RelationInit): bigint {
  const id = relation.common?.planId
  if (id === undefined)
    throw new EngineError('SL_INTERNAL_INVARIANT', { message: 'a relation without a plan id' })
  return id
}

function readOf(source: SourceNode): MessageInitShape<typeof ReadSchema> {
  if (!SOURCE_FORMATS.has(source.format))
    throw unsupported(
      `format('${source.format}')`,
      `The ${source.format} source`,
      `Sources that run on Spark: ${[...SOURCE_FORMATS].join(', ')}.`,
    )
  checkSourceOptions(source.format, source.options)
  return {
    isStreaming: source.isStreaming,
    readType: {
      case: 'dataSource',
      value: {
        format: source.format,
        options: { ...source.options },
        paths: source.path === undefined ? [] : [source.path],
        // Kafka's and rate's columns are fixed: Spark refuses any schema, even its own.
        ...(source.schema && source.format !== 'kafka' && source.format !== 'rate'
          ? { schema: schemaToJson(source.schema) }
          : {}),
      },
    },
  }
}

/** Our output column names, or undefined when the schema is only known at run time (a Delta read). */
function namesOf(plan: LogicalPlan): string[] | undefined {
  try {
    return outputSchema(plan).fields.map((f) => f.name)
  } catch (e) {
    if (e instanceof EngineError && e.code === 'SL_PLAN_SCHEMA_UNRESOLVED') return undefined
    throw e
  }
}

/** Each expression under the name our analyzer gives it (plain column references keep theirs). */
function named(
  exprs: readonly Expression[],
  names: readonly string[] | undefined,
  toProto: (e: Expression) => ExpressionInit,
): ExpressionInit[] {
  return exprs.map((e, i) => {
    const proto = toProto(e)
    const name = names?.[i]
    if (name === undefined || e.kind === 'AliasNode') return proto
    if (e.kind === 'ColumnRefNode' && e.name === name) return proto
    return alias(proto, name)
  })
}
