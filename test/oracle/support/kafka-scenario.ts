/**
 * Differential scenarios over a Kafka topic: the records are produced once into a fresh topic on
 * the suite's broker (test/kafka/support/global-setup.ts), then Spark's Kafka source
 * (`spark-sql-kafka-0-10`, on the oracle's `spark.jars`) and ours read the same topic with the
 * same options, and every micro-batch, the progress (source end offsets included) and the final
 * Delta table are compared as for file scenarios (`harness.ts`).
 */
import { join } from 'node:path'
import { afterAll, inject } from 'vitest'
import { tempDir } from '../../support/temp-dir.js'
import { KafkaTestCluster, type TestRecord } from '../../kafka/support/topics.js'
import { compareRun, differentialTest, sparkEngineResult, type ScenarioRun } from './harness.js'
import { oracle, type OracleStreamResult } from './oracle-client.js'
import { runOurs, type OursRunSpec } from './run-ours.js'
import type { KnownDifference, PySparkQuery } from './scenario.js'

export type KafkaReadOptions = Readonly<Record<string, string | number | boolean>>

export interface KafkaScenario extends OursRunSpec {
  readonly name: string
  readonly partitions: number
  /** The records, produced in this order (a function: computed once, e.g. generated events). */
  readonly records: readonly TestRecord[] | (() => Promise<readonly TestRecord[]>)
  /**
   * Source options besides `kafka.bootstrap.servers`; default `{ subscribe: topic,
   * startingOffsets: 'earliest' }`, which these options extend or replace.
   */
  readonly readOptions?: (topic: string) => KafkaReadOptions
  /** Leave out `subscribe` (the scenario assigns or subscribes by pattern itself). */
  readonly noSubscribe?: boolean
  readonly pyQuery?: PySparkQuery
  readonly ignoreColumns?: readonly string[]
  readonly expectFailure?: boolean
  readonly knownDifferences?: readonly KnownDifference[]
}

export function defineKafkaScenarios(...scenarios: KafkaScenario[]): KafkaScenario[] {
  return scenarios
}

export async function runKafkaScenario(
  s: KafkaScenario,
  cluster: KafkaTestCluster,
): Promise<ScenarioRun> {
  const root = await tempDir('streamlake-oracle-kafka-')
  const topic = await cluster.createTopic('oracle', s.partitions)
  const records = typeof s.records === 'function' ? await s.records() : s.records
  await cluster.produce(topic, records)
  const options: Record<string, string | number | boolean> = {
    'kafka.bootstrap.servers': cluster.bootstrap,
    ...(s.noSubscribe ? {} : { subscribe: topic }),
    startingOffsets: 'earliest',
    ...s.readOptions?.(topic),
  }
  const [sparkRaw, ours] = await Promise.all([
    oracle<OracleStreamResult>({
      op: 'stream',
      name: s.name,
      format: 'kafka',
      input: null,
      schema: null,
      readOptions: options,
      query: s.pyQuery ?? null,
      trigger: s.trigger ?? 'availableNow',
      outputMode: s.outputMode ?? 'append',
      sessionTimeZone: s.sessionTimeZone ?? 'UTC',
      checkpoint: join(root, 'spark'),
      deltaPath: s.compareDelta ? join(root, 'spark', 'table') : null,
      mergeKeys: null,
      context: {},
      afterBatch: null,
    }),
    runOurs(s, '', join(root, 'ours'), {}, (spark) => {
      let reader = spark.readStream.format('kafka')
      for (const [k, v] of Object.entries(options)) reader = reader.option(k, v)
      return reader.load()
    }),
  ])
  const spark = sparkEngineResult(sparkRaw)
  const diffs = compareRun(ours, spark, s, 'records')
  return { ours, spark, diffs, root }
}

/** One vitest test per scenario, as `scenarioTests` (known differences included). */
export function kafkaScenarioTests(scenarios: readonly KafkaScenario[]): void {
  let cluster: KafkaTestCluster | undefined
  const clusterOf = () => (cluster ??= new KafkaTestCluster(inject('kafkaBootstrap')))
  afterAll(async () => {
    await cluster?.close()
  })
  for (const s of scenarios) differentialTest(s, () => runKafkaScenario(s, clusterOf()))
}
