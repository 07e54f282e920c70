/**
 * kafka.* security options on the real broker's authenticated listeners (scripts/kafka-broker.sh:
 * SASL (PLAIN, SCRAM-SHA-256/512) without TLS on port + 2 and over TLS on port + 3 with a
 * certificate signed by the broker's own CA, and mutual TLS on port + 4): the options a Spark user
 * already has (security.protocol, sasl.mechanism, sasl.jaas.config, ssl.truststore/keystore as
 * PEM) read and write the same records as the plain listener; a wrong password, an untrusted
 * certificate and a missing client certificate are clear errors.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { col, SparkSession } from '../../src/index.js'
import { tempDir } from '../support/temp-dir.js'
import { upsertScramUser } from './support/scram.js'
import { KafkaTestCluster } from './support/topics.js'

const bootstrap = inject('kafkaBootstrap')
const port = Number(bootstrap.split(':')[1])
const TLS = fileURLToPath(new URL(`../../.cache/kafka/${port}/tls/`, import.meta.url))
const CA = join(TLS, 'ca.pem')
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

const scram = (mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512', tls: boolean) => ({
  ...(tls ? SASL_SSL : SASL_PLAINTEXT),
  'kafka.sasl.mechanism': mechanism,
  'kafka.sasl.jaas.config':
    'org.apache.kafka.common.security.scram.ScramLoginModule required username="scrammer" password="scram-secret";',
})
const MUTUAL_TLS = {
  'kafka.bootstrap.servers': `127.0.0.1:${port + 4}`,
  'kafka.security.protocol': 'SSL',
  'kafka.ssl.truststore.type': 'PEM',
  'kafka.ssl.truststore.location': CA,
}

let cluster: KafkaTestCluster
let topic: string
const values = ['one', 'two', 'three', 'four']
beforeAll(async () => {
  cluster = new KafkaTestCluster(bootstrap)
  topic = await cluster.createTopic('auth', 2)
  await upsertScramUser(cluster.admin, 'scrammer', 'scram-secret')
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
  it('SCRAM-SHA-256 and SCRAM-SHA-512, with and without TLS, read the same records', async () => {
    // The broker learns new SCRAM credentials from its metadata log a moment after the upsert.
    const deadline = Date.now() + 20_000
    for (const [mechanism, tls] of [
      ['SCRAM-SHA-256', false],
      ['SCRAM-SHA-512', false],
      ['SCRAM-SHA-256', true],
      ['SCRAM-SHA-512', true],
    ] as const) {
      for (;;) {
        const got = await readValues({
          ...scram(mechanism, tls),
          'kafka.default.api.timeout.ms': '3000',
        }).catch((e: unknown) => e as Error)
        if (Array.isArray(got)) {
          expect(got, `${mechanism} tls=${tls}`).toEqual([...values].sort())
          break
        }
        if (Date.now() > deadline) throw got
        await new Promise((r) => setTimeout(r, 500))
      }
    }
    const wrong = await readValues({
      ...scram('SCRAM-SHA-512', false),
      'kafka.sasl.jaas.config':
        'org.apache.kafka.common.security.scram.ScramLoginModule required username="scrammer" password="nope";',
      'kafka.default.api.timeout.ms': '5000',
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    )
    expect(wrong).toMatchObject({ code: 'SL_SOURCE_KAFKA_AUTHENTICATION_FAILED' })
  })

  it('mutual TLS: a client certificate as a Java PEM keystore or as cert + key files; without one the error names kafka.ssl.keystore.location', async () => {
    const dir = await tempDir()
    // Java's PEM keystore: the private key and the certificate chain in one file.
    const keystore = join(dir, 'client-keystore.pem')
    writeFileSync(
      keystore,
      readFileSync(join(TLS, 'client.key'), 'utf8') + readFileSync(join(TLS, 'client.pem'), 'utf8'),
    )
    expect(
      await readValues({
        ...MUTUAL_TLS,
        'kafka.ssl.keystore.type': 'PEM',
        'kafka.ssl.keystore.location': keystore,
      }),
    ).toEqual([...values].sort())
    expect(
      await readValues({
        ...MUTUAL_TLS,
        'kafka.ssl.certificate.location': join(TLS, 'client.pem'),
        'kafka.ssl.key.location': join(TLS, 'client.key'),
      }),
    ).toEqual([...values].sort())
    const refused = await readValues({
      ...MUTUAL_TLS,
      'kafka.default.api.timeout.ms': '5000',
    }).then(
      () => undefined,
      (e: unknown) => e as Error,
    )
    console.log('NO CLIENT CERT:', refused?.message)
    // TLS 1.3: the broker rejects the missing certificate after the handshake, so the client
    // only sees the connection close; the error says which option is missing.
    expect(refused).toMatchObject({ code: 'SL_SOURCE_KAFKA_BROKER_UNAVAILABLE' })
    expect(refused?.message).toMatch(/client certificates.*kafka\.ssl\.keystore\.location/)
  })
})
