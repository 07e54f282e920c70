/**
 * SCRAM credentials for a user, created through Kafka's AlterUserScramCredentials API (what
 * `kafka-configs --alter --add-config 'SCRAM-SHA-256=[password=…]'` sends): the salted password
 * is PBKDF2 over the password, as RFC 5802 defines it. Upserting is idempotent, so a broker whose
 * state predates the SCRAM listeners gets the user too.
 */
import { pbkdf2Sync, randomBytes } from 'node:crypto'
import * as kafka from '@platformatic/kafka'

const MECHANISMS = [
  { id: 1, digest: 'sha256', length: 32 }, // SCRAM-SHA-256
  { id: 2, digest: 'sha512', length: 64 }, // SCRAM-SHA-512
] as const

export async function upsertScramUser(
  admin: kafka.Admin,
  name: string,
  password: string,
): Promise<void> {
  const iterations = 4096
  const upsertions = MECHANISMS.map((m) => {
    const salt = randomBytes(16)
    return {
      name,
      mechanism: m.id,
      iterations,
      salt,
      saltedPassword: pbkdf2Sync(password, salt, iterations, m.length, m.digest),
    }
  })
  // One mechanism per request: the broker answers DUPLICATE_RESOURCE to a user named twice.
  for (const upsertion of upsertions)
    await new Promise<void>((resolve, reject) => {
      admin[kafka.kGetBootstrapConnection]((error, connection) => {
        if (error) return reject(error)
        kafka.alterUserScramCredentialsV0.api(connection!, [], [upsertion], (error) =>
          error ? reject(error) : resolve(),
        )
      })
    })
}
