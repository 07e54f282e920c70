/**
 * kafka.* TLS options: PEM files only (a Java JKS/PKCS12 store is refused by name instead of
 * failing the handshake obscurely), and Java's PEM keystore — private key and certificate chain in
 * one file — serves as both the client certificate and its key.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { kafkaClientConfig } from '../../../src/sources/kafka/kafka-client-config.js'
import { tempDir } from '../../support/temp-dir.js'

const KEY = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n'
const CERT = '-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n'

describe('kafkaClientConfig TLS files', () => {
  it("uses a Java PEM keystore's key when no ssl.key.location is given", async () => {
    const dir = await tempDir()
    const keystore = join(dir, 'keystore.pem')
    writeFileSync(keystore, KEY + CERT)
    const config = kafkaClientConfig({
      'bootstrap.servers': 'h:1',
      'security.protocol': 'SSL',
      'ssl.keystore.type': 'PEM',
      'ssl.keystore.location': keystore,
    })
    expect(config.tls).toMatchObject({ cert: KEY + CERT, key: KEY + CERT })
    // A certificate-only file with a separate key file: each its own.
    const cert = join(dir, 'cert.pem')
    const key = join(dir, 'key.pem')
    writeFileSync(cert, CERT)
    writeFileSync(key, KEY)
    const separate = kafkaClientConfig({
      'bootstrap.servers': 'h:1',
      'security.protocol': 'SSL',
      'ssl.certificate.location': cert,
      'ssl.key.location': key,
    })
    expect(separate.tls).toMatchObject({ cert: CERT, key: KEY })
    expect((separate.tls as { key?: string }).key).toBe(KEY)
  })

  it('refuses JKS/PKCS12 store types and files that are not PEM, naming the option', async () => {
    const dir = await tempDir()
    const binary = join(dir, 'store.jks')
    writeFileSync(binary, Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2]))
    expect(() =>
      kafkaClientConfig({
        'bootstrap.servers': 'h:1',
        'security.protocol': 'SSL',
        'ssl.truststore.type': 'JKS',
        'ssl.truststore.location': binary,
      }),
    ).toThrow(/kafka\.ssl\.truststore\.type.*only PEM/)
    expect(() =>
      kafkaClientConfig({
        'bootstrap.servers': 'h:1',
        'security.protocol': 'SASL_SSL',
        'sasl.mechanism': 'PLAIN',
        'sasl.jaas.config':
          'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p";',
        'ssl.truststore.location': binary,
      }),
    ).toThrow(/kafka\.ssl\.truststore\.location.*not a PEM file/)
    // Without TLS the store options mean nothing and pass.
    expect(() =>
      kafkaClientConfig({ 'bootstrap.servers': 'h:1', 'ssl.truststore.type': 'JKS' }),
    ).not.toThrow()
  })
})
