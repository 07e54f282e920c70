/**
 * kafka.* security options on the real broker's authenticated listeners (scripts/kafka-broker.sh:
 * SASL/PLAIN without TLS on port + 2, SASL/PLAIN over TLS on port + 3 with a certificate signed by
 * the broker's own CA): the options a Spark user already has (security.protocol, sasl.mechanism,
 * sasl.jaas.config, ssl.truststore.type=PEM + location) read and write the same records as the
 * plain listener; a wrong password and an untrusted certificate are clear errors.
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { col, SparkSession } from '../../src/index.js'
import { tempDir } from '../support/temp-dir.js'
import { KafkaTestCluster } from './support/topics.js'

const bootstrap = inject('kafkaBootstrap')
const port = Number(bootstrap.split(':')[1])
const CA = fileURLToPath(new URL(`../../.cache/kafka/${port}/tls/ca.pem`, import.meta.url))
const jaas = (password: string) =>
  `org.apache.kafka.common.security.plain.PlainLoginModule required username="streamlake" password="${password}";`

const SASL_PLAINTEXT = {
  'kafka.bootstrap.servers': `127.0.0.1:${port + 2}`,
  'kafka.security.protocol': 'SASL_PLAINTEXT',
  'kafka.sasl.mechanism': 'PLAIN',
  'kafka.sasl.jaas.config': jaas('streamlake-secret'),
}
const SASL_SSL = {
  ...SASL_PLAINTEXT,
  'kafka.bootstrap.servers': `127.0.0.1:${port + 3}`,
  'kafka.security.protocol': 'SASL_SSL',
  'kafka.ssl.truststore.type': 'PEM',
  'kafka.ssl.truststore.location': CA,
}

let cluster: KafkaTestCluster
let topic: string
const values = ['one', 'two', 'three', 'four']
beforeAll(async () => {
  cluster = new KafkaTestCluster(bootstrap)
  topic = await cluster.createTopic('auth', 2)
  await cluster.produce(
    topic,
    values.map((value, i) => ({ partition: i % 2, value })),
  )
})
afterAll(async () => {
  await cluster.close()
})

const session = (): SparkSession => SparkSession.builder().getOrCreate().newSession()

async function readValues(options: Record<string, string>, t = topic): Promise<string[]> {
  const { rows } = await session()
    .read.format('kafka')
    .options({ ...options, subscribe: t })
    .load()
    .select(col('value').cast('string'))
    .collectRows()
  return rows.map((r) => r[0] as string).sort()
}

describe('Kafka with SASL and TLS', () => {
  it('SASL_PLAINTEXT + PLAIN reads the records the plain listener holds', async () => {
    expect(await readValues(SASL_PLAINTEXT)).toEqual([...values].sort())
  })

  it('SASL_SSL + PLAIN with the CA as a PEM truststore: a stream to Delta and a batch write back', async () => {
    const root = await tempDir()
    const spark = session()
    const q = await spark.readStream
      .format('kafka')
      .options({ ...SASL_SSL, subscribe: topic, startingOffsets: 'earliest' })
      .load()
      .select(col('value').cast('string').alias('v'))
      .writeStream.format('delta')
      .option('checkpointLocation', join(root, 'checkpoint'))
      .trigger({ availableNow: true })
      .start(join(root, 'table'))
    expect(await q.awaitTermination(60_000)).toBe(true)
    const { rows } = await spark.read.format('delta').load(join(root, 'table')).collectRows()
    expect(rows.map((r) => r[0]).sort()).toEqual([...values].sort())

    const out = await cluster.createTopic('auth-out', 1)
    await spark
      .createDataFrame([['x'], ['y']], 'value STRING')
      .write.format('kafka')
      .options({ ...SASL_SSL, topic: out })
      .save()
    expect(await readValues({ 'kafka.bootstrap.servers': bootstrap }, out)).toEqual(['x', 'y'])
  })

  it('a wrong password and an untrusted server certificate fail at once with errors that say what to check', async () => {
    const wrong = await readValues({
      ...SASL_PLAINTEXT,
      'kafka.sasl.jaas.config': jaas('not-the-password'),
      'kafka.default.api.timeout.ms': '5000',
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    )
    console.log('WRONG:', wrong?.message)
    expect(wrong).toMatchObject({ code: 'SL_SOURCE_KAFKA_AUTHENTICATION_FAILED' })
    expect(wrong?.message).toMatch(/kafka\.sasl\.jaas\.config/)
    // Without the truststore options the system's CAs are used, which do not know the broker's.
    const noCa: Record<string, string> = { ...SASL_SSL }
    delete noCa['kafka.ssl.truststore.location']
    delete noCa['kafka.ssl.truststore.type']
    const untrusted = await readValues({ ...noCa, 'kafka.default.api.timeout.ms': '5000' }).then(
      () => undefined,
      (e: unknown) => e as Error,
    )
    console.log('UNTRUSTED:', untrusted?.message)
    expect(untrusted).toMatchObject({ code: 'SL_SOURCE_KAFKA_TLS_FAILED' })
    expect(untrusted?.message).toMatch(/self-signed certificate/)
    expect(untrusted?.message).toMatch(/kafka\.ssl\.truststore\.location/)
  })
})
